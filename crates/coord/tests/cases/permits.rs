//! Heavy-task permits.

use super::harness::Harness;
use std::collections::BTreeSet;
use std::time::Duration;
use streamvault_coord::DEFAULT_HEAVY_TASK_LIMIT;

const LIMIT: u32 = DEFAULT_HEAVY_TASK_LIMIT;
const LONG: Duration = Duration::from_secs(60);

pub async fn heavy_permits_respect_the_limit_per_host(h: &Harness) {
    let c = &*h.coord;
    let mut held = Vec::new();
    for i in 0..LIMIT {
        let holder = format!("worker-{i}");
        let permit = c
            .acquire_heavy("host-a", &holder, LIMIT, LONG)
            .await
            .expect("acquire")
            .expect("granted");
        assert_eq!(
            (permit.host.as_str(), permit.holder.as_str()),
            ("host-a", holder.as_str())
        );
        held.push(permit);
    }
    let ids: BTreeSet<u64> = held.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), held.len(), "permit ids are unique");
    assert_eq!(
        h.twin
            .acquire_heavy("host-a", "late", LIMIT, LONG)
            .await
            .expect("acquire"),
        None,
        "host full"
    );
    let other = h
        .twin
        .acquire_heavy("host-b", "w", LIMIT, LONG)
        .await
        .expect("acquire");
    assert!(other.is_some(), "another host has its own slots");
    assert_eq!(
        h.twin.heavy_permits("host-a").await.expect("list"),
        held,
        "listed by id with holders"
    );

    assert!(
        h.twin.release_heavy(&held[2]).await.expect("release"),
        "released by any instance"
    );
    assert!(
        !c.release_heavy(&held[2]).await.expect("release"),
        "a permit is released once"
    );
    assert_eq!(
        c.heavy_permits("host-a").await.expect("list").len(),
        LIMIT as usize - 1
    );
    let again = c
        .acquire_heavy("host-a", "late", LIMIT, LONG)
        .await
        .expect("acquire");
    assert!(
        again.is_some_and(|p| !ids.contains(&p.id)),
        "the freed slot is granted with a new id"
    );
    assert_eq!(
        c.acquire_heavy("host-a", "late", LIMIT, LONG)
            .await
            .expect("acquire"),
        None
    );
    assert!(
        c.acquire_heavy("host-a", "late", LIMIT + 1, LONG)
            .await
            .expect("acquire")
            .is_some(),
        "a higher limit"
    );
}

pub async fn concurrent_permit_requests_grant_exactly_the_limit(h: &Harness) {
    let tasks = (0..20).map(|i| {
        let coord = h.either(i);
        tokio::spawn(async move {
            coord
                .acquire_heavy("host", &format!("task-{i}"), LIMIT, LONG)
                .await
        })
    });
    let mut granted = Vec::new();
    for result in futures::future::join_all(tasks).await {
        if let Some(permit) = result.expect("task").expect("acquire") {
            granted.push(permit);
        }
    }
    assert_eq!(
        granted.len(),
        LIMIT as usize,
        "exactly the limit was granted: {granted:?}"
    );
    assert_eq!(
        h.coord.heavy_permits("host").await.expect("list").len(),
        LIMIT as usize
    );
}

pub async fn lapsed_holders_free_their_permits(h: &Harness) {
    let ttl = Duration::from_millis(800);
    let mut crashed = Vec::new();
    for _ in 0..3 {
        crashed.push(
            h.coord
                .acquire_heavy("host", "crashed", LIMIT, ttl)
                .await
                .expect("acquire")
                .expect("granted"),
        );
    }
    let mut alive = Vec::new();
    for _ in 0..2 {
        alive.push(
            h.twin
                .acquire_heavy("host", "alive", LIMIT, ttl)
                .await
                .expect("acquire")
                .expect("granted"),
        );
    }
    assert_eq!(
        h.coord
            .acquire_heavy("host", "new", LIMIT, ttl)
            .await
            .expect("acquire"),
        None,
        "full"
    );
    h.pass(Duration::from_millis(400)).await;
    for permit in &alive {
        assert!(
            h.twin.refresh_heavy(permit, ttl).await.expect("refresh"),
            "refreshed in time"
        );
    }
    // "crashed" never refreshes (kill -9): its permits lapse, the refreshed ones stay.
    h.pass(Duration::from_millis(600)).await;
    assert_eq!(h.coord.heavy_permits("host").await.expect("list"), alive);
    assert!(
        !h.coord
            .refresh_heavy(&crashed[0], ttl)
            .await
            .expect("refresh"),
        "a lapsed permit is gone"
    );
    assert!(
        !h.coord.release_heavy(&crashed[1]).await.expect("release"),
        "nothing to release"
    );
    for _ in 0..3 {
        assert!(h
            .coord
            .acquire_heavy("host", "new", LIMIT, ttl)
            .await
            .expect("acquire")
            .is_some());
    }
    assert_eq!(
        h.coord
            .acquire_heavy("host", "new", LIMIT, ttl)
            .await
            .expect("acquire"),
        None,
        "full again"
    );
    assert!(
        h.twin.release_heavy(&alive[0]).await.expect("release"),
        "a refreshed permit is still held"
    );
}
