//! Contents, slugs, tombstones and what hangs off a content.

use super::{NOW, S};
use crate::contents::{
    fix_missing_slugs, insert_with_fresh_slug, ContentFields, ContentKind, ContentStatus,
    FileHashes,
};
use crate::downloads::{LinkKind, LinkStatus, NewDownload};
use crate::media::{MediaInfo, MediaTrack, Screenshot, TrackKind};
use crate::telegram_refs::{NewTelegramRef, RefRole};
use crate::StoreError;
use serde_json::json;
use streamvault_core::{ContentId, Slug};

/// A fully populated movie entry.
pub fn movie(title: &str) -> ContentFields {
    ContentFields {
        year: Some(1999),
        genre: Some("action".into()),
        status: ContentStatus::Published,
        metadata: json!({"plot": "A hacker learns the truth.", "poster": "/p.jpg"}),
        tmdb_id: Some(603),
        imdb_id: Some("tt0133093".into()),
        file_name: Some(format!("{title} (1999) 1080p [StreamVault].mkv")),
        size_bytes: Some(5_000_000_000),
        hashes: FileHashes {
            sha256: Some("ab".repeat(32)),
            sha1: Some("cd".repeat(20)),
            md5: Some("ef".repeat(16)),
        },
        ..ContentFields::new(title, ContentKind::Movie)
    }
}

/// Insert, read by id/slug/hash, list, update.
pub async fn contents_round_trip(s: S) {
    let slug = Slug::parse("Abc1234").unwrap();
    let c = s
        .insert_content(&movie("The Matrix"), Some(&slug), NOW)
        .await
        .unwrap();
    assert_eq!(c.slug.as_ref(), Some(&slug));
    assert_eq!(c.fields, movie("The Matrix"));
    assert_eq!(s.get_content(c.id).await.unwrap().as_ref(), Some(&c));
    assert_eq!(s.content_by_slug(&slug).await.unwrap().as_ref(), Some(&c));
    assert_eq!(
        s.content_by_sha256(&"AB".repeat(32))
            .await
            .unwrap()
            .map(|c| c.id),
        Some(c.id)
    );
    assert!(s
        .get_content(ContentId(c.id.0 + 1000))
        .await
        .unwrap()
        .is_none());
    let episode = ContentFields {
        season: Some(1),
        episode: Some(2),
        ..ContentFields::new("Show", ContentKind::Episode)
    };
    let e = insert_with_fresh_slug(&*s, &episode, NOW + 1)
        .await
        .unwrap();
    assert_eq!(e.slug.as_ref().map(|s| s.as_str().len()), Some(7));
    let listed = s.list_contents(None, 10).await.unwrap();
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![c.id, e.id]
    );
    assert_eq!(s.list_contents(Some(c.id), 10).await.unwrap().len(), 1);
    let mut edited = movie("The Matrix Reloaded");
    edited.year = Some(2003);
    edited.metadata = json!({"plot": "More."});
    let u = s.update_content(c.id, &edited, NOW + 7).await.unwrap();
    assert_eq!(
        (u.fields.clone(), u.created_at, u.updated_at),
        (edited, NOW, NOW + 7)
    );
    assert!(matches!(
        s.update_content(ContentId(999_999), &movie("x"), NOW).await,
        Err(StoreError::NotFound { .. })
    ));
    let removed = ContentFields {
        status: ContentStatus::Removed,
        ..movie("x")
    };
    assert!(matches!(
        s.insert_content(&removed, None, NOW).await,
        Err(StoreError::Invalid(_))
    ));
}

/// The unique index, not a lookup, refuses a duplicate slug.
pub async fn slug_collision_is_reported(s: S) {
    let slug = Slug::parse("SameOne").unwrap();
    s.insert_content(&movie("A"), Some(&slug), NOW)
        .await
        .unwrap();
    match s.insert_content(&movie("B"), Some(&slug), NOW).await {
        Err(StoreError::SlugTaken(taken)) => assert_eq!(taken, "SameOne"),
        other => panic!("expected SlugTaken, got {other:?}"),
    }
    assert_eq!(s.list_contents(None, 10).await.unwrap().len(), 1);
}

/// `/fix_slugs`: legacy entries get unique slugs; entries with slugs are left alone.
pub async fn fix_slugs_gives_every_legacy_entry_a_slug(s: S) {
    let kept = insert_with_fresh_slug(&*s, &movie("Has slug"), NOW)
        .await
        .unwrap();
    for i in 0..7 {
        s.insert_content(&movie(&format!("Legacy {i}")), None, NOW)
            .await
            .unwrap();
    }
    assert_eq!(s.contents_without_slug(100).await.unwrap().len(), 7);
    assert_eq!(fix_missing_slugs(&*s, NOW + 1).await.unwrap(), 7);
    assert_eq!(fix_missing_slugs(&*s, NOW + 2).await.unwrap(), 0);
    let all = s.list_contents(None, 100).await.unwrap();
    let slugs: std::collections::HashSet<_> = all.iter().map(|c| c.slug.clone().unwrap()).collect();
    assert_eq!(slugs.len(), 8);
    assert_eq!(
        s.get_content(kept.id).await.unwrap().unwrap().slug,
        kept.slug
    );
    let other = Slug::parse("Zzzzzzz").unwrap();
    assert!(matches!(
        s.assign_slug(kept.id, &other, NOW).await,
        Err(StoreError::Conflict { .. })
    ));
}

/// A takedown hides the entry from every read, records who/why once, and keeps its slug
/// reserved so an old link can never point at other content.
pub async fn tombstoned_content_is_never_read(s: S) {
    let slug = Slug::parse("Gone123").unwrap();
    let c = s
        .insert_content(&movie("Gone"), Some(&slug), NOW)
        .await
        .unwrap();
    let legacy = s.insert_content(&movie("Legacy"), None, NOW).await.unwrap();
    let t = s
        .tombstone_content(c.id, "tg:1", "DMCA notice 42", NOW + 5)
        .await
        .unwrap();
    assert_eq!(
        (t.slug.as_deref(), t.title.as_str()),
        (Some("Gone123"), "Gone")
    );
    assert_eq!(
        (t.removed_by.as_str(), t.reason.as_str(), t.removed_at),
        ("tg:1", "DMCA notice 42", NOW + 5)
    );
    let again = s
        .tombstone_content(c.id, "tg:2", "again", NOW + 9)
        .await
        .unwrap();
    assert_eq!(again, t, "re-running a takedown keeps the first tombstone");
    s.tombstone_content(legacy.id, "cli", "test", NOW)
        .await
        .unwrap();
    assert!(s.get_content(c.id).await.unwrap().is_none());
    assert!(s.content_by_slug(&slug).await.unwrap().is_none());
    assert!(s
        .content_by_sha256(&"ab".repeat(32))
        .await
        .unwrap()
        .is_none());
    assert!(s.list_contents(None, 100).await.unwrap().is_empty());
    assert!(s.contents_without_slug(100).await.unwrap().is_empty());
    assert!(matches!(
        s.update_content(c.id, &movie("Back"), NOW).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.assign_slug(legacy.id, &Slug::parse("NewSlug").unwrap(), NOW)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(fix_missing_slugs(&*s, NOW).await.unwrap(), 0);
    assert_eq!(s.tombstone(c.id).await.unwrap(), Some(t));
    assert!(matches!(
        s.insert_content(&movie("New"), Some(&slug), NOW).await,
        Err(StoreError::SlugTaken(_))
    ));
    assert!(matches!(
        s.tombstone_content(ContentId(424_242), "tg:1", "x", NOW)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

/// Telegram references: add, list in role/part order, bot file ids, delete.
pub async fn telegram_refs_round_trip(s: S) {
    let c = insert_with_fresh_slug(&*s, &movie("M"), NOW).await.unwrap();
    let r = |role, message_id, part| NewTelegramRef {
        content_id: c.id,
        role,
        channel_id: -1001234567890,
        message_id,
        media_group_id: Some("g1".into()),
        bot_file_id: None,
        file_unique_id: None,
        uploaded_by: Some("worker-a".into()),
        part,
    };
    let v = s
        .add_telegram_ref(&r(RefRole::Video, 10, 0), NOW)
        .await
        .unwrap();
    s.add_telegram_ref(&r(RefRole::ArchivePart, 12, 1), NOW)
        .await
        .unwrap();
    s.add_telegram_ref(&r(RefRole::ArchivePart, 11, 0), NOW)
        .await
        .unwrap();
    assert!(matches!(
        s.add_telegram_ref(&r(RefRole::Sample, 10, 0), NOW).await,
        Err(StoreError::Conflict { .. })
    ));
    let list = s.list_telegram_refs(c.id).await.unwrap();
    let order: Vec<_> = list
        .iter()
        .map(|t| (t.r#ref.role, t.r#ref.message_id))
        .collect();
    assert_eq!(
        order,
        [
            (RefRole::ArchivePart, 11),
            (RefRole::ArchivePart, 12),
            (RefRole::Video, 10)
        ]
    );
    assert!(s
        .set_bot_file_id(-1001234567890, 10, "BQACAgIAAx", "AgADBQ")
        .await
        .unwrap());
    assert!(!s
        .set_bot_file_id(-1001234567890, 99, "x", "y")
        .await
        .unwrap());
    let list = s.list_telegram_refs(c.id).await.unwrap();
    let video = list.iter().find(|t| t.id == v.id).unwrap();
    assert_eq!(video.r#ref.bot_file_id.as_deref(), Some("BQACAgIAAx"));
    assert_eq!(video.r#ref.file_unique_id.as_deref(), Some("AgADBQ"));
    // A screenshot post: its gallery row gets the bot's id too.
    s.add_telegram_ref(&r(RefRole::Screenshot, 13, 1), NOW)
        .await
        .unwrap();
    let shot = Screenshot {
        content_id: c.id,
        position_ms: 1_000,
        channel_id: -1001234567890,
        message_id: 13,
        bot_file_id: None,
    };
    s.add_screenshot(&shot).await.unwrap();
    assert!(s
        .set_bot_file_id(-1001234567890, 13, "AgACAgIAAx", "AQADAg")
        .await
        .unwrap());
    let shots = s.list_screenshots(c.id).await.unwrap();
    assert_eq!(shots[0].bot_file_id.as_deref(), Some("AgACAgIAAx"));
    assert!(s.delete_telegram_ref(v.id).await.unwrap());
    assert!(!s.delete_telegram_ref(v.id).await.unwrap());
    assert_eq!(s.list_telegram_refs(c.id).await.unwrap().len(), 3);
}

/// Mirror links: add, get, list, status/URL updates.
pub async fn downloads_round_trip(s: S) {
    let c = insert_with_fresh_slug(&*s, &movie("M"), NOW).await.unwrap();
    let d = NewDownload {
        content_id: c.id,
        host: "streamtape".into(),
        kind: LinkKind::Embed,
        url: None,
        status: LinkStatus::Pending,
        remote_job_id: Some("rbAarvRPXdYbaxY".into()),
    };
    let a = s.add_download(&d, NOW).await.unwrap();
    assert_eq!((a.link.clone(), a.checked_at), (d.clone(), None));
    let b = s
        .add_download(
            &NewDownload {
                host: "pixeldrain".into(),
                kind: LinkKind::Download,
                url: Some("https://pd/u/1".into()),
                status: LinkStatus::Live,
                remote_job_id: None,
                ..d.clone()
            },
            NOW,
        )
        .await
        .unwrap();
    let live = s
        .update_download(a.id, LinkStatus::Live, Some("https://st/e/x"), NOW + 3)
        .await
        .unwrap();
    assert_eq!(
        (live.link.status, live.link.url.as_deref(), live.checked_at),
        (LinkStatus::Live, Some("https://st/e/x"), Some(NOW + 3))
    );
    let dead = s
        .update_download(a.id, LinkStatus::Dead, None, NOW + 4)
        .await
        .unwrap();
    assert_eq!(
        dead.link.url.as_deref(),
        Some("https://st/e/x"),
        "no URL given keeps the old one"
    );
    assert_eq!(s.get_download(b.id).await.unwrap().unwrap(), b);
    assert_eq!(s.list_downloads(c.id).await.unwrap().len(), 2);
    assert!(matches!(
        s.update_download(999_999, LinkStatus::Live, None, NOW)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

/// Media info with audio/subtitle tracks (flags included) is replaced as a whole.
pub async fn media_info_and_screenshots_round_trip(s: S) {
    let c = insert_with_fresh_slug(&*s, &movie("M"), NOW).await.unwrap();
    assert!(s.media_info(c.id).await.unwrap().is_none());
    let track = |kind, i, lang: &str, default, forced| MediaTrack {
        kind,
        stream_index: i,
        language: Some(lang.into()),
        codec: Some(
            if kind == TrackKind::Audio {
                "aac"
            } else {
                "subrip"
            }
            .into(),
        ),
        title: None,
        is_default: default,
        is_forced: forced,
    };
    let info = MediaInfo {
        container: Some("matroska,webm".into()),
        duration_ms: Some(720_000),
        video_codec: Some("h264".into()),
        width: Some(1920),
        height: Some(1080),
        fps: Some(23.976),
        bit_rate: Some(4_500_000),
        tracks: vec![
            track(TrackKind::Audio, 1, "eng", true, false),
            track(TrackKind::Audio, 2, "spa", false, false),
            track(TrackKind::Subtitle, 3, "eng", false, true),
            track(TrackKind::Subtitle, 4, "spa", true, false),
        ],
    };
    s.set_media_info(c.id, &info).await.unwrap();
    assert_eq!(s.media_info(c.id).await.unwrap().as_ref(), Some(&info));
    let smaller = MediaInfo {
        tracks: vec![track(TrackKind::Subtitle, 2, "fre", false, false)],
        width: None,
        ..info
    };
    s.set_media_info(c.id, &smaller).await.unwrap();
    assert_eq!(s.media_info(c.id).await.unwrap(), Some(smaller));
    for (i, pos) in [(3, 540_000), (1, 60_000), (2, 300_000)] {
        s.add_screenshot(&Screenshot {
            content_id: c.id,
            position_ms: pos,
            channel_id: -100,
            message_id: i,
            bot_file_id: Some(format!("f{i}")),
        })
        .await
        .unwrap();
    }
    let shots = s.list_screenshots(c.id).await.unwrap();
    assert_eq!(
        shots.iter().map(|s| s.position_ms).collect::<Vec<_>>(),
        [60_000, 300_000, 540_000]
    );
}
