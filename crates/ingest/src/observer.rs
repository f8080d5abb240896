//! Progress of an ingestion, for the CLI's progress bars and the hive's status message.

use crate::state::Stage;
use streamvault_core::JobId;

/// Told about an ingestion's progress. Every method has a no-op default; calls come from
/// the job's task, so implementations must be quick (rate-limit Telegram edits inside).
pub trait IngestObserver: Send + Sync {
    /// `stage` of `job` starts.
    fn stage_started(&self, job: JobId, stage: Stage) {
        let _ = (job, stage);
    }
    /// `stage` of `job` finished and its checkpoint is saved.
    fn stage_finished(&self, job: JobId, stage: Stage) {
        let _ = (job, stage);
    }
    /// Bytes of `file` uploaded so far, out of `total`.
    fn upload_progress(&self, job: JobId, file: &str, done: u64, total: u64) {
        let _ = (job, file, done, total);
    }
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl IngestObserver for NoObserver {}
