//! The job handler port: what a kind of job does, given a session and its checkpoint.

use crate::context::JobContext;
use crate::error::StepError;
use async_trait::async_trait;
use streamvault_coord::Requirements;
use streamvault_store::jobs::Job;

/// Runs the jobs of one kind. The runner calls [`JobHandler::run`] once per step: a step
/// ends when the handler returns. A step that fails with a FloodWait or a dead session is
/// run again on another session with the checkpoint saved so far, so a handler resumes
/// from [`JobContext::stage`] and saves progress with [`JobContext::save_checkpoint`]
/// after each stage whose work must not be repeated.
///
/// Effects outside the store (posting to Telegram, uploads) can run twice when a
/// process dies between the effect and the checkpoint that records it; handlers make
/// such effects idempotent, or check for them when they resume from the stage before.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// The job kind this handler runs (`ingest`, `mirror`, ...).
    fn kind(&self) -> &str;

    /// What the session that runs `job` must offer (Premium, a channel's peer).
    fn requirements(&self, job: &Job) -> Requirements {
        let _ = job;
        Requirements::default()
    }

    /// Runs (or resumes) the job on the context's session.
    async fn run(&self, ctx: &mut JobContext) -> Result<(), StepError>;
}
