//! Progress of an ingestion, for the CLI's progress bars and the hive's status message.

use crate::error::IngestError;
use crate::request::{IngestRequest, StatusMessage};
use crate::state::{IngestState, Stage};
use streamvault_core::JobId;

/// Told about an ingestion's progress. Every method has a no-op default; calls come from
/// the job's task, so implementations must be quick (rate-limit Telegram edits inside).
pub trait IngestObserver: Send + Sync {
    /// A run of `job` starts (`resumed_after`: the last stage an earlier run finished;
    /// `shown_in`: the status message an earlier run showed its progress in).
    fn job_started(
        &self,
        job: JobId,
        request: &IngestRequest,
        resumed_after: Option<Stage>,
        shown_in: Option<StatusMessage>,
    ) {
        let _ = (job, request, resumed_after, shown_in);
    }
    /// The message `job`'s progress is shown in, if any: kept in the checkpoint, so a
    /// resumed run (another process, after a restart) edits it instead of posting anew.
    fn status_message(&self, job: JobId) -> Option<StatusMessage> {
        let _ = job;
        None
    }
    /// `stage` of `job` starts.
    fn stage_started(&self, job: JobId, stage: Stage) {
        let _ = (job, stage);
    }
    /// `stage` of `job` finished and its checkpoint is saved.
    fn stage_finished(&self, job: JobId, stage: Stage) {
        let _ = (job, stage);
    }
    /// Bytes of the source fetched so far, out of `total` when known.
    fn fetch_progress(&self, job: JobId, done: u64, total: Option<u64>) {
        let _ = (job, done, total);
    }
    /// Bytes of `file` uploaded so far, out of `total`.
    fn upload_progress(&self, job: JobId, file: &str, done: u64, total: u64) {
        let _ = (job, file, done, total);
    }
    /// The run of `job` ended: finished, or stopped by `error` (blocked content, or a
    /// failure the hive may retry).
    fn job_ended(&self, job: JobId, outcome: Result<&IngestState, &IngestError>) {
        let _ = (job, outcome);
    }
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl IngestObserver for NoObserver {}
