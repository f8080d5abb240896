//! Pipeline errors and how they map onto the hive's retry policy.

use streamvault_hive::StepError;
use streamvault_store::StoreError;
use streamvault_telegram::WorkerError;

/// Why an ingestion step failed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The job payload is not an [`crate::IngestRequest`].
    #[error("bad payload: {0}")]
    BadPayload(String),
    /// The pipeline settings are invalid.
    #[error("bad settings: {0}")]
    Config(String),
    /// The saved checkpoint cannot be read back.
    #[error("bad checkpoint: {0}")]
    BadCheckpoint(String),
    /// Fetching the source failed.
    #[error("fetch: {0}")]
    Fetch(String),
    /// A media tool (ffprobe, ffmpeg, 7zz) failed.
    #[error("media: {0}")]
    Media(String),
    /// Local file I/O failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The file changed after it was hashed: it is not uploaded, since the blocklist did
    /// not see these bytes.
    #[error("the file changed after it was hashed ({0}); ingest it again from its source")]
    Changed(String),
    /// A stage needs data an earlier stage did not leave.
    #[error("missing {0} in the checkpoint")]
    Missing(&'static str),
    /// The blocklist matched (the job ends `blocked`).
    #[error("blocked: {0}")]
    Blocked(String),
    /// Telegram failed.
    #[error(transparent)]
    Worker(#[from] WorkerError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A hive step error (lease lost, shutdown) passed through.
    #[error(transparent)]
    Step(StepError),
}

impl From<StepError> for IngestError {
    fn from(e: StepError) -> Self {
        IngestError::Step(e)
    }
}

impl From<IngestError> for StepError {
    fn from(e: IngestError) -> Self {
        match e {
            IngestError::Worker(w) => StepError::Worker(w),
            IngestError::Store(s) => StepError::Store(s),
            IngestError::Step(s) => s,
            IngestError::Blocked(m) => StepError::Blocked(m),
            // A download or a tool may work next time; local I/O too (disk full).
            e @ (IngestError::Fetch(_) | IngestError::Io(_) | IngestError::Media(_)) => {
                StepError::Transient(e.to_string())
            }
            e @ (IngestError::BadPayload(_)
            | IngestError::Config(_)
            | IngestError::BadCheckpoint(_)
            | IngestError::Changed(_)
            | IngestError::Missing(_)) => StepError::Permanent(e.to_string()),
        }
    }
}
