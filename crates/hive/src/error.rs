//! Typed errors: what a job step fails with, and what stops the runner.

use streamvault_coord::CoordError;
use streamvault_store::StoreError;
use streamvault_telegram::WorkerError;

/// How one step of a job (one run of its handler on one session) failed. The runner
/// decides what happens next from the variant alone (see [`crate::policy::decide`]).
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// The worker session's Telegram call failed (FloodWait, dead session, ...).
    #[error("telegram: {0}")]
    Worker(#[from] WorkerError),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The coordinator failed.
    #[error("coordinator: {0}")]
    Coord(#[from] CoordError),
    /// This process no longer holds the job's lease: another worker may run it now, so
    /// this one must stop without touching the job.
    #[error("the job's lease was lost")]
    LeaseLost,
    /// The hive is shutting down; the job goes back to the queue unfinished.
    #[error("the hive is shutting down")]
    Shutdown,
    /// A failure that may pass (a remote host was down): retried with backoff.
    #[error("transient: {0}")]
    Transient(String),
    /// A failure that will not pass (bad input): the job fails for good.
    #[error("permanent: {0}")]
    Permanent(String),
    /// The blocklist stopped the job.
    #[error("blocked: {0}")]
    Blocked(String),
}

/// Why the runner could not run.
#[derive(Debug, thiserror::Error)]
pub enum HiveError {
    /// The runner was given no worker session.
    #[error("the hive has no worker session")]
    NoSessions,
    /// Two handlers, or two sessions, share a name.
    #[error("duplicate {what} {name:?}")]
    Duplicate {
        /// "session" or "handler".
        what: &'static str,
        /// The name used twice.
        name: String,
    },
    /// Registering the sessions in the coordinator failed.
    #[error("coordinator: {0}")]
    Coord(#[from] CoordError),
}
