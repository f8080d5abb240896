//! Session registry: choosing among some sessions, and the tie-break between equals.

use super::harness::Harness;
use super::sessions::{register_all, state};
use std::time::Duration;
use streamvault_coord::Requirements;

const LONG: Duration = Duration::from_secs(60);
const ANY: Requirements = Requirements {
    needs_premium: false,
    needs_peer: None,
};

pub async fn choice_among_takes_only_the_listed_sessions(h: &Harness) {
    register_all(&*h.coord, &["a1", "a2", "b1"]).await;
    h.coord.add_load("a1", 1, 0).await.expect("load");
    let mine = ["a1".to_owned(), "a2".to_owned(), "never".to_owned()];
    assert_eq!(
        h.twin.choose(&ANY).await.expect("choose").as_deref(),
        Some("a2"),
        "unrestricted: the least busy of all (now reserved)"
    );
    assert_eq!(
        h.coord
            .choose_among(&ANY, &mine)
            .await
            .expect("choose")
            .as_deref(),
        Some("a1"),
        "a1 and a2 both have one job; a1 was chosen less recently; b1 is not mine"
    );
    assert_eq!(
        h.twin
            .choose_among(&ANY, &mine[1..2])
            .await
            .expect("choose")
            .as_deref(),
        Some("a2"),
        "busier than b1, but the only one listed"
    );
    h.coord.cooldown("a1", LONG).await.expect("cooldown");
    h.coord
        .mark_dead("a2", "SESSION_REVOKED")
        .await
        .expect("dead");
    assert_eq!(
        h.twin.choose_among(&ANY, &mine).await.expect("choose"),
        None,
        "none of the listed sessions is eligible; an unregistered name is ignored"
    );
    assert_eq!(h.twin.choose_among(&ANY, &[]).await.expect("choose"), None);
    assert_eq!(
        state(&*h.coord, "b1").await.jobs,
        0,
        "b1 was never reserved"
    );
    assert_eq!(state(&*h.coord, "a2").await.jobs, 2);
}

pub async fn ties_go_to_the_session_chosen_least_recently(h: &Harness) {
    register_all(&*h.coord, &["a", "b", "c"]).await;
    let mut order = Vec::new();
    for i in 0..6 {
        let chosen = h
            .either(i)
            .choose(&ANY)
            .await
            .expect("choose")
            .expect("one");
        h.coord.add_load(&chosen, -1, 0).await.expect("done");
        order.push(chosen);
    }
    assert_eq!(order, ["a", "b", "c", "a", "b", "c"], "equal loads rotate");
    h.coord.add_load("a", 1, 0).await.expect("load");
    let next = h.coord.choose(&ANY).await.expect("choose");
    assert_eq!(next.as_deref(), Some("b"), "load still comes first");
}
