//! A coordinator under test, a second instance sharing its state (another process), and
//! a way to let time pass.

use rand::Rng;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{Coordinator, InProcessCoordinator, ManualClock, RedisCoordinator};

/// How time passes in a test.
pub enum Time {
    /// The in-process coordinator's clock: moved by hand, answers are exact.
    Manual(ManualClock),
    /// Redis server time: real sleeps; answers are within a small slack of the exact ones.
    Real,
}

/// What a contract case gets.
pub struct Harness {
    /// The coordinator under test.
    pub coord: Arc<dyn Coordinator>,
    /// A second coordinator on the same state: for Redis, another connection with the same
    /// prefix (what another process would hold).
    pub twin: Arc<dyn Coordinator>,
    /// How time passes.
    pub time: Time,
    _cleanup: Option<Purge>,
}

impl Harness {
    /// Lets `d` pass.
    pub async fn pass(&self, d: Duration) {
        match &self.time {
            Time::Manual(clock) => clock.advance(d),
            Time::Real => tokio::time::sleep(d).await,
        }
    }

    /// Checks a remaining duration: exactly `expected` with a manual clock; with real time
    /// at most `expected` and not more than 150 ms less (the time the test itself took).
    pub fn assert_about(&self, actual: Duration, expected: Duration, what: &str) {
        match self.time {
            Time::Manual(_) => assert_eq!(actual, expected, "{what}"),
            Time::Real => assert!(
                actual <= expected && actual + Duration::from_millis(150) >= expected,
                "{what}: {actual:?} is not within 150 ms below {expected:?}"
            ),
        }
    }

    /// The coordinator for the i-th of many concurrent tasks: alternates between the two
    /// instances so races also cross "processes".
    pub fn either(&self, i: usize) -> Arc<dyn Coordinator> {
        if i % 2 == 1 {
            self.twin.clone()
        } else {
            self.coord.clone()
        }
    }
}

/// A fresh in-process coordinator on a manual clock; the twin is a clone (same state).
pub async fn in_process() -> Harness {
    let clock = ManualClock::at(1_800_000_000_000_000);
    let coord = InProcessCoordinator::new(clock.clone());
    Harness {
        twin: Arc::new(coord.clone()),
        coord: Arc::new(coord),
        time: Time::Manual(clock),
        _cleanup: None,
    }
}

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

async fn connect(url: &str, prefix: &str) -> RedisCoordinator {
    RedisCoordinator::connect(url, prefix)
        .await
        .unwrap_or_else(|e| {
            panic!(
            "Redis is required for the redis contract tests and was not reachable at REDIS_URL \
             (default redis://127.0.0.1:6379): {e}; start it (scripts/test does) or set REDIS_URL"
        )
        })
}

/// Two Redis coordinators (separate connections) under a fresh random prefix, whose keys
/// are deleted when the test ends, even when it panicked.
pub async fn redis() -> Harness {
    let url = redis_url();
    let prefix = format!("test-{:016x}", rand::thread_rng().gen::<u64>());
    let coord = connect(&url, &prefix).await;
    let twin = connect(&url, &prefix).await;
    Harness {
        coord: Arc::new(coord),
        twin: Arc::new(twin),
        time: Time::Real,
        _cleanup: Some(Purge { url, prefix }),
    }
}

/// Deletes a test's keys when dropped.
struct Purge {
    url: String,
    prefix: String,
}

impl Drop for Purge {
    fn drop(&mut self) {
        let (url, prefix) = (self.url.clone(), self.prefix.clone());
        let purged = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                RedisCoordinator::connect(&url, &prefix)
                    .await?
                    .purge()
                    .await
            })
        })
        .join();
        if !matches!(purged, Ok(Ok(_))) {
            eprintln!(
                "could not delete the keys of test prefix {}: {purged:?}",
                self.prefix
            );
        }
    }
}
