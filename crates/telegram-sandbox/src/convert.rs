//! How stored records look to a worker: media references with per-account hashes and
//! time-stamped file references.

use crate::model::{MediaRec, MessageRec, World};
use std::time::Duration;
use streamvault_telegram::{ChatId, MediaKind, MediaRef, WorkerMessage};

/// Data center the sandbox claims to store files in.
pub const SANDBOX_DC: i32 = 2;

/// The access hash of file `file` for account `account` (stable, differs per account).
pub fn access_hash(account: i64, file: i64) -> i64 {
    let mut z = (account as u64) ^ (file as u64).rotate_left(32) ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) as i64
}

/// A file reference issued at `now_ms`.
pub fn file_reference(now_ms: i64) -> Vec<u8> {
    now_ms.to_be_bytes().to_vec()
}

/// Whether a file reference is still valid at `now_ms`; `None` when malformed.
pub fn reference_valid(reference: &[u8], now_ms: i64, ttl: Duration) -> Option<bool> {
    let issued = i64::from_be_bytes(reference.try_into().ok()?);
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    Some(now_ms.saturating_sub(issued) <= ttl_ms)
}

/// The media reference an account gets for `media` in message `origin`.
pub fn media_ref(
    w: &World,
    account: i64,
    media: &MediaRec,
    origin: (ChatId, i32),
    now_ms: i64,
) -> MediaRef {
    let size = w.files.get(&media.file).map_or(0, |f| f.size);
    MediaRef {
        kind: media.kind,
        id: media.file,
        access_hash: access_hash(account, media.file),
        file_reference: file_reference(now_ms),
        dc_id: SANDBOX_DC,
        size,
        mime_type: media.mime_type.clone(),
        file_name: media.file_name.clone(),
        photo_size_type: (media.kind == MediaKind::Photo).then(|| "y".to_owned()),
        origin: Some(origin),
    }
}

/// A message as account `account` sees it in chat `chat`.
pub fn worker_message(
    w: &World,
    account: i64,
    chat: i64,
    m: &MessageRec,
    now_ms: i64,
) -> WorkerMessage {
    WorkerMessage {
        chat: ChatId(chat),
        id: m.id,
        date: m.date,
        text: m.text.clone(),
        media: m
            .media
            .as_ref()
            .map(|media| media_ref(w, account, media, (ChatId(chat), m.id), now_ms)),
        grouped_id: m.media_group_id,
        forwarded_from: m.forward.map(|f| ChatId(f.chat)),
        reply_markup: m.reply_markup.clone(),
    }
}
