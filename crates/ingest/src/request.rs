//! The job payload of an `ingest` job.

use serde::{Deserialize, Serialize};
use streamvault_telegram::{ChatId, MessageId};

/// The job kind the pipeline handles.
pub const INGEST_KIND: &str = "ingest";

/// What to ingest: the payload of an `ingest` job (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestRequest {
    /// A local path or URL (see `streamvault_fetch::Source::parse`).
    pub source: String,
    /// Genre: picks the log channel.
    #[serde(default)]
    pub genre: Option<String>,
    /// Release name to parse instead of the source's own name.
    #[serde(default)]
    pub name: Option<String>,
    /// A whole season in one source (adds the `.7z` archive path).
    #[serde(default)]
    pub season_pack: bool,
    /// A message of the manager bot to edit with this job's progress (its reply to
    /// whoever queued the job); without it the hive posts one in its status chat.
    #[serde(default)]
    pub status_message: Option<StatusMessage>,
}

/// A bot message that shows a job's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusMessage {
    /// Its chat.
    pub chat: ChatId,
    /// Its id.
    pub message: MessageId,
}

impl IngestRequest {
    /// A request for `source` with no options.
    pub fn new(source: impl Into<String>) -> Self {
        IngestRequest {
            source: source.into(),
            genre: None,
            name: None,
            season_pack: false,
            status_message: None,
        }
    }
}
