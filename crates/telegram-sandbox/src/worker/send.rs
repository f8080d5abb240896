//! Worker sends: messages, albums, forwards.

use super::access::{begin, channel, check_media, refuse, stored_media, take_send, Need};
use crate::convert::worker_message;
use crate::errors::rpc_text;
use crate::model::{ForwardOrigin, MediaRec, Sender, World};
use crate::post::{Draft, Place};
use crate::Sandbox;
use std::collections::HashMap;
use streamvault_telegram::limits::MAX_ALBUM_ITEMS;
use streamvault_telegram::message::{check_caption, check_keyboard, check_text, LimitViolation};
use streamvault_telegram::{
    AlbumItem, ChatId, ForwardMode, MediaKind, MessageId, OutgoingMedia, OutgoingMessage, UploadAs,
    WorkerError, WorkerMessage,
};

fn limit_error(v: LimitViolation) -> WorkerError {
    let name = match v {
        LimitViolation::TextEmpty => rpc_text::MESSAGE_EMPTY,
        LimitViolation::TextTooLong => rpc_text::MESSAGE_TOO_LONG,
        LimitViolation::CaptionTooLong => rpc_text::MEDIA_CAPTION_TOO_LONG,
        LimitViolation::CallbackData => rpc_text::BUTTON_DATA_INVALID,
        LimitViolation::AlbumSize => rpc_text::MULTI_MEDIA_TOO_LONG,
    };
    refuse(400, name)
}

/// Turns outgoing media into a stored media record (consuming a finished upload).
fn resolve_media(
    sb: &Sandbox,
    w: &mut World,
    account: i64,
    media: &OutgoingMedia,
) -> Result<MediaRec, WorkerError> {
    match media {
        OutgoingMedia::Stored(r) => {
            check_media(sb, w, account, r, rpc_text::MEDIA_INVALID)?;
            let original = r.origin.and_then(|(chat, id)| {
                w.log(Place::Channel(chat.0))
                    .and_then(|log| log.messages.get(&id))
                    .and_then(|m| m.media.clone())
                    .filter(|m| m.file == r.id)
            });
            Ok(original.unwrap_or_else(|| stored_media(r)))
        }
        OutgoingMedia::Uploaded { file, as_ } => {
            let acc = w
                .accounts
                .get_mut(&account)
                .ok_or_else(|| refuse(401, "AUTH_KEY_UNREGISTERED"))?;
            let upload = acc
                .uploads
                .remove(&file.id)
                .ok_or_else(|| refuse(400, rpc_text::FILE_PART_MISSING))?;
            let id = w.new_file(upload.blob, upload.size);
            let (kind, mime, width, height, duration) = match as_ {
                UploadAs::Photo => (
                    MediaKind::Photo,
                    Some("image/jpeg".to_owned()),
                    1280,
                    720,
                    0,
                ),
                UploadAs::Document { mime_type } => {
                    (MediaKind::Document, Some(mime_type.clone()), 0, 0, 0)
                }
                UploadAs::Video {
                    mime_type,
                    duration_secs,
                    width,
                    height,
                } => (
                    MediaKind::Video,
                    Some(mime_type.clone()),
                    *width,
                    *height,
                    *duration_secs,
                ),
            };
            let file_name = (kind != MediaKind::Photo).then(|| file.name.clone());
            Ok(MediaRec {
                kind,
                file: id,
                file_name,
                mime_type: mime,
                width,
                height,
                duration,
            })
        }
    }
}

fn check_outgoing(m: &OutgoingMessage) -> Result<(), WorkerError> {
    if m.media.is_some() {
        check_caption(&m.text)
    } else {
        check_text(&m.text)
    }
    .map_err(limit_error)?;
    m.reply_markup
        .as_ref()
        .map_or(Ok(()), check_keyboard)
        .map_err(limit_error)
}

/// `messages.sendMessage` / `sendMedia`.
pub(crate) fn send_message(
    sb: &Sandbox,
    account: i64,
    chat: ChatId,
    m: OutgoingMessage,
) -> Result<WorkerMessage, WorkerError> {
    sb.write(|w| {
        begin(w, account)?;
        let c = channel(w, account, chat, Need::Admin)?;
        check_outgoing(&m)?;
        take_send(sb, w, account)?;
        let media = m
            .media
            .as_ref()
            .map(|media| resolve_media(sb, w, account, media))
            .transpose()?;
        let mut draft = Draft::text(Sender::Account(account), &m.text);
        draft.media = media;
        draft.reply_markup = m.reply_markup.clone();
        let now = sb.now_ms();
        let msg = w
            .append(Place::Channel(c), draft, now)
            .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
        if let Some(a) = w.accounts.get_mut(&account) {
            a.counters.messages_sent += 1;
        }
        Ok(worker_message(w, account, c, &msg, now))
    })
}

/// `messages.sendMultiMedia`. One item is sent as a single message, as Telegram does.
pub(crate) fn send_album(
    sb: &Sandbox,
    account: i64,
    chat: ChatId,
    items: Vec<AlbumItem>,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    sb.write(|w| {
        begin(w, account)?;
        let c = channel(w, account, chat, Need::Admin)?;
        if items.is_empty() {
            return Err(refuse(400, rpc_text::MEDIA_EMPTY));
        }
        if items.len() > MAX_ALBUM_ITEMS {
            return Err(refuse(400, rpc_text::MULTI_MEDIA_TOO_LONG));
        }
        for item in &items {
            check_caption(&item.caption).map_err(limit_error)?;
        }
        take_send(sb, w, account)?;
        let group = (items.len() > 1).then(|| w.new_group_id());
        let now = sb.now_ms();
        let mut sent = Vec::with_capacity(items.len());
        let medias = items
            .iter()
            .map(|item| resolve_media(sb, w, account, &item.media))
            .collect::<Result<Vec<_>, _>>()?;
        for (item, media) in items.iter().zip(medias) {
            let mut draft = Draft::text(Sender::Account(account), &item.caption);
            draft.media = Some(media);
            draft.media_group_id = group;
            let msg = w
                .append(Place::Channel(c), draft, now)
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            sent.push(worker_message(w, account, c, &msg, now));
        }
        if let Some(a) = w.accounts.get_mut(&account) {
            a.counters.messages_sent += sent.len() as u64;
        }
        Ok(sent)
    })
}

/// `messages.forwardMessages` (with `drop_author` for copies).
pub(crate) fn forward(
    sb: &Sandbox,
    account: i64,
    from: ChatId,
    ids: &[MessageId],
    to: ChatId,
    mode: ForwardMode,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    sb.write(|w| {
        begin(w, account)?;
        let src = channel(w, account, from, Need::Read)?;
        let dst = channel(w, account, to, Need::Admin)?;
        let originals = {
            let log = w
                .log(Place::Channel(src))
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            ids.iter()
                .map(|id| {
                    log.messages
                        .get(id)
                        .cloned()
                        .ok_or_else(|| refuse(400, rpc_text::MESSAGE_ID_INVALID))
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        take_send(sb, w, account)?;
        let now = sb.now_ms();
        let mut groups: HashMap<i64, i64> = HashMap::new();
        let mut sent = Vec::with_capacity(originals.len());
        for o in originals {
            let group = o
                .media_group_id
                .map(|g| *groups.entry(g).or_insert_with(|| w.new_group_id()));
            let forward = match (mode, o.forward) {
                (ForwardMode::DropAuthor, _) => None,
                (ForwardMode::KeepAuthor, Some(earlier)) => Some(earlier),
                (ForwardMode::KeepAuthor, None) => Some(ForwardOrigin {
                    chat: src,
                    message_id: o.id,
                    date: o.date,
                }),
            };
            let draft = Draft {
                sender: Sender::Account(account),
                text: o.text.clone(),
                media: o.media.clone(),
                media_group_id: group,
                reply_markup: None,
                forward,
            };
            let msg = w
                .append(Place::Channel(dst), draft, now)
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            sent.push(worker_message(w, account, dst, &msg, now));
        }
        if let Some(a) = w.accounts.get_mut(&account) {
            a.counters.messages_sent += sent.len() as u64;
        }
        Ok(sent)
    })
}
