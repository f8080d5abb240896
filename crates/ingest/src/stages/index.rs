//! Indexing: the content row, media info and subtitle map, Telegram refs.

use crate::error::IngestError;
use crate::state::{IngestState, Posted};
use async_trait::async_trait;
use streamvault_core::rename::{ReleaseInfo, ReleaseKind};
use streamvault_core::ContentId;
use streamvault_media::MediaProbe;
use streamvault_store::contents::{
    insert_with_fresh_slug, Content, ContentFields, ContentKind, ContentStatus, FileHashes,
};
use streamvault_store::media::{MediaInfo, Screenshot};
use streamvault_store::telegram_refs::{NewTelegramRef, RefRole};
use streamvault_store::{Store, StoreError};
use streamvault_telegram::{ChatId, MessageId};

/// The manager bot's own `file_id` of a channel post (the bot learns it from
/// `channel_post` updates). The hive cannot see the bot: the binary plugs in a source
/// when the bot runs in the same process, else the manager fills the ids later with
/// `TelegramRefStore::set_bot_file_id`.
#[async_trait]
pub trait BotFileIds: Send + Sync {
    /// `(file_id, file_unique_id)` of the file in `chat`/`message`, when known.
    async fn file_id(&self, chat: ChatId, message: MessageId) -> Option<(String, String)>;
}

fn content_kind(k: ReleaseKind) -> ContentKind {
    match k {
        ReleaseKind::Movie => ContentKind::Movie,
        ReleaseKind::Episode => ContentKind::Episode,
        ReleaseKind::SeasonPack => ContentKind::SeasonPack,
    }
}

/// The content fields of an ingested file.
pub(crate) fn fields(st: &IngestState, genre: Option<&str>) -> Result<ContentFields, IngestError> {
    let release = st.release.clone().unwrap_or_default();
    let clean = st
        .pack_name
        .clone()
        .or_else(|| st.clean_name.clone())
        .ok_or(IngestError::Missing("clean name"))?;
    let digests = st.digests.as_ref().ok_or(IngestError::Missing("digests"))?;
    let title = if release.title.trim().is_empty() {
        clean.clone()
    } else {
        release.title.clone()
    };
    Ok(ContentFields {
        year: release.year.map(i32::from),
        season: release.season.and_then(|s| i32::try_from(s).ok()),
        episode: release
            .episodes
            .first()
            .and_then(|e| i32::try_from(*e).ok()),
        genre: genre.map(str::to_owned),
        status: ContentStatus::Published,
        file_name: Some(clean),
        size_bytes: i64::try_from(st.size).ok(),
        hashes: FileHashes {
            sha256: Some(digests.sha256.clone()),
            sha1: digests.sha1.clone(),
            md5: digests.md5.clone(),
        },
        ..ContentFields::new(title, content_kind(release.kind))
    })
}

/// The content of this file: the one already indexed with its SHA-256 (a resumed
/// index stage), else a new row with a fresh 7-character slug.
pub(crate) async fn content(
    store: &dyn Store,
    fields: &ContentFields,
    now: i64,
) -> Result<Content, IngestError> {
    if let Some(sha) = &fields.hashes.sha256 {
        if let Some(c) = store.content_by_sha256(sha).await? {
            return Ok(c);
        }
    }
    Ok(insert_with_fresh_slug(store, fields, now).await?)
}

/// Records a reference; an existing one (resumed stage) is fine.
pub(crate) async fn add_ref(
    store: &dyn Store,
    r: &NewTelegramRef,
    now: i64,
) -> Result<(), IngestError> {
    match store.add_telegram_ref(r, now).await {
        Ok(_) | Err(StoreError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A reference of `posted`.
pub(crate) fn reference(
    content: ContentId,
    role: RefRole,
    posted: &Posted,
    part: usize,
    uploaded_by: Option<&str>,
    bot: Option<(String, String)>,
) -> NewTelegramRef {
    let (bot_file_id, file_unique_id) = match bot {
        Some((f, u)) => (Some(f), Some(u)),
        None => (None, None),
    };
    NewTelegramRef {
        content_id: content,
        role,
        channel_id: posted.chat.0,
        message_id: i64::from(posted.id),
        media_group_id: posted.grouped_id.map(|g| g.to_string()),
        bot_file_id,
        file_unique_id,
        uploaded_by: uploaded_by.map(str::to_owned),
        part: i32::try_from(part).unwrap_or(i32::MAX),
    }
}

/// Stores media info and the track map.
pub(crate) async fn media_info(
    store: &dyn Store,
    content: ContentId,
    probe: &MediaProbe,
) -> Result<(), IngestError> {
    Ok(store
        .set_media_info(content, &MediaInfo::from(probe))
        .await?)
}

/// Records a screenshot for the gallery (idempotent per message).
pub(crate) async fn screenshot(
    store: &dyn Store,
    content: ContentId,
    position_ms: i64,
    posted: &Posted,
    bot_file_id: Option<String>,
) -> Result<(), IngestError> {
    let known = store.list_screenshots(content).await?;
    if known
        .iter()
        .any(|s| s.channel_id == posted.chat.0 && s.message_id == i64::from(posted.id))
    {
        return Ok(());
    }
    let shot = Screenshot {
        content_id: content,
        position_ms,
        channel_id: posted.chat.0,
        message_id: i64::from(posted.id),
        bot_file_id,
    };
    Ok(store.add_screenshot(&shot).await?)
}

/// The release card: title (year), quality, link.
pub(crate) fn card_text(
    release: &ReleaseInfo,
    fallback_title: &str,
    probe: Option<&MediaProbe>,
    site_url: &str,
    slug: &str,
) -> String {
    let title = if release.title.trim().is_empty() {
        fallback_title
    } else {
        release.title.as_str()
    };
    let mut head = title.to_owned();
    if let Some(y) = release.year {
        head.push_str(&format!(" ({y})"));
    }
    let quality = release
        .resolution
        .map(|r| r.to_string())
        .or_else(|| {
            probe
                .and_then(|p| p.video.as_ref())
                .and_then(|v| v.height)
                .map(|h| format!("{h}p"))
        })
        .unwrap_or_else(|| "unknown".into());
    format!("🎬 {head}\nQuality: {quality}\n{site_url}/v/{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use streamvault_core::rename::parse;

    #[test]
    fn cards_name_title_year_quality_and_link() {
        let r = parse("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
        let t = card_text(&r, "x", None, "https://s.example", "abc1234");
        assert_eq!(
            t,
            "🎬 The Matrix (1999)\nQuality: 1080p\nhttps://s.example/v/abc1234"
        );
    }
}
