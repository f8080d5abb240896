//! Values exchanged through the worker port.

use crate::message::InlineKeyboard;
use serde::{Deserialize, Serialize};

/// A chat id in Bot API form: users positive, channels `-100…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChatId(pub i64);

/// Offset between a bare MTProto channel id and its Bot API chat id.
const CHANNEL_OFFSET: i64 = -1_000_000_000_000;

impl ChatId {
    /// The Bot API id of the channel with MTProto id `bare` (`-100` followed by it).
    pub fn channel(bare: i64) -> Self {
        Self(CHANNEL_OFFSET - bare)
    }

    /// The MTProto id of a channel, `None` for other chats.
    pub fn bare_channel(self) -> Option<i64> {
        (self.0 < CHANNEL_OFFSET).then(|| CHANNEL_OFFSET - self.0)
    }

    /// Whether this is a channel (or supergroup) id.
    pub fn is_channel(self) -> bool {
        self.bare_channel().is_some()
    }
}

impl std::fmt::Display for ChatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A message id inside one chat (MTProto ids are 32-bit).
pub type MessageId = i32;

/// Whether an account has Telegram Premium (doubles its upload limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A normal account: uploads up to 2 GB.
    #[default]
    Normal,
    /// A Premium account: uploads up to 4 GB.
    Premium,
}

/// Who the worker session is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    /// The account's user id.
    pub user_id: i64,
    /// Its username, if any.
    pub username: Option<String>,
    /// First and last name.
    pub display_name: String,
    /// Normal or Premium.
    pub kind: AccountKind,
}

/// A channel the session can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// Its Bot API id.
    pub id: ChatId,
    /// Its title.
    pub title: String,
    /// Its public username, if any.
    pub username: Option<String>,
}

/// What kind of media a message holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A compressed photo.
    Photo,
    /// A file sent as a document.
    Document,
    /// A streamable video.
    Video,
}

/// A stored reference to media that already lives in Telegram: enough to send it again
/// without uploading, or to download it. Reference and hash are bound to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// Photo, document or video.
    pub kind: MediaKind,
    /// Telegram's document or photo id.
    pub id: i64,
    /// Access hash for this account.
    pub access_hash: i64,
    /// File reference; expires, then [`crate::refresh_media`] gets a fresh one.
    pub file_reference: Vec<u8>,
    /// Data center that stores the file.
    pub dc_id: i32,
    /// Size in bytes.
    pub size: u64,
    /// MIME type, if known.
    pub mime_type: Option<String>,
    /// File name, if known.
    pub file_name: Option<String>,
    /// For photos: the type of the largest size (`"y"`, `"x"`, …), used to download it.
    pub photo_size_type: Option<String>,
    /// The message this reference was read from, used to refresh it.
    pub origin: Option<(ChatId, MessageId)>,
}

/// A file uploaded in parts and not yet attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    /// Random id chosen by the uploader.
    pub id: i64,
    /// Number of parts sent.
    pub parts: u32,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Uploaded with `saveBigFilePart` (no MD5).
    pub big: bool,
    /// Hex MD5 of the content for small files.
    pub md5: Option<String>,
}

/// A message as a worker sees it (MTProto shape: text and caption are one field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerMessage {
    /// The chat.
    pub chat: ChatId,
    /// Its id in the chat.
    pub id: MessageId,
    /// Unix time it was sent.
    pub date: i64,
    /// Text, or caption of the media.
    pub text: String,
    /// Attached media.
    pub media: Option<MediaRef>,
    /// Album id shared by the messages of one album.
    pub grouped_id: Option<i64>,
    /// The chat it was forwarded from, when forwarded with its author.
    pub forwarded_from: Option<ChatId>,
    /// Inline keyboard, if any.
    pub reply_markup: Option<InlineKeyboard>,
}

/// Something that happened in a chat the account can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerUpdate {
    /// A new message (e.g. `/health` posted in a channel).
    NewMessage(WorkerMessage),
    /// An edited message.
    EditedMessage(WorkerMessage),
    /// Messages deleted in a channel.
    Deleted {
        /// The channel.
        chat: ChatId,
        /// The deleted ids.
        ids: Vec<MessageId>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_ids_round_trip() {
        let c = ChatId::channel(1_234_567_890);
        assert_eq!(c.0, -1_001_234_567_890);
        assert_eq!(c.bare_channel(), Some(1_234_567_890));
        assert_eq!(ChatId(42).bare_channel(), None);
        assert_eq!(ChatId(-42).bare_channel(), None);
    }
}
