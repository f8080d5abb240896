//! Between grammers' types (and raw `tl` types) and the port's types. Raw `tl` types stay
//! inside this adapter.

use super::markup::keyboard_from_raw;
use crate::message::{AlbumItem, OutgoingMedia, UploadAs};
use crate::types::{ChatId, MediaKind, MediaRef, UploadedFile, WorkerMessage};
use grammers_client::media::{Downloadable, InputMedia, InputVideo, Media, Uploaded};
use grammers_client::message::{InputMessage, Message};
use grammers_client::tl;
use std::time::Duration;

/// The Bot API chat id of a grammers message's chat.
pub fn chat_of(m: &Message) -> ChatId {
    ChatId(m.peer_id().bot_api_dialog_id().unwrap_or_default())
}

/// A port message from a grammers message.
pub fn worker_message(m: &Message) -> WorkerMessage {
    let chat = chat_of(m);
    WorkerMessage {
        chat,
        id: m.id(),
        date: m.date().as_second(),
        text: m.text().to_owned(),
        media: m
            .media()
            .and_then(|media| media_ref(&media, Some((chat, m.id())))),
        grouped_id: m.grouped_id(),
        forwarded_from: m.forward_header().and_then(|h| {
            let tl::enums::MessageFwdHeader::Header(h) = h;
            match h.from_id? {
                tl::enums::Peer::Channel(c) => Some(ChatId::channel(c.channel_id)),
                tl::enums::Peer::User(u) => Some(ChatId(u.user_id)),
                tl::enums::Peer::Chat(c) => Some(ChatId(-c.chat_id)),
            }
        }),
        reply_markup: m.reply_markup().and_then(keyboard_from_raw),
    }
}

/// A stored media reference from grammers media (photos and documents only).
pub fn media_ref(media: &Media, origin: Option<(ChatId, i32)>) -> Option<MediaRef> {
    match media {
        Media::Photo(p) => {
            let tl::enums::InputPhoto::Photo(input) = p.to_raw_input_photo() else {
                return None;
            };
            let size_type = match p.to_raw_input_location() {
                Some(tl::enums::InputFileLocation::InputPhotoFileLocation(l)) => Some(l.thumb_size),
                _ => None,
            };
            Some(MediaRef {
                kind: MediaKind::Photo,
                id: input.id,
                access_hash: input.access_hash,
                file_reference: input.file_reference,
                dc_id: p.dc_id().unwrap_or_default(),
                size: p.size().unwrap_or_default() as u64,
                mime_type: Some("image/jpeg".into()),
                file_name: None,
                photo_size_type: size_type,
                origin,
            })
        }
        Media::Document(d) => {
            let tl::enums::InputDocument::Document(input) = d.to_raw_input_document() else {
                return None;
            };
            let is_video =
                d.mime_type().is_some_and(|m| m.starts_with("video/")) && d.duration().is_some();
            Some(MediaRef {
                kind: if is_video {
                    MediaKind::Video
                } else {
                    MediaKind::Document
                },
                id: input.id,
                access_hash: input.access_hash,
                file_reference: input.file_reference,
                dc_id: d.dc_id().unwrap_or_default(),
                size: d.size().unwrap_or_default() as u64,
                mime_type: d.mime_type().map(str::to_owned),
                file_name: d.name().map(str::to_owned),
                photo_size_type: None,
                origin,
            })
        }
        _ => None,
    }
}

/// A download location for a stored reference (used with `iter_download`).
pub struct RefLocation<'a>(pub &'a MediaRef);

impl Downloadable for RefLocation<'_> {
    fn to_raw_input_location(&self) -> Option<tl::enums::InputFileLocation> {
        let r = self.0;
        Some(match r.kind {
            MediaKind::Photo => tl::types::InputPhotoFileLocation {
                id: r.id,
                access_hash: r.access_hash,
                file_reference: r.file_reference.clone(),
                thumb_size: r.photo_size_type.clone().unwrap_or_else(|| "w".into()),
            }
            .into(),
            MediaKind::Document | MediaKind::Video => tl::types::InputDocumentFileLocation {
                id: r.id,
                access_hash: r.access_hash,
                file_reference: r.file_reference.clone(),
                thumb_size: String::new(),
            }
            .into(),
        })
    }

    fn size(&self) -> Option<usize> {
        usize::try_from(self.0.size).ok()
    }

    fn dc_id(&self) -> Option<i32> {
        Some(self.0.dc_id)
    }
}

/// The raw input media that sends a stored reference again (no upload).
pub fn stored_input_media(r: &MediaRef) -> tl::enums::InputMedia {
    match r.kind {
        MediaKind::Photo => tl::types::InputMediaPhoto {
            spoiler: false,
            live_photo: false,
            id: tl::types::InputPhoto {
                id: r.id,
                access_hash: r.access_hash,
                file_reference: r.file_reference.clone(),
            }
            .into(),
            ttl_seconds: None,
            video: None,
        }
        .into(),
        MediaKind::Document | MediaKind::Video => tl::types::InputMediaDocument {
            spoiler: false,
            id: tl::types::InputDocument {
                id: r.id,
                access_hash: r.access_hash,
                file_reference: r.file_reference.clone(),
            }
            .into(),
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
            query: None,
        }
        .into(),
    }
}

/// grammers' handle of a file uploaded in parts.
pub fn uploaded(file: &UploadedFile) -> Uploaded {
    let parts = i32::try_from(file.parts).unwrap_or(i32::MAX);
    let raw: tl::enums::InputFile = if file.big {
        tl::types::InputFileBig {
            id: file.id,
            parts,
            name: file.name.clone(),
        }
        .into()
    } else {
        tl::types::InputFile {
            id: file.id,
            parts,
            name: file.name.clone(),
            md5_checksum: file.md5.clone().unwrap_or_default(),
        }
        .into()
    };
    Uploaded::from_raw(raw)
}

/// Adds outgoing media to a message being built.
pub fn with_media(msg: InputMessage, media: &OutgoingMedia) -> InputMessage {
    match media {
        OutgoingMedia::Stored(r) => msg.media(stored_input_media(r)),
        OutgoingMedia::Uploaded { file, as_ } => match as_ {
            UploadAs::Photo => msg.photo(uploaded(file)),
            UploadAs::Document { mime_type } => msg.document(uploaded(file)).mime_type(mime_type),
            UploadAs::Video { .. } => msg.media(video(file, as_)),
        },
    }
}

/// One album item.
pub fn album_item(item: &AlbumItem) -> InputMedia {
    let m = InputMedia::new().caption(item.caption.clone());
    match &item.media {
        OutgoingMedia::Stored(r) => m.media(stored_input_media(r)),
        OutgoingMedia::Uploaded { file, as_ } => match as_ {
            UploadAs::Photo => m.photo(uploaded(file)),
            UploadAs::Document { mime_type } => m.document(uploaded(file)).mime_type(mime_type),
            UploadAs::Video { .. } => m.media(video(file, as_)),
        },
    }
}

fn video(file: &UploadedFile, as_: &UploadAs) -> InputVideo {
    let v = InputVideo::new(uploaded(file)).supports_streaming(true);
    match as_ {
        UploadAs::Video {
            mime_type,
            duration_secs,
            width,
            height,
        } => v
            .mime_type(mime_type.clone())
            .duration(Duration::from_secs(u64::from(*duration_secs)))
            .size(
                i32::try_from(*width).unwrap_or(0),
                i32::try_from(*height).unwrap_or(0),
            ),
        _ => v,
    }
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
