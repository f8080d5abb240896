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
    /// Latest error message.
    pub last_error: Option<String>,
    /// Dedupe key.
    pub dedupe_key: Option<String>,
    /// Enqueued at.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// Storage of jobs. (Claiming, leases and retries arrive with the job runner.)
#[async_trait]
pub trait JobStore {
    /// Enqueues a job; with a dedupe key already queued or running, returns that job and
    /// `false` instead.
    async fn enqueue_job(&self, job: &NewJob, now: UnixTime) -> StoreResult<(Job, bool)>;
    /// A job by id.
    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>>;
    /// Jobs in a state (or all), newest first, at most `limit`.
    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>>;
    /// Saves the last finished stage and its checkpoint.
    async fn save_checkpoint(
        &self,
        id: JobId,
        stage: &str,
        checkpoint: &Value,
        now: UnixTime,
    ) -> StoreResult<()>;
    /// Cancels a job that is not final; false when it already was.
    async fn cancel_job(&self, id: JobId, now: UnixTime) -> StoreResult<bool>;
}
