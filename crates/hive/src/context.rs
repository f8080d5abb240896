//! What a job handler gets for one step: the job, the chosen session, the checkpoint,
//! the store, and heavy-task permits.

use crate::error::StepError;
use crate::heavy::HeavyGuard;
use crate::runner::Shared;
use crate::session::WorkerSession;
use serde_json::Value;
use std::sync::Arc;
use streamvault_coord::Coordinator;
use streamvault_store::jobs::Job;
use streamvault_store::Store;
use streamvault_telegram::WorkerPort;

/// The stage and data saved so far, carried from step to step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checkpoint {
    pub(crate) stage: Option<String>,
    pub(crate) data: Value,
}

/// One step of one job on one session.
pub struct JobContext {
    shared: Arc<Shared>,
    job: Arc<Job>,
    session: WorkerSession,
    checkpoint: Checkpoint,
}

impl std::fmt::Debug for JobContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobContext")
            .field("job", &self.job.id)
            .field("session", &self.session.name)
            .field("checkpoint", &self.checkpoint)
            .finish_non_exhaustive()
    }
}

impl JobContext {
    pub(crate) fn new(
        shared: Arc<Shared>,
        job: Arc<Job>,
        session: WorkerSession,
        checkpoint: Checkpoint,
    ) -> Self {
        JobContext {
            shared,
            job,
            session,
            checkpoint,
        }
    }

    pub(crate) fn into_checkpoint(self) -> Checkpoint {
        self.checkpoint
    }

    /// The job as claimed (its `stage`/`checkpoint` fields are those of the claim; use
    /// [`JobContext::stage`] and [`JobContext::checkpoint`] for the current ones).
    pub fn job(&self) -> &Job {
        &self.job
    }

    /// The job's input.
    pub fn payload(&self) -> &Value {
        &self.job.payload
    }

    /// The name of the session this step runs on.
    pub fn session_name(&self) -> &str {
        &self.session.name
    }

    /// The Telegram port of the session this step runs on.
    pub fn worker(&self) -> &dyn WorkerPort {
        &*self.session.port
    }

    /// Whether the session's account has Premium.
    pub fn premium(&self) -> bool {
        self.session.premium
    }

    /// The last finished stage, `None` before the first.
    pub fn stage(&self) -> Option<&str> {
        self.checkpoint.stage.as_deref()
    }

    /// The data saved with the last finished stage (`null` before the first).
    pub fn checkpoint(&self) -> &Value {
        &self.checkpoint.data
    }

    /// The lease owner name of this process (for logs and permit holders).
    pub fn owner(&self) -> &str {
        &self.shared.owner
    }

    /// The store (for the job's own effects).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.shared.store
    }

    /// The coordinator.
    pub fn coordinator(&self) -> &Arc<dyn Coordinator> {
        &self.shared.coord
    }

    /// Saves `stage` as finished with `data`, and renews the lease. Fails with
    /// [`StepError::LeaseLost`] when this process no longer holds the job: the handler
    /// must then stop at once (another worker owns the job).
    pub async fn save_checkpoint(&mut self, stage: &str, data: Value) -> Result<(), StepError> {
        let s = &self.shared;
        let now = crate::runner::unix_now();
        let id = self.job.id;
        if !s
            .store
            .save_checkpoint(id, &s.owner, stage, &data, now)
            .await?
        {
            return Err(StepError::LeaseLost);
        }
        if !s
            .store
            .heartbeat_job(id, &s.owner, s.config.lease_secs, now)
            .await?
        {
            return Err(StepError::LeaseLost);
        }
        self.checkpoint = Checkpoint {
            stage: Some(stage.to_owned()),
            data,
        };
        Ok(())
    }

    /// Waits for a heavy-task permit on this host (at most `heavy_limit` at once across
    /// every process sharing the coordinator). Keep the guard for the heavy work; it is
    /// refreshed in the background and given back by [`HeavyGuard::release`] or on drop.
    pub async fn acquire_heavy(&self) -> Result<HeavyGuard, StepError> {
        let holder = format!("{}/job-{}", self.shared.owner, self.job.id);
        HeavyGuard::acquire(&self.shared, holder).await
    }
}
