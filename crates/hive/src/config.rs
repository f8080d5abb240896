//! Settings of a hive runner, with defaults for production.

use std::time::Duration;
use streamvault_coord::DEFAULT_HEAVY_TASK_LIMIT;

/// Exponential backoff with jitter for jobs that failed with a transient error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// Delay before the second attempt (doubled for every further attempt).
    pub base: Duration,
    /// Longest delay.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(5),
            max: Duration::from_secs(30 * 60),
        }
    }
}

/// How a [`crate::HiveRunner`] behaves. Every interval is derived from the lease by
/// [`HiveConfig::with_lease`], so tests can shrink them all at once.
#[derive(Debug, Clone, PartialEq)]
pub struct HiveConfig {
    /// Lease length of a claimed job, in seconds (the store counts whole seconds).
    pub lease_secs: i64,
    /// How often a running job's lease is renewed (well under the lease).
    pub lease_heartbeat: Duration,
    /// How often this process requeues jobs whose lease expired (their worker died).
    pub reclaim_every: Duration,
    /// How long a session stays alive in the coordinator without a heartbeat.
    pub session_ttl: Duration,
    /// Jobs run at once by this process; `None` means one per session.
    pub concurrency: Option<usize>,
    /// How long to wait before claiming again when the queue was empty.
    pub idle_poll: Duration,
    /// How long to wait before asking again when no session could take a job.
    pub choose_poll: Duration,
    /// Heavy tasks allowed at once per host (`HEAVY_TASK_LIMIT`).
    pub heavy_limit: u32,
    /// The host whose heavy-task slots this process counts against.
    pub heavy_host: String,
    /// A heavy permit lapses this long after its last refresh (its holder died).
    pub heavy_ttl: Duration,
    /// Hand-overs (FloodWait, dead session) of one job before it is retried later.
    pub max_handovers: u32,
    /// Backoff of transient failures.
    pub backoff: Backoff,
    /// How long running jobs may finish after shutdown starts; then their leases are
    /// released.
    pub shutdown_grace: Duration,
}

impl HiveConfig {
    /// Defaults for `host`, with a 60 s lease.
    pub fn new(heavy_host: impl Into<String>) -> Self {
        HiveConfig {
            lease_secs: 60,
            lease_heartbeat: Duration::from_secs(20),
            reclaim_every: Duration::from_secs(15),
            session_ttl: Duration::from_secs(60),
            concurrency: None,
            idle_poll: Duration::from_millis(500),
            choose_poll: Duration::from_millis(50),
            heavy_limit: DEFAULT_HEAVY_TASK_LIMIT,
            heavy_host: heavy_host.into(),
            heavy_ttl: Duration::from_secs(60),
            max_handovers: 20,
            backoff: Backoff::default(),
            shutdown_grace: Duration::from_secs(30),
        }
    }

    /// The same settings with a lease of `secs` seconds (at least 1) and the intervals
    /// that follow from it: heartbeats three times per lease, reclaim four times per lease,
    /// session liveness and heavy permits over one lease. The store counts whole seconds,
    /// so a lease lapses between `secs` and `secs + 1` after its last renewal and is
    /// reclaimed at most a quarter lease later: within two leases for any lease >= 2 s.
    pub fn with_lease(mut self, secs: i64) -> Self {
        let secs = secs.max(1);
        let lease = Duration::from_secs(secs.unsigned_abs());
        self.lease_secs = secs;
        self.lease_heartbeat = lease / 3;
        self.reclaim_every = lease / 4;
        self.session_ttl = lease.max(Duration::from_secs(2));
        self.heavy_ttl = lease.max(Duration::from_secs(2));
        self
    }
}
