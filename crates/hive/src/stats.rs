//! Counters of what one runner did, for logs, metrics and the swarm benchmark.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Live counters of a runner (shared by its tasks).
#[derive(Debug, Default)]
pub struct HiveStats {
    claimed: AtomicU64,
    completed: AtomicU64,
    retried: AtomicU64,
    failed: AtomicU64,
    released: AtomicU64,
    lease_lost: AtomicU64,
    flood_handovers: AtomicU64,
    dead_handovers: AtomicU64,
    chose_cooling: AtomicU64,
    heavy_waits: AtomicU64,
    per_session: Mutex<BTreeMap<String, u64>>,
}

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    Claimed,
    Retried,
    Failed,
    Released,
    LeaseLost,
    FloodHandover,
    DeadHandover,
    ChoseCooling,
    HeavyWait,
}

impl HiveStats {
    pub(crate) fn add(&self, what: Count) {
        let counter = match what {
            Count::Claimed => &self.claimed,
            Count::Retried => &self.retried,
            Count::Failed => &self.failed,
            Count::Released => &self.released,
            Count::LeaseLost => &self.lease_lost,
            Count::FloodHandover => &self.flood_handovers,
            Count::DeadHandover => &self.dead_handovers,
            Count::ChoseCooling => &self.chose_cooling,
            Count::HeavyWait => &self.heavy_waits,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a job completed by `session`.
    pub(crate) fn completed_on(&self, session: &str) {
        self.completed.fetch_add(1, Ordering::Relaxed);
        let mut map = self
            .per_session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *map.entry(session.to_owned()).or_default() += 1;
    }

    /// Makes sure `session` is listed (with 0 jobs until it completes one).
    pub(crate) fn list_session(&self, session: &str) {
        self.per_session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(session.to_owned())
            .or_default();
    }

    /// The counters now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        StatsSnapshot {
            claimed: get(&self.claimed),
            completed: get(&self.completed),
            retried: get(&self.retried),
            failed: get(&self.failed),
            released: get(&self.released),
            lease_lost: get(&self.lease_lost),
            flood_handovers: get(&self.flood_handovers),
            dead_handovers: get(&self.dead_handovers),
            chose_cooling: get(&self.chose_cooling),
            heavy_waits: get(&self.heavy_waits),
            per_session: self
                .per_session
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone(),
        }
    }
}

/// The counters of a runner at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsSnapshot {
    /// Jobs claimed from the queue.
    pub claimed: u64,
    /// Jobs completed.
    pub completed: u64,
    /// Failed attempts sent back to the queue with a backoff.
    pub retried: u64,
    /// Jobs that failed for good (or were blocked).
    pub failed: u64,
    /// Jobs given back unfinished at shutdown.
    pub released: u64,
    /// Jobs abandoned because their lease was lost.
    pub lease_lost: u64,
    /// Steps handed to another session after a FloodWait.
    pub flood_handovers: u64,
    /// Steps handed to another session after the session died.
    pub dead_handovers: u64,
    /// Choices that returned a session which had started cooling down meanwhile (another
    /// step on it met a FloodWait); the runner chose again instead of using it.
    pub chose_cooling: u64,
    /// Heavy permits that had to be waited for (the host was full).
    pub heavy_waits: u64,
    /// Jobs completed per session.
    pub per_session: BTreeMap<String, u64>,
}
