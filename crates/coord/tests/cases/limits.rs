//! Rate limiter and TTL locks.

use super::harness::Harness;
use std::time::Duration;
use streamvault_coord::{CoordError, Rate, RateDecision};

pub async fn rate_limiter_allows_a_burst_then_says_when(h: &Harness) {
    // 4 per 800 ms: a burst of 4, then one every 200 ms.
    let rate = Rate {
        count: 4,
        period: Duration::from_millis(800),
    };
    let interval = Duration::from_millis(200);
    for i in 0..4 {
        let decision = h
            .either(i)
            .check_rate("tenant:1", rate)
            .await
            .expect("check");
        assert_eq!(decision, RateDecision::Allowed, "burst event {i}");
    }
    let RateDecision::Limited { retry_after } =
        h.coord.check_rate("tenant:1", rate).await.expect("check")
    else {
        panic!("the fifth event of the burst must be limited");
    };
    h.assert_about(retry_after, interval, "retry_after of the fifth event");
    let again = h.twin.check_rate("tenant:1", rate).await.expect("check");
    assert!(
        matches!(again, RateDecision::Limited { .. }),
        "a limited event is not counted, still limited"
    );
    assert_eq!(
        h.coord.check_rate("tenant:2", rate).await.expect("check"),
        RateDecision::Allowed,
        "keys are separate"
    );
    h.pass(retry_after).await;
    assert_eq!(
        h.twin.check_rate("tenant:1", rate).await.expect("check"),
        RateDecision::Allowed,
        "after retry_after"
    );
    let RateDecision::Limited { retry_after } =
        h.coord.check_rate("tenant:1", rate).await.expect("check")
    else {
        panic!("only one event fits per interval after the burst");
    };
    h.assert_about(retry_after, interval, "retry_after after the burst");
    h.pass(rate.period).await;
    for i in 0..4 {
        let decision = h.coord.check_rate("tenant:1", rate).await.expect("check");
        assert_eq!(
            decision,
            RateDecision::Allowed,
            "a full period later the burst is back ({i})"
        );
    }
}

pub async fn rate_limiter_rejects_empty_rates(h: &Harness) {
    for rate in [
        Rate::per_second(0),
        Rate {
            count: 3,
            period: Duration::ZERO,
        },
    ] {
        let result = h.coord.check_rate("k", rate).await;
        assert!(
            matches!(result, Err(CoordError::Invalid(_))),
            "{rate:?}: {result:?}"
        );
    }
    assert_eq!(
        h.coord
            .check_rate("k", Rate::per_minute(1))
            .await
            .expect("check"),
        RateDecision::Allowed
    );
}

pub async fn ttl_lock_is_exclusive_renewable_and_lapses(h: &Harness) {
    let ttl = Duration::from_millis(600);
    let (c, t) = (&h.coord, &h.twin);
    assert!(c
        .try_lock("daily-rollup", "proc-a", ttl)
        .await
        .expect("lock"));
    assert!(
        !t.try_lock("daily-rollup", "proc-b", ttl)
            .await
            .expect("lock"),
        "held by proc-a"
    );
    assert!(
        t.try_lock("other-job", "proc-b", ttl).await.expect("lock"),
        "names are separate"
    );
    assert!(
        !t.unlock("daily-rollup", "proc-b").await.expect("unlock"),
        "only the holder unlocks"
    );
    h.pass(Duration::from_millis(300)).await;
    assert!(
        c.try_lock("daily-rollup", "proc-a", ttl)
            .await
            .expect("lock"),
        "the holder renews"
    );
    h.pass(Duration::from_millis(400)).await;
    assert!(
        !t.try_lock("daily-rollup", "proc-b", ttl)
            .await
            .expect("lock"),
        "the renewal kept it"
    );
    h.pass(Duration::from_millis(400)).await;
    assert!(
        t.try_lock("daily-rollup", "proc-b", ttl)
            .await
            .expect("lock"),
        "lapsed, taken over"
    );
    assert!(
        !c.unlock("daily-rollup", "proc-a").await.expect("unlock"),
        "the old holder lost it"
    );
    assert!(!c
        .try_lock("daily-rollup", "proc-a", ttl)
        .await
        .expect("lock"));
    assert!(t.unlock("daily-rollup", "proc-b").await.expect("unlock"));
    assert!(
        c.try_lock("daily-rollup", "proc-a", ttl)
            .await
            .expect("lock"),
        "free after unlock"
    );
}

pub async fn concurrent_lock_attempts_have_one_winner(h: &Harness) {
    let tasks = (0..20).map(|i| {
        let coord = h.either(i);
        tokio::spawn(async move {
            coord
                .try_lock("nightly", &format!("proc-{i}"), Duration::from_secs(60))
                .await
        })
    });
    let mut winners = Vec::new();
    for (i, got) in futures::future::join_all(tasks)
        .await
        .into_iter()
        .enumerate()
    {
        if got.expect("task").expect("lock") {
            winners.push(i);
        }
    }
    assert_eq!(winners.len(), 1, "winners: {winners:?}");
    let winner = format!("proc-{}", winners[0]);
    assert!(
        h.coord.unlock("nightly", &winner).await.expect("unlock"),
        "the winner holds it"
    );
}
