//! What only the Redis coordinator has: connecting, its key prefix, and purging it.

use chrono::NaiveDate;
use std::time::{Duration, Instant};
use streamvault_coord::prelude::*;
use streamvault_coord::{CoordError, RedisCoordinator, SessionSpec};

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

async fn connect(prefix: &str) -> RedisCoordinator {
    RedisCoordinator::connect(&redis_url(), prefix).await.unwrap_or_else(|e| {
        panic!("Redis is required for these tests and was not reachable at REDIS_URL: {e}; start it or set REDIS_URL")
    })
}

#[tokio::test]
async fn an_unreachable_server_fails_fast_with_a_backend_error() {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    let started = Instant::now();
    let result = RedisCoordinator::connect("redis://127.0.0.1:1", "x").await;
    assert!(matches!(result, Err(CoordError::Backend(_))), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn bad_prefixes_and_urls_are_refused() {
    for prefix in ["", "a}b", "a*", "has space", &"x".repeat(65)] {
        let result = RedisCoordinator::connect(&redis_url(), prefix).await;
        assert!(
            matches!(result, Err(CoordError::Invalid(_))),
            "{prefix:?}: {result:?}"
        );
    }
    let result = RedisCoordinator::connect("http://127.0.0.1:6379", "ok").await;
    assert!(matches!(result, Err(CoordError::Invalid(_))), "{result:?}");
}

#[tokio::test]
async fn purge_deletes_every_key_of_its_prefix_and_nothing_else() {
    let nonce: u64 = rand::random();
    let (mine, theirs) = (
        connect(&format!("purge-{nonce:x}")).await,
        connect(&format!("keep-{nonce:x}")).await,
    );
    for coord in [&mine, &theirs] {
        coord
            .register("s", SessionSpec::default(), Duration::from_secs(60))
            .await
            .expect("register");
        coord.note_peer("s", -100).await.expect("peer");
        coord
            .acquire_heavy("host", "h", 5, Duration::from_secs(60))
            .await
            .expect("permit");
        coord
            .check_rate("k", streamvault_coord::Rate::per_second(1))
            .await
            .expect("rate");
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
        coord.incr_counter(day, "k", 1).await.expect("counter");
        coord
            .try_lock("l", "h", Duration::from_secs(60))
            .await
            .expect("lock");
    }
    // sessions, session:s, peers:s, heavy:host, heavy-seq, rate:k, count:2027-01-01, lock:l
    assert_eq!(
        mine.purge().await.expect("purge"),
        8,
        "every concern's keys live under the prefix"
    );
    assert_eq!(mine.purge().await.expect("purge"), 0);
    assert!(mine.sessions().await.expect("sessions").is_empty());
    assert_eq!(
        theirs.sessions().await.expect("sessions").len(),
        1,
        "another prefix is untouched"
    );
    assert_eq!(theirs.purge().await.expect("purge"), 8);
}
