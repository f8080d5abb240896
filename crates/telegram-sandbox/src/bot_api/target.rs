//! Which chat a `chat_id` names for a bot, whether the bot may use it, and flood limits.

use super::params::Params;
use crate::errors::{bot_text, BotApiError};
use crate::model::{private_key, World};
use crate::post::Place;
use crate::Sandbox;
use serde_json::Value;

/// What the bot wants to do in the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Read or copy from it.
    Read,
    /// Send, edit or delete in it.
    Write,
}

/// Resolves parameter `name` (`chat_id`, `from_chat_id`) to a chat the bot may use.
pub(crate) fn place(
    w: &World,
    bot: i64,
    p: &Params,
    name: &str,
    access: Access,
) -> Result<Place, BotApiError> {
    let not_found = || BotApiError::new(400, bot_text::CHAT_NOT_FOUND);
    let id = match p.raw(name) {
        None => return Err(BotApiError::bad_request(&format!("{name} is empty"))),
        Some(Value::String(s)) if s.starts_with('@') => {
            let username = &s[1..];
            w.channels
                .values()
                .find(|c| {
                    c.username
                        .as_deref()
                        .is_some_and(|u| u.eq_ignore_ascii_case(username))
                })
                .map(|c| c.id)
                .ok_or_else(not_found)?
        }
        Some(_) => p.req_i64(name).map_err(|_| not_found())?,
    };
    if id > 0 {
        let known = w.users.contains_key(&id) || w.accounts.contains_key(&id);
        if !known {
            return Err(not_found());
        }
        if !w.private_chats.contains_key(&private_key(bot, id)) {
            return Err(BotApiError::new(403, bot_text::CANT_INITIATE));
        }
        let blocked = w
            .users
            .get(&id)
            .is_some_and(|u| u.blocked_bots.contains(&bot));
        if access == Access::Write && blocked {
            return Err(BotApiError::new(403, bot_text::BLOCKED_BY_USER));
        }
        return Ok(Place::Private { bot, user: id });
    }
    let c = w
        .channels
        .get(&id)
        .filter(|c| !c.banned)
        .ok_or_else(not_found)?;
    if !c.members.contains(&bot) {
        return Err(BotApiError::new(403, bot_text::NOT_CHANNEL_MEMBER));
    }
    if access == Access::Write && !c.admins.contains(&bot) {
        return Err(BotApiError::new(400, bot_text::NEED_ADMIN));
    }
    Ok(Place::Channel(id))
}

/// Takes a send token for `bot` towards `place`, or answers 429 with `retry_after`.
pub(crate) fn take_send(
    sb: &Sandbox,
    w: &mut World,
    bot: i64,
    place: Place,
) -> Result<(), BotApiError> {
    let rates = sb.config().rates;
    let chat_rate = match place {
        Place::Channel(_) => rates.bot_per_channel,
        Place::Private { .. } => rates.bot_per_private_chat,
    };
    let keys = [
        (format!("bot:{bot}:chat:{}", place.chat_id()), chat_rate),
        (format!("bot:{bot}:global"), rates.bot_global),
    ];
    sb.take_rate(&keys).map_err(|seconds| {
        if let Some(b) = w.bots.get_mut(&bot) {
            b.counters.flood_waits += 1;
        }
        BotApiError::flood(seconds)
    })
}

/// Counts sent messages for the bot.
pub(crate) fn count_sent(w: &mut World, bot: i64, n: u64) {
    if let Some(b) = w.bots.get_mut(&bot) {
        b.counters.messages_sent += n;
    }
}
