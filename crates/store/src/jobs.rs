//! Durable jobs: the work queue of the hive, kept in the database.

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use streamvault_core::JobId;

string_enum!(
    /// Where a job is in its life.
    JobState {
        /// Waiting for `run_after`.
        Queued = "queued",
        /// Leased by a worker.
        Running = "running",
        /// Done.
        Succeeded = "succeeded",
        /// Failed for good (permanent error).
        Failed = "failed",
        /// Out of attempts.
        Dead = "dead",
        /// Cancelled by an operator.
        Cancelled = "cancelled",
        /// Stopped by the blocklist.
        Blocked = "blocked",
    }
);

impl JobState {
    /// Whether the job will not run again.
    pub fn is_final(self) -> bool {
        !matches!(self, JobState::Queued | JobState::Running)
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewJob {
    /// Job kind (`ingest`, `mirror`, ...).
    pub kind: String,
    /// Kind-specific input.
    pub payload: Value,
    /// Higher runs first.
    pub priority: i32,
    /// Attempts before the job is dead.
    pub max_attempts: i32,
    /// While a job with this key is queued or running, enqueuing again returns it.
    pub dedupe_key: Option<String>,
    /// Earliest start.
    pub run_after: UnixTime,
}

/// A stored job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Database id.
    pub id: JobId,
    /// Job kind.
    pub kind: String,
    /// Kind-specific input.
    pub payload: Value,
    /// State.
    pub state: JobState,
    /// Last finished stage.
    pub stage: Option<String>,
    /// Data saved with the stage (message ids posted, paths...).
    pub checkpoint: Value,
    /// Attempts started.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
    /// Higher runs first.
    pub priority: i32,
    /// Earliest next start.
    pub run_after: UnixTime,
    /// Worker holding the lease.
    pub lease_owner: Option<String>,
    /// When the lease lapses unless renewed.
    pub lease_expires_at: Option<UnixTime>,
    /// When the lease holder last reported progress.
    pub heartbeat_at: Option<UnixTime>,
    /// Latest error message.
    pub last_error: Option<String>,
    /// Every failed attempt: `[{"attempt": n, "at": t, "error": "..."}]`.
    pub errors: Value,
    /// Dedupe key.
    pub dedupe_key: Option<String>,
    /// Enqueued at.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// What to do with a job whose attempt failed, decided from the error's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FailureAction {
    /// Transient: run again at `run_after` (dead once attempts are used up).
    Retry {
        /// Earliest next start (backoff already applied).
        run_after: UnixTime,
    },
    /// Permanent: stop in `failed`.
    Fail,
    /// Stopped by the blocklist: stop in `blocked`.
    Block,
}

/// Storage of durable jobs: a lease-based queue. Every call that changes a running job
/// names the lease owner and does nothing (returns false/None) when the lease was lost.
#[async_trait]
pub trait JobStore {
    /// Enqueues a job; with a dedupe key already queued or running, returns that job and
    /// `false` instead.
    async fn enqueue_job(&self, job: &NewJob, now: UnixTime) -> StoreResult<(Job, bool)>;
    /// A job by id.
    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>>;
    /// Jobs in a state (or all), newest first, at most `limit`.
    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>>;
    /// Atomically leases the most urgent ready job (highest priority, then earliest
    /// `run_after`) of one of `kinds` (any kind when empty) to `owner` for `lease_secs`,
    /// counting an attempt. Each job is leased to one claimer at a time.
    async fn claim_job(
        &self,
        owner: &str,
        kinds: &[&str],
        lease_secs: i64,
        now: UnixTime,
    ) -> StoreResult<Option<Job>>;
    /// Extends the lease; false when `owner` no longer holds it.
    async fn heartbeat_job(
        &self,
        id: JobId,
        owner: &str,
        lease_secs: i64,
        now: UnixTime,
    ) -> StoreResult<bool>;
    /// Saves the last finished stage and its checkpoint (also a heartbeat); false when
    /// `owner` no longer holds the lease.
    async fn save_checkpoint(
        &self,
        id: JobId,
        owner: &str,
        stage: &str,
        checkpoint: &Value,
        now: UnixTime,
    ) -> StoreResult<bool>;
    /// Marks the job succeeded; false when `owner` no longer holds the lease.
    async fn complete_job(&self, id: JobId, owner: &str, now: UnixTime) -> StoreResult<bool>;
    /// Records a failed attempt and applies `action`; returns the new state, or `None`
    /// when `owner` no longer holds the lease.
    async fn fail_job(
        &self,
        id: JobId,
        owner: &str,
        error: &str,
        action: FailureAction,
        now: UnixTime,
    ) -> StoreResult<Option<JobState>>;
    /// Gives the job back unfinished (graceful shutdown): queued again, attempt refunded,
    /// checkpoint kept.
    async fn release_job(&self, id: JobId, owner: &str, now: UnixTime) -> StoreResult<bool>;
    /// Requeues running jobs whose lease expired (their worker died), or marks them dead
    /// when out of attempts; returns how many were reclaimed.
    async fn reclaim_expired_leases(&self, now: UnixTime) -> StoreResult<u64>;
    /// Cancels a job that is not final; false when it already was.
    async fn cancel_job(&self, id: JobId, now: UnixTime) -> StoreResult<bool>;
}
