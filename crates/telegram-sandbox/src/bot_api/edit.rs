//! `copyMessage`, `forwardMessage`, `deleteMessage`, `editMessageText`,
//! `editMessageCaption`, `answerCallbackQuery`.

use super::params::Params;
use super::send::{caption, limit_error, markup};
use super::target::{count_sent, place, take_send, Access};
use super::ApiResult;
use crate::errors::{bot_text, BotApiError};
use crate::model::{CallbackAnswer, ForwardOrigin, Sender};
use crate::post::{Draft, Place};
use crate::views::message_json;
use crate::Sandbox;
use serde_json::{json, Value};
use streamvault_telegram::message::check_text;

/// `copyMessage` (`forward = false`) and `forwardMessage` (`forward = true`): the file is
/// not uploaded again.
pub(crate) fn copy_or_forward(sb: &Sandbox, bot: i64, p: &Params, forward: bool) -> ApiResult {
    let missing = if forward {
        bot_text::MESSAGE_TO_FORWARD_NOT_FOUND
    } else {
        bot_text::MESSAGE_TO_COPY_NOT_FOUND
    };
    sb.write(|w| {
        let to = place(w, bot, p, "chat_id", Access::Write)?;
        let from = place(w, bot, p, "from_chat_id", Access::Read)?;
        let id =
            i32::try_from(p.req_i64("message_id")?).map_err(|_| BotApiError::new(400, missing))?;
        let original = w
            .log(from)
            .and_then(|l| l.messages.get(&id))
            .cloned()
            .ok_or_else(|| BotApiError::new(400, missing))?;
        let mut draft = Draft::text(Sender::Bot(bot), &original.text);
        draft.media = original.media.clone();
        if forward {
            draft.forward = Some(original.forward.unwrap_or(ForwardOrigin {
                chat: from.chat_id(),
                message_id: id,
                date: original.date,
            }));
            draft.reply_markup = original.reply_markup.clone();
        } else {
            if p.raw("caption").is_some() {
                draft.text = caption(p.str("caption"))?;
            }
            draft.reply_markup = markup(p)?;
        }
        take_send(sb, w, bot, to)?;
        let m = w
            .append(to, draft, sb.now_ms())
            .ok_or_else(|| BotApiError::new(400, bot_text::CHAT_NOT_FOUND))?;
        count_sent(w, bot, 1);
        Ok(if forward {
            message_json(w, bot, to.key(), &m)
        } else {
            json!({ "message_id": m.id })
        })
    })
}

/// `deleteMessage`.
pub(crate) fn delete_message(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.write(|w| {
        let at = place(w, bot, p, "chat_id", Access::Write)?;
        let id = i32::try_from(p.req_i64("message_id")?).unwrap_or(0);
        let removed = w.log_mut(at).and_then(|l| l.messages.remove(&id));
        if removed.is_none() {
            return Err(BotApiError::new(400, bot_text::MESSAGE_TO_DELETE_NOT_FOUND));
        }
        if let Place::Channel(c) = at {
            w.deliver_deleted(c, &[id], Sender::Bot(bot));
        }
        Ok(Value::Bool(true))
    })
}

/// `editMessageText` (`caption = false`) and `editMessageCaption` (`caption = true`).
/// As in the Bot API, leaving out `reply_markup` removes the inline keyboard.
pub(crate) fn edit(sb: &Sandbox, bot: i64, p: &Params, is_caption: bool) -> ApiResult {
    sb.write(|w| {
        let at = place(w, bot, p, "chat_id", Access::Write)?;
        let id = i32::try_from(p.req_i64("message_id")?).unwrap_or(0);
        let not_found = || BotApiError::new(400, bot_text::MESSAGE_TO_EDIT_NOT_FOUND);
        let current = w
            .log(at)
            .and_then(|l| l.messages.get(&id))
            .cloned()
            .ok_or_else(not_found)?;
        if matches!(at, Place::Private { .. }) && current.sender != Sender::Bot(bot) {
            return Err(BotApiError::bad_request("message can't be edited"));
        }
        let text = if is_caption {
            if current.media.is_none() {
                return Err(BotApiError::new(400, bot_text::NO_CAPTION_TO_EDIT));
            }
            caption(p.str("caption"))?
        } else {
            if current.media.is_some() {
                return Err(BotApiError::new(400, bot_text::NO_TEXT_TO_EDIT));
            }
            let t = p.str("text").unwrap_or_default();
            check_text(&t).map_err(limit_error)?;
            t
        };
        let keyboard = markup(p)?;
        if text == current.text && keyboard == current.reply_markup {
            return Err(BotApiError::new(400, bot_text::MESSAGE_NOT_MODIFIED));
        }
        // Edits count against the same flood buckets as sends: a bot editing a status
        // message on every progress tick gets 429s from Telegram too.
        take_send(sb, w, bot, at)?;
        if let Some(b) = w.bots.get_mut(&bot) {
            b.counters.messages_edited += 1;
        }
        let now = sb.now_ms();
        let mut edited = current;
        edited.text = text;
        edited.reply_markup = keyboard;
        edited.edit_date = Some(now.div_euclid(1000));
        if let Some(log) = w.log_mut(at) {
            log.messages.insert(id, edited.clone());
        }
        w.deliver(at, &edited, true, now);
        Ok(message_json(w, bot, at.key(), &edited))
    })
}

/// `answerCallbackQuery`: once per query.
pub(crate) fn answer_callback_query(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.write(|w| {
        let id = p.str("callback_query_id").unwrap_or_default();
        let q = w
            .callback_queries
            .get_mut(&id)
            .filter(|q| q.bot == bot && q.answer.is_none())
            .ok_or_else(|| BotApiError::new(400, bot_text::QUERY_TOO_OLD))?;
        q.answer = Some(CallbackAnswer {
            text: p.str("text"),
            show_alert: p.bool("show_alert"),
        });
        Ok(Value::Bool(true))
    })
}
