//! What the pipeline needs from the job runner: the job, a worker session, the store and
//! the checkpoint. [`JobContext`] provides it in the hive; tests may provide their own.

use async_trait::async_trait;
use serde_json::Value;
use std::sync::Arc;
use streamvault_core::JobId;
use streamvault_hive::{HeavyGuard, JobContext, StepError};
use streamvault_store::Store;
use streamvault_telegram::WorkerPort;

/// The runner side of one ingestion step.
#[async_trait]
pub trait StageHost: Send + Sync {
    /// The job id (part of the channel markers).
    fn job_id(&self) -> JobId;
    /// The job payload.
    fn payload(&self) -> &Value;
    /// The worker session posting for this step.
    fn worker(&self) -> &dyn WorkerPort;
    /// Its name (recorded as `uploaded_by`).
    fn worker_name(&self) -> &str;
    /// The store.
    fn store(&self) -> &Arc<dyn Store>;
    /// The last finished stage.
    fn stage(&self) -> Option<&str>;
    /// The data saved with it.
    fn checkpoint(&self) -> &Value;
    /// Records `stage` as finished with `data`.
    async fn save_checkpoint(&mut self, stage: &str, data: Value) -> Result<(), StepError>;
    /// A heavy-task permit for ffmpeg work (`None`: no limit).
    async fn heavy(&self) -> Result<Option<HeavyGuard>, StepError>;
}

#[async_trait]
impl StageHost for JobContext {
    fn job_id(&self) -> JobId {
        self.job().id
    }
    fn payload(&self) -> &Value {
        JobContext::payload(self)
    }
    fn worker(&self) -> &dyn WorkerPort {
        JobContext::worker(self)
    }
    fn worker_name(&self) -> &str {
        self.session_name()
    }
    fn store(&self) -> &Arc<dyn Store> {
        JobContext::store(self)
    }
    fn stage(&self) -> Option<&str> {
        JobContext::stage(self)
    }
    fn checkpoint(&self) -> &Value {
        JobContext::checkpoint(self)
    }
    async fn save_checkpoint(&mut self, stage: &str, data: Value) -> Result<(), StepError> {
        JobContext::save_checkpoint(self, stage, data).await
    }
    async fn heavy(&self) -> Result<Option<HeavyGuard>, StepError> {
        self.acquire_heavy().await.map(Some)
    }
}
