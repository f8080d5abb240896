//! Where a content's files and posts live in Telegram.

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::ContentId;

string_enum!(
    /// What a Telegram message is for a content.
    RefRole {
        /// The stream file in the log channel.
        Video = "video",
        /// The 30 s sample clip.
        Sample = "sample",
        /// A `.7z` store volume of a season pack.
        ArchivePart = "archive_part",
        /// A preview frame in the screenshot channel.
        Screenshot = "screenshot",
        /// The forward of a log post in the backup channel.
        Backup = "backup",
        /// The release card in the public channel.
        PublicCard = "public_card",
        /// Re-hosted cover art.
        Poster = "poster",
        /// A crowdsourced upload waiting in the dump channel.
        Quarantine = "quarantine",
    }
);

/// A message that belongs to a content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTelegramRef {
    /// The content.
    pub content_id: ContentId,
    /// What the message is for.
    pub role: RefRole,
    /// Channel (or chat) id, Bot API form (`-100…`).
    pub channel_id: i64,
    /// Message id in that channel.
    pub message_id: i64,
    /// Album id when the message is part of a media group.
    pub media_group_id: Option<String>,
    /// The manager bot's own `file_id` for the file (learned from `channel_post`).
    pub bot_file_id: Option<String>,
    /// Telegram's stable `file_unique_id`.
    pub file_unique_id: Option<String>,
    /// Worker session that uploaded it.
    pub uploaded_by: Option<String>,
    /// Order among siblings (volume number, screenshot number).
    pub part: i32,
}

/// A stored Telegram reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramRef {
    /// Database id.
    pub id: i64,
    /// The reference itself.
    #[serde(flatten)]
    pub r#ref: NewTelegramRef,
    /// When it was recorded.
    pub created_at: UnixTime,
}

/// Storage of Telegram references.
#[async_trait]
pub trait TelegramRefStore {
    /// Records a message; `Conflict` when (channel, message) is already recorded.
    async fn add_telegram_ref(&self, r: &NewTelegramRef, now: UnixTime)
        -> StoreResult<TelegramRef>;
    /// A content's references, by role then part.
    async fn list_telegram_refs(&self, content: ContentId) -> StoreResult<Vec<TelegramRef>>;
    /// Sets the bot's `file_id` of a recorded message (and of its screenshot row, if it is
    /// one); false when no such message is recorded.
    async fn set_bot_file_id(
        &self,
        channel_id: i64,
        message_id: i64,
        bot_file_id: &str,
        file_unique_id: &str,
    ) -> StoreResult<bool>;
    /// Forgets one reference (after its message was deleted); false when absent.
    async fn delete_telegram_ref(&self, id: i64) -> StoreResult<bool>;
}
