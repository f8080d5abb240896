//! Messages, files, updates and callback queries of the world.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use streamvault_telegram::{InlineKeyboard, MediaKind};

/// Messages of one chat.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MessageLog {
    /// Next message id.
    pub next_id: i32,
    /// Messages by id.
    pub messages: BTreeMap<i32, MessageRec>,
}

/// Who sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    /// A person.
    User(i64),
    /// A bot.
    Bot(i64),
    /// A worker account.
    Account(i64),
}

/// Where a forwarded message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardOrigin {
    /// The source chat (a channel id).
    pub chat: i64,
    /// The message id there.
    pub message_id: i32,
    /// Its original date.
    pub date: i64,
}

/// Media of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRec {
    /// Photo, document or video.
    pub kind: MediaKind,
    /// The stored file.
    pub file: i64,
    /// File name.
    pub file_name: Option<String>,
    /// MIME type.
    pub mime_type: Option<String>,
    /// Width (photos, videos).
    pub width: u32,
    /// Height (photos, videos).
    pub height: u32,
    /// Duration in seconds (videos).
    pub duration: u32,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRec {
    /// Id in its chat.
    pub id: i32,
    /// Unix time.
    pub date: i64,
    /// Author.
    pub sender: Sender,
    /// Text, or caption when there is media.
    pub text: String,
    /// Media.
    pub media: Option<MediaRec>,
    /// Album id.
    pub media_group_id: Option<i64>,
    /// Inline keyboard.
    pub reply_markup: Option<InlineKeyboard>,
    /// Forward header.
    pub forward: Option<ForwardOrigin>,
    /// Unix time of the last edit.
    pub edit_date: Option<i64>,
}

/// A stored file; its bytes live once in the file store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRec {
    /// Document/photo id.
    pub id: i64,
    /// Blob name (SHA-256 of the bytes).
    pub blob: String,
    /// Size in bytes.
    pub size: u64,
    /// Bots that have seen the file and may use their `file_id` for it.
    pub seen_by_bots: BTreeSet<i64>,
    /// How the file was first sent (name, type, dimensions), reused when sent again.
    pub meta: Option<MediaRec>,
}

/// A chat as a bot sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatKey {
    /// The private chat with this user.
    Private(i64),
    /// A channel.
    Channel(i64),
}

/// A pending Bot API update (a snapshot taken when it happened).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BotUpdate {
    /// `update_id`.
    pub update_id: i64,
    /// What happened.
    pub kind: BotUpdateKind,
}

/// The kinds of updates the sandbox produces.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BotUpdateKind {
    /// `message`.
    Message(ChatKey, MessageRec),
    /// `edited_message`.
    EditedMessage(ChatKey, MessageRec),
    /// `channel_post`.
    ChannelPost(ChatKey, MessageRec),
    /// `edited_channel_post`.
    EditedChannelPost(ChatKey, MessageRec),
    /// `callback_query`.
    CallbackQuery(String),
}

impl BotUpdateKind {
    /// The `allowed_updates` name of this kind.
    pub fn name(&self) -> &'static str {
        match self {
            BotUpdateKind::Message(..) => "message",
            BotUpdateKind::EditedMessage(..) => "edited_message",
            BotUpdateKind::ChannelPost(..) => "channel_post",
            BotUpdateKind::EditedChannelPost(..) => "edited_channel_post",
            BotUpdateKind::CallbackQuery(_) => "callback_query",
        }
    }
}

/// A callback query (an inline button press).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CallbackRec {
    /// Query id.
    pub id: String,
    /// The bot asked.
    pub bot: i64,
    /// The user who pressed.
    pub user: i64,
    /// The message holding the button (in the private chat).
    pub message_id: i32,
    /// The button's `callback_data`.
    pub data: String,
    /// The bot's answer, once given.
    pub answer: Option<CallbackAnswer>,
}

/// A bot's answer to a callback query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackAnswer {
    /// Notification text.
    pub text: Option<String>,
    /// Shown as an alert.
    pub show_alert: bool,
}
