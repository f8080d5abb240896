//! Probed media information and the track map for the web player.

use crate::macros::string_enum;
use crate::StoreResult;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::ContentId;

string_enum!(
    /// Kind of a non-video track.
    TrackKind {
        /// An audio track.
        Audio = "audio",
        /// A subtitle track.
        Subtitle = "subtitle",
    }
);

/// An audio or subtitle track, addressed as `0:{stream_index}` for ffmpeg.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaTrack {
    /// Audio or subtitle.
    pub kind: TrackKind,
    /// ffprobe stream index.
    pub stream_index: i32,
    /// ISO 639 language tag, when tagged.
    pub language: Option<String>,
    /// Codec name (`aac`, `subrip`, ...).
    pub codec: Option<String>,
    /// Track title.
    pub title: Option<String>,
    /// Default disposition.
    pub is_default: bool,
    /// Forced disposition.
    pub is_forced: bool,
}

/// What ffprobe said about a content's stream file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// Container format name.
    pub container: Option<String>,
    /// Duration in milliseconds.
    pub duration_ms: Option<i64>,
    /// Video codec.
    pub video_codec: Option<String>,
    /// Frame width.
    pub width: Option<i32>,
    /// Frame height.
    pub height: Option<i32>,
    /// Frames per second.
    pub fps: Option<f64>,
    /// Overall bit rate, bits/s.
    pub bit_rate: Option<i64>,
    /// Audio and subtitle tracks, by stream index.
    pub tracks: Vec<MediaTrack>,
}

/// Storage of media information.
#[async_trait]
pub trait MediaStore {
    /// Replaces a content's media information and tracks in one transaction.
    async fn set_media_info(&self, content: ContentId, info: &MediaInfo) -> StoreResult<()>;
    /// A content's media information.
    async fn media_info(&self, content: ContentId) -> StoreResult<Option<MediaInfo>>;
    /// Records a preview frame posted to the screenshot channel.
    async fn add_screenshot(&self, shot: &Screenshot) -> StoreResult<()>;
    /// A content's preview frames, in time order.
    async fn list_screenshots(&self, content: ContentId) -> StoreResult<Vec<Screenshot>>;
}

/// A preview frame in the screenshot channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screenshot {
    /// The content.
    pub content_id: ContentId,
    /// Position of the frame in the video, ms.
    pub position_ms: i64,
    /// Screenshot channel id.
    pub channel_id: i64,
    /// Message id.
    pub message_id: i64,
    /// The bot's `file_id` of the photo, for the gallery.
    pub bot_file_id: Option<String>,
}
