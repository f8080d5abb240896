//! Session registry: eligibility, shared cooldowns and dead sessions.

use super::harness::Harness;
use super::sessions::{register_all, state};
use std::time::Duration;
use streamvault_coord::{Requirements, SessionSpec};

const LONG: Duration = Duration::from_secs(60);
const CHANNEL: i64 = -100_123_456;
const ANY: Requirements = Requirements {
    needs_premium: false,
    needs_peer: None,
};

pub async fn choice_only_takes_eligible_sessions(h: &Harness) {
    let c = &*h.coord;
    let premium = SessionSpec { premium: true };
    register_all(c, &["free", "peer"]).await;
    for id in ["prem", "cool", "dead", "gone"] {
        c.register(id, premium, LONG).await.expect("register");
    }
    for id in ["peer", "cool", "dead", "gone"] {
        c.note_peer(id, CHANNEL).await.expect("note peer");
    }
    c.cooldown("cool", LONG).await.expect("cooldown");
    c.mark_dead("dead", "AUTH_KEY_UNREGISTERED")
        .await
        .expect("mark dead");
    c.deregister("gone").await.expect("deregister");

    let big = Requirements {
        needs_premium: true,
        needs_peer: None,
    };
    let in_channel = Requirements {
        needs_premium: false,
        needs_peer: Some(CHANNEL),
    };
    let both = Requirements {
        needs_premium: true,
        needs_peer: Some(CHANNEL),
    };
    assert_eq!(
        h.twin.choose(&big).await.expect("choose").as_deref(),
        Some("prem")
    );
    assert_eq!(
        h.twin.choose(&big).await.expect("choose").as_deref(),
        Some("prem"),
        "the only premium one"
    );
    assert_eq!(
        h.twin.choose(&in_channel).await.expect("choose").as_deref(),
        Some("peer")
    );
    assert_eq!(
        h.twin.choose(&both).await.expect("choose"),
        None,
        "no live premium session has the peer"
    );
    h.twin.note_peer("prem", CHANNEL).await.expect("note peer");
    h.twin
        .note_peer("prem", CHANNEL)
        .await
        .expect("noting a peer twice is harmless");
    assert_eq!(
        h.twin.choose(&both).await.expect("choose").as_deref(),
        Some("prem")
    );

    let listed: Vec<(String, bool, bool, bool, Option<String>, u64)> = c
        .sessions()
        .await
        .expect("sessions")
        .into_iter()
        .map(|s| {
            (
                s.id,
                s.premium,
                s.alive,
                s.cooldown.is_some(),
                s.dead,
                s.peers,
            )
        })
        .collect();
    let dead = Some("AUTH_KEY_UNREGISTERED".to_owned());
    let expected = [
        ("cool", true, true, true, None, 1),
        ("dead", true, true, false, dead, 1),
        ("free", false, true, false, None, 0),
        ("gone", true, false, false, None, 1),
        ("peer", false, true, false, None, 1),
        ("prem", true, true, false, None, 1),
    ]
    .map(|(id, p, a, cool, dead, peers)| (id.to_owned(), p, a, cool, dead, peers));
    assert_eq!(listed, expected);
}

pub async fn cooldown_is_shared_and_only_lengthens(h: &Harness) {
    register_all(&*h.coord, &["a", "b"]).await;
    h.coord.add_load("b", 3, 0).await.expect("load");
    let wait = Duration::from_millis(600);
    h.coord.cooldown("a", wait).await.expect("cooldown");
    // The other instance (another process) sees it at once.
    let left = h
        .twin
        .cooldown_remaining("a")
        .await
        .expect("remaining")
        .expect("cooling");
    h.assert_about(left, wait, "cooldown seen by the twin");
    assert_eq!(
        h.twin.cooldown_remaining("b").await.expect("remaining"),
        None
    );
    assert_eq!(
        h.twin.choose(&ANY).await.expect("choose").as_deref(),
        Some("b"),
        "busier, but not cooling"
    );
    h.twin
        .cooldown("a", Duration::from_millis(50))
        .await
        .expect("shorter cooldown");
    let left = h
        .coord
        .cooldown_remaining("a")
        .await
        .expect("remaining")
        .expect("still cooling");
    h.assert_about(left, wait, "a shorter cooldown does not cut the longer one");
    let listed = state(&*h.twin, "a")
        .await
        .cooldown
        .expect("listed as cooling");
    h.assert_about(listed, wait, "listed cooldown");
    h.pass(Duration::from_millis(700)).await;
    assert_eq!(
        h.coord.cooldown_remaining("a").await.expect("remaining"),
        None,
        "the cooldown ended"
    );
    assert_eq!(
        h.twin.choose(&ANY).await.expect("choose").as_deref(),
        Some("a"),
        "back in rotation"
    );
}

pub async fn dead_sessions_leave_rotation_until_registered_again(h: &Harness) {
    register_all(&*h.coord, &["a", "b"]).await;
    h.coord.add_load("b", 1, 0).await.expect("load");
    h.twin
        .mark_dead("a", "USER_DEACTIVATED_BAN")
        .await
        .expect("mark dead");
    assert_eq!(
        state(&*h.coord, "a").await.dead.as_deref(),
        Some("USER_DEACTIVATED_BAN")
    );
    for _ in 0..3 {
        assert_eq!(
            h.coord.choose(&ANY).await.expect("choose").as_deref(),
            Some("b")
        );
    }
    h.coord.heartbeat("a", LONG).await.expect("heartbeat");
    assert!(
        state(&*h.coord, "a").await.dead.is_some(),
        "a heartbeat does not revive a dead session"
    );
    h.coord.cooldown("a", LONG).await.expect("cooldown");
    h.coord
        .register("a", SessionSpec::default(), LONG)
        .await
        .expect("log in again");
    let a = state(&*h.coord, "a").await;
    assert_eq!(a.dead, None, "registering again clears the dead mark");
    assert!(
        a.cooldown.is_some(),
        "but the account's FloodWait survives the restart: {a:?}"
    );
    h.coord.deregister("a").await.expect("deregister");
    h.coord
        .register("a", SessionSpec::default(), LONG)
        .await
        .expect("register");
    assert!(state(&*h.coord, "a").await.alive);
}
