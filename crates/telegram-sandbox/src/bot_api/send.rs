//! `sendMessage`, `sendPhoto`, `sendDocument`, `sendVideo`, `sendMediaGroup`.

use super::params::{Params, Upload};
use super::target::{count_sent, place, take_send, Access};
use super::ApiResult;
use crate::errors::{bot_text, BotApiError};
use crate::model::{MediaRec, Sender, World};
use crate::post::Draft;
use crate::views::{message_json, parse_file_id, parse_keyboard};
use crate::Sandbox;
use serde_json::Value;
use streamvault_telegram::limits::MAX_ALBUM_ITEMS;
use streamvault_telegram::message::{check_caption, check_keyboard, check_text, LimitViolation};
use streamvault_telegram::{InlineKeyboard, MediaKind};

/// The Bot API error of a broken message limit.
pub(crate) fn limit_error(v: LimitViolation) -> BotApiError {
    let text = match v {
        LimitViolation::TextEmpty => bot_text::MESSAGE_TEXT_EMPTY,
        LimitViolation::TextTooLong => bot_text::MESSAGE_TOO_LONG,
        LimitViolation::CaptionTooLong => bot_text::CAPTION_TOO_LONG,
        LimitViolation::CallbackData => bot_text::BUTTON_DATA_INVALID,
        LimitViolation::AlbumSize => bot_text::ALBUM_TOO_MANY,
    };
    BotApiError::new(400, text)
}

/// Reads and checks `reply_markup`.
pub(crate) fn markup(p: &Params) -> Result<Option<InlineKeyboard>, BotApiError> {
    let Some(v) = p.json("reply_markup")? else {
        return Ok(None);
    };
    let k = parse_keyboard(&v).map_err(|e| BotApiError::bad_request(&e))?;
    if let Some(k) = &k {
        check_keyboard(k).map_err(limit_error)?;
    }
    Ok(k)
}

/// Reads and checks `caption` (or another caption field).
pub(crate) fn caption(v: Option<String>) -> Result<String, BotApiError> {
    let c = v.unwrap_or_default();
    check_caption(&c).map_err(limit_error)?;
    Ok(c)
}

fn mime_for(kind: MediaKind, upload: &Upload) -> Option<String> {
    match kind {
        MediaKind::Photo => Some("image/jpeg".to_owned()),
        _ => upload
            .mime_type
            .clone()
            .or_else(|| Some("application/octet-stream".to_owned())),
    }
}

/// Resolves a file parameter: an upload, `attach://name`, or this bot's `file_id`.
fn input_file(
    w: &mut World,
    bot: i64,
    p: &Params,
    value: Option<&Value>,
    field: &str,
    kind: MediaKind,
) -> Result<MediaRec, BotApiError> {
    let upload = match value {
        Some(Value::String(s)) if s.starts_with("attach://") => {
            Some(p.files.get(&s["attach://".len()..]).ok_or_else(|| {
                BotApiError::bad_request("can't parse InputMedia: media not found")
            })?)
        }
        None => p.files.get(field),
        _ => None,
    };
    if let Some(u) = upload {
        let file = w.new_file(u.blob.clone(), u.size);
        w.mark_seen(bot, file);
        let (width, height) = if kind == MediaKind::Document {
            (0, 0)
        } else {
            (1280, 720)
        };
        let file_name = (kind != MediaKind::Photo)
            .then(|| u.file_name.clone())
            .flatten();
        return Ok(MediaRec {
            kind,
            file,
            file_name,
            mime_type: mime_for(kind, u),
            width,
            height,
            duration: 0,
        });
    }
    let s = match value {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(BotApiError::new(400, bot_text::WRONG_FILE_ID)),
        None => {
            return Err(BotApiError::bad_request(&format!(
                "there is no {field} in the request"
            )))
        }
    };
    if s.contains("://") {
        return Err(BotApiError::bad_request("failed to get HTTP URL content"));
    }
    let owned = parse_file_id(&s).filter(|(b, f)| {
        *b == bot
            && w.files
                .get(f)
                .is_some_and(|f| f.seen_by_bots.contains(&bot))
    });
    let (_, file) = owned.ok_or_else(|| BotApiError::new(400, bot_text::WRONG_FILE_ID))?;
    w.reuse_media(file, kind)
        .ok_or_else(|| BotApiError::new(400, bot_text::WRONG_FILE_ID))
}

/// `sendMessage`.
pub(crate) fn send_message(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.write(|w| {
        let place = place(w, bot, p, "chat_id", Access::Write)?;
        let text = p.str("text").unwrap_or_default();
        check_text(&text).map_err(limit_error)?;
        let keyboard = markup(p)?;
        take_send(sb, w, bot, place)?;
        let mut draft = Draft::text(Sender::Bot(bot), &text);
        draft.reply_markup = keyboard;
        let m = w
            .append(place, draft, sb.now_ms())
            .ok_or_else(|| BotApiError::new(400, bot_text::CHAT_NOT_FOUND))?;
        count_sent(w, bot, 1);
        Ok(message_json(w, bot, place.key(), &m))
    })
}

/// `sendPhoto`, `sendDocument`, `sendVideo`.
pub(crate) fn send_media(sb: &Sandbox, bot: i64, p: &Params, kind: MediaKind) -> ApiResult {
    let field = match kind {
        MediaKind::Photo => "photo",
        MediaKind::Document => "document",
        MediaKind::Video => "video",
    };
    sb.write(|w| {
        let place = place(w, bot, p, "chat_id", Access::Write)?;
        let text = caption(p.str("caption"))?;
        let keyboard = markup(p)?;
        let media = input_file(w, bot, p, p.raw(field), field, kind)?;
        take_send(sb, w, bot, place)?;
        let mut draft = Draft::text(Sender::Bot(bot), &text);
        draft.media = Some(media);
        draft.reply_markup = keyboard;
        let m = w
            .append(place, draft, sb.now_ms())
            .ok_or_else(|| BotApiError::new(400, bot_text::CHAT_NOT_FOUND))?;
        count_sent(w, bot, 1);
        Ok(message_json(w, bot, place.key(), &m))
    })
}

/// `sendMediaGroup`. One item is sent as a single message, as the Bot API does.
pub(crate) fn send_media_group(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.write(|w| {
        let place = place(w, bot, p, "chat_id", Access::Write)?;
        let items = match p.json("media")? {
            None => return Err(BotApiError::bad_request("parameter \"media\" is required")),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(BotApiError::bad_request("can't parse media JSON object")),
        };
        if items.is_empty() {
            return Err(BotApiError::new(400, bot_text::ALBUM_EMPTY));
        }
        if items.len() > MAX_ALBUM_ITEMS {
            return Err(BotApiError::new(400, bot_text::ALBUM_TOO_MANY));
        }
        let mut drafts = Vec::with_capacity(items.len());
        for item in &items {
            let kind = match item.get("type").and_then(Value::as_str) {
                Some("photo") => MediaKind::Photo,
                Some("video") => MediaKind::Video,
                Some("document") => MediaKind::Document,
                _ => {
                    return Err(BotApiError::bad_request(
                        "can't parse InputMedia: unsupported type",
                    ))
                }
            };
            let text = caption(
                item.get("caption")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            )?;
            let media = input_file(w, bot, p, item.get("media"), "media", kind)?;
            let mut draft = Draft::text(Sender::Bot(bot), &text);
            draft.media = Some(media);
            drafts.push(draft);
        }
        let docs = drafts
            .iter()
            .filter(|d| {
                d.media
                    .as_ref()
                    .is_some_and(|m| m.kind == MediaKind::Document)
            })
            .count();
        if docs > 0 && docs < drafts.len() {
            return Err(BotApiError::bad_request(
                "document can't be mixed with other media types",
            ));
        }
        for _ in &drafts {
            take_send(sb, w, bot, place)?;
        }
        let group = (drafts.len() > 1).then(|| w.new_group_id());
        let now = sb.now_ms();
        let mut out = Vec::with_capacity(drafts.len());
        for mut draft in drafts {
            draft.media_group_id = group;
            let m = w
                .append(place, draft, now)
                .ok_or_else(|| BotApiError::new(400, bot_text::CHAT_NOT_FOUND))?;
            out.push(message_json(w, bot, place.key(), &m));
        }
        count_sent(w, bot, out.len() as u64);
        Ok(Value::Array(out))
    })
}
