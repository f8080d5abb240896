//! The pipeline as the hive's `ingest` job handler.

use crate::pipeline::Pipeline;
use crate::request::IngestRequest;
use crate::request::INGEST_KIND;
use async_trait::async_trait;
use streamvault_coord::Requirements;
use streamvault_hive::policy::{decide, Disposition};
use streamvault_hive::{JobContext, JobHandler, StepError};
use streamvault_store::jobs::Job;

/// Runs `ingest` jobs (payload: [`crate::IngestRequest`]) with a [`Pipeline`].
#[derive(Debug, Clone)]
pub struct IngestHandler {
    pipeline: Pipeline,
}

impl IngestHandler {
    /// A handler over `pipeline`.
    pub fn new(pipeline: Pipeline) -> Self {
        IngestHandler { pipeline }
    }
}

#[async_trait]
impl JobHandler for IngestHandler {
    fn kind(&self) -> &str {
        INGEST_KIND
    }

    /// With [`crate::IngestConfig::require_log_peer`], only sessions that reported the
    /// peer of the job's log channel (`WorkerSession::with_peers`) may run it.
    fn requirements(&self, job: &Job) -> Requirements {
        let config = self.pipeline.config();
        let needs_peer = config.require_log_peer.then(|| {
            let genre = serde_json::from_value::<IngestRequest>(job.payload.clone())
                .ok()
                .and_then(|r| r.genre);
            config.channels.log_for(genre.as_deref()).0
        });
        Requirements {
            needs_premium: false,
            needs_peer,
        }
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<(), StepError> {
        let err = match self.pipeline.run(ctx).await {
            Ok(_) => return Ok(()),
            Err(e) => StepError::from(e),
        };
        // A job that fails for good leaves no files behind (blocked ones are cleaned
        // already; retried ones keep theirs for the next attempt).
        if decide(&err) == Disposition::Fail {
            let dir = self.pipeline.work_dir_of(ctx.job().id);
            if let Err(e) = tokio::fs::remove_dir_all(&dir).await {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!("job {}: cannot remove {}: {e}", ctx.job().id, dir.display());
                }
            }
        }
        Err(err)
    }
}
