//! Session registry: liveness, load and the least-busy choice.

use super::harness::Harness;
use std::collections::BTreeMap;
use std::time::Duration;
use streamvault_coord::prelude::*;
use streamvault_coord::{CoordError, Requirements, SessionSpec, SessionState};

const LONG: Duration = Duration::from_secs(60);
const ANY: Requirements = Requirements {
    needs_premium: false,
    needs_peer: None,
};

/// The state of one session, by name.
pub async fn state(coord: &dyn Coordinator, id: &str) -> SessionState {
    let all = coord.sessions().await.expect("sessions");
    all.into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("session {id} is not listed"))
}

/// Registers plain sessions with a long TTL.
pub async fn register_all(coord: &dyn Coordinator, ids: &[&str]) {
    for id in ids {
        coord
            .register(id, SessionSpec::default(), LONG)
            .await
            .expect("register");
    }
}

pub async fn registered_session_is_alive_until_its_heartbeat_lapses(h: &Harness) {
    let ttl = Duration::from_millis(600);
    h.coord
        .register("s1", SessionSpec { premium: true }, ttl)
        .await
        .expect("register");
    let s = state(&*h.twin, "s1").await;
    assert!(
        s.alive && s.premium && s.dead.is_none() && s.cooldown.is_none(),
        "{s:?}"
    );
    h.pass(Duration::from_millis(300)).await;
    h.twin.heartbeat("s1", ttl).await.expect("heartbeat");
    h.pass(Duration::from_millis(400)).await;
    assert!(
        state(&*h.coord, "s1").await.alive,
        "the heartbeat extended the first TTL"
    );
    assert_eq!(
        h.coord.choose(&ANY).await.expect("choose").as_deref(),
        Some("s1")
    );
    h.pass(Duration::from_millis(400)).await;
    assert!(!state(&*h.coord, "s1").await.alive, "the heartbeat lapsed");
    assert_eq!(
        h.twin.choose(&ANY).await.expect("choose"),
        None,
        "a lapsed session gets no work"
    );
    h.coord
        .heartbeat("s1", ttl)
        .await
        .expect("a late heartbeat revives a known session");
    assert!(state(&*h.coord, "s1").await.alive);
    h.coord.deregister("s1").await.expect("deregister");
    let s = state(&*h.coord, "s1").await;
    assert!(!s.alive, "deregistered at once, still listed: {s:?}");
}

pub async fn unknown_sessions_are_reported(h: &Harness) {
    let c = &h.coord;
    let unknown = |r: Result<(), CoordError>, what: &str| {
        assert!(
            matches!(&r, Err(CoordError::UnknownSession(id)) if id == "ghost"),
            "{what}: {r:?}"
        );
    };
    unknown(c.heartbeat("ghost", LONG).await, "heartbeat");
    unknown(c.deregister("ghost").await, "deregister");
    unknown(c.note_peer("ghost", -1001).await, "note_peer");
    unknown(c.add_load("ghost", 1, 1).await, "add_load");
    unknown(c.cooldown("ghost", LONG).await, "cooldown");
    unknown(
        c.cooldown_remaining("ghost").await.map(drop),
        "cooldown_remaining",
    );
    unknown(c.mark_dead("ghost", "banned").await, "mark_dead");
    assert!(
        c.sessions().await.expect("sessions").is_empty(),
        "nothing was registered by the failures"
    );
    assert_eq!(c.choose(&ANY).await.expect("choose"), None);
}

pub async fn choice_prefers_least_busy_and_reserves_a_job(h: &Harness) {
    let c = &*h.coord;
    register_all(c, &["a", "b", "c"]).await;
    c.add_load("a", 2, 0).await.expect("load");
    c.add_load("b", 1, 500).await.expect("load");
    c.add_load("c", 1, 100).await.expect("load");
    // Fewest jobs first, then fewest bytes in flight; each choice reserves one job.
    assert_eq!(c.choose(&ANY).await.expect("choose").as_deref(), Some("c"));
    assert_eq!(
        h.twin.choose(&ANY).await.expect("choose").as_deref(),
        Some("b")
    );
    assert_eq!(c.choose(&ANY).await.expect("choose").as_deref(), Some("a"));
    let jobs: Vec<(u64, u64)> = c
        .sessions()
        .await
        .expect("sessions")
        .iter()
        .map(|s| (s.jobs, s.bytes))
        .collect();
    assert_eq!(
        jobs,
        [(3, 0), (2, 500), (2, 100)],
        "sessions are listed by name with their load"
    );
    c.add_load("b", -1, -200).await.expect("subtract");
    assert_eq!(
        (state(c, "b").await.jobs, state(c, "b").await.bytes),
        (1, 300)
    );
    c.add_load("a", -10, -10)
        .await
        .expect("subtract below zero");
    assert_eq!(
        (state(c, "a").await.jobs, state(c, "a").await.bytes),
        (0, 0),
        "loads stop at zero"
    );
    c.add_load("a", 5, 0).await.expect("load");
    c.register("a", SessionSpec::default(), LONG)
        .await
        .expect("re-register");
    assert_eq!(
        state(c, "a").await.jobs,
        0,
        "registering again (a restart) resets the load"
    );
}

pub async fn concurrent_choices_spread_evenly(h: &Harness) {
    let ids: Vec<String> = (0..10).map(|i| format!("s{i:02}")).collect();
    register_all(
        &*h.coord,
        &ids.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    let tasks = (0..50).map(|i| {
        let coord = h.either(i);
        tokio::spawn(async move {
            coord
                .choose(&ANY)
                .await
                .expect("choose")
                .expect("a session is eligible")
        })
    });
    let mut picked: BTreeMap<String, u64> = BTreeMap::new();
    for chosen in futures::future::join_all(tasks).await {
        *picked.entry(chosen.expect("task")).or_default() += 1;
    }
    let listed: BTreeMap<String, u64> = h
        .coord
        .sessions()
        .await
        .expect("sessions")
        .into_iter()
        .map(|s| (s.id, s.jobs))
        .collect();
    assert_eq!(
        picked, listed,
        "every choice reserved exactly one job on the session it returned"
    );
    let (max, min) = (
        listed.values().max().copied(),
        listed.values().min().copied(),
    );
    assert_eq!(listed.len(), 10);
    assert_eq!(listed.values().sum::<u64>(), 50);
    assert!(
        max.zip(min).is_some_and(|(max, min)| max - min <= 1),
        "uneven spread: {listed:?}"
    );
}
