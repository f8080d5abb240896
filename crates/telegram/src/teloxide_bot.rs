//! The [`BotPort`] over teloxide (Bot API over HTTPS, or any Bot API server such as the
//! sandbox's through [`TeloxideBot::with_api_url`]).

use crate::bot::{BotError, BotPort};
use crate::types::{ChatId, MessageId};
use async_trait::async_trait;
use teloxide::prelude::Requester;
use teloxide::{ApiError, Bot, RequestError};

/// The manager bot through teloxide.
#[derive(Clone)]
pub struct TeloxideBot {
    bot: Bot,
}

impl std::fmt::Debug for TeloxideBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token stays out of logs.
        f.debug_struct("TeloxideBot")
            .field("api_url", &self.bot.api_url().as_str())
            .finish_non_exhaustive()
    }
}

impl TeloxideBot {
    /// The bot with `token` on Telegram's Bot API.
    pub fn new(token: &str) -> Self {
        TeloxideBot {
            bot: Bot::new(token),
        }
    }

    /// The bot with `token` on the Bot API server at `api_url` (the sandbox, or a
    /// self-hosted `telegram-bot-api`).
    pub fn with_api_url(token: &str, api_url: &str) -> Result<Self, BotError> {
        let url = url::Url::parse(api_url).map_err(|e| BotError::BadRequest {
            reason: format!("Bot API URL {api_url:?}: {e}"),
        })?;
        Ok(TeloxideBot {
            bot: Bot::new(token).set_api_url(url),
        })
    }
}

fn chat(c: ChatId) -> teloxide::types::ChatId {
    teloxide::types::ChatId(c.0)
}

/// Maps teloxide's error to what the caller acts on.
fn bot_error(e: RequestError) -> BotError {
    match e {
        RequestError::RetryAfter(s) => BotError::RetryAfter {
            seconds: s.seconds(),
        },
        RequestError::Api(api) => match api {
            ApiError::MessageNotModified => BotError::NotModified,
            ApiError::MessageToEditNotFound => BotError::MessageGone,
            ApiError::InvalidToken => BotError::Unauthorized,
            ApiError::BotBlocked
            | ApiError::BotKickedFromChannel
            | ApiError::BotKickedFromSupergroup
            | ApiError::UserDeactivated
            | ApiError::NotEnoughRightsToPostMessages => BotError::Forbidden {
                reason: api.to_string(),
            },
            ApiError::Unknown(text) if text.starts_with("Forbidden") => {
                BotError::Forbidden { reason: text }
            }
            other => BotError::BadRequest {
                reason: other.to_string(),
            },
        },
        other => BotError::Transport {
            reason: other.to_string(),
        },
    }
}

#[async_trait]
impl BotPort for TeloxideBot {
    async fn send_text(&self, to: ChatId, text: &str) -> Result<MessageId, BotError> {
        let m = self
            .bot
            .send_message(chat(to), text)
            .await
            .map_err(bot_error)?;
        Ok(m.id.0)
    }

    async fn edit_text(&self, to: ChatId, message: MessageId, text: &str) -> Result<(), BotError> {
        self.bot
            .edit_message_text(chat(to), teloxide::types::MessageId(message), text)
            .await
            .map_err(bot_error)?;
        Ok(())
    }
}
