//! The bot port: what the hive needs from the manager bot (Bot API) — posting and
//! editing status messages. The bot's own handlers (commands, buttons) use teloxide
//! directly in the manager.

use crate::types::{ChatId, MessageId};
use async_trait::async_trait;

/// A Bot API call that failed, by what the caller does about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BotError {
    /// Flood control (HTTP 429): wait this long before the next call to the chat.
    #[error("too many requests: retry after {seconds} s")]
    RetryAfter {
        /// Seconds to wait.
        seconds: u32,
    },
    /// The edit changed nothing (`message is not modified`).
    #[error("message is not modified")]
    NotModified,
    /// The message to edit is gone (deleted by someone).
    #[error("message to edit not found")]
    MessageGone,
    /// The bot may not post there (not a member or admin, blocked, kicked).
    #[error("forbidden: {reason}")]
    Forbidden {
        /// Telegram's description.
        reason: String,
    },
    /// The token was refused: check `BOT_TOKEN`.
    #[error("the bot token was refused (check BOT_TOKEN)")]
    Unauthorized,
    /// Telegram refused the request (a bad parameter, a missing chat).
    #[error("bad request: {reason}")]
    BadRequest {
        /// Telegram's description.
        reason: String,
    },
    /// The network failed or the answer made no sense; retrying may succeed.
    #[error("transport: {reason}")]
    Transport {
        /// A description of the failure.
        reason: String,
    },
}

/// The manager bot, as the hive uses it.
#[async_trait]
pub trait BotPort: Send + Sync {
    /// Sends a text message (no formatting); returns its id.
    async fn send_text(&self, chat: ChatId, text: &str) -> Result<MessageId, BotError>;

    /// Replaces the text of one of the bot's messages.
    async fn edit_text(&self, chat: ChatId, message: MessageId, text: &str)
        -> Result<(), BotError>;
}
