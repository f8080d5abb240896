//! Mirror links of a content (file hosts, embeds, rclone remotes).

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::ContentId;

string_enum!(
    /// How the site uses a link.
    LinkKind {
        /// A download page or direct file.
        Download = "download",
        /// An embeddable player (iframe).
        Embed = "embed",
    }
);

string_enum!(
    /// Health of a mirror link.
    LinkStatus {
        /// Remote upload under way.
        Pending = "pending",
        /// Works.
        Live = "live",
        /// Checked and dead; a re-mirror is queued.
        Dead = "dead",
        /// Deleted on purpose (takedown).
        Deleted = "deleted",
    }
);

/// A mirror link to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDownload {
    /// The content.
    pub content_id: ContentId,
    /// Host name as configured (`pixeldrain`, `gofile`, `streamtape`, ...).
    pub host: String,
    /// Download or embed.
    pub kind: LinkKind,
    /// The URL, once known.
    pub url: Option<String>,
    /// Health.
    pub status: LinkStatus,
    /// The host's remote-upload job id, while pending.
    pub remote_job_id: Option<String>,
}

/// A stored mirror link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// Database id.
    pub id: i64,
    /// The link.
    #[serde(flatten)]
    pub link: NewDownload,
    /// When it was recorded.
    pub created_at: UnixTime,
    /// Last health check.
    pub checked_at: Option<UnixTime>,
}

/// Storage of mirror links.
#[async_trait]
pub trait DownloadStore {
    /// Records a link.
    async fn add_download(&self, d: &NewDownload, now: UnixTime) -> StoreResult<Download>;
    /// A link by id.
    async fn get_download(&self, id: i64) -> StoreResult<Option<Download>>;
    /// A content's links, oldest first.
    async fn list_downloads(&self, content: ContentId) -> StoreResult<Vec<Download>>;
    /// Sets a link's status (and URL when given) and marks it checked at `now`.
    async fn update_download(
        &self,
        id: i64,
        status: LinkStatus,
        url: Option<&str>,
        now: UnixTime,
    ) -> StoreResult<Download>;
}
