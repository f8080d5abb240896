//! What a finished ingestion must have left behind.

use super::World;
use std::path::Path;
use streamvault_core::{ContentId, Slug};
use streamvault_ingest::IngestState;
use streamvault_store::media::TrackKind;
use streamvault_store::telegram_refs::RefRole;
use streamvault_telegram::ChatId;

pub const RELEASE: &str = "Night.Harbor.2019.720p.WEB-DL.x264-GRP.mkv";
pub const CLEAN: &str = "Night Harbor (2019) 720p [StreamVault].mkv";

pub fn size(p: &Path) -> u64 {
    std::fs::metadata(p).expect("metadata").len()
}

/// First lines (captions without the marker line) of a channel's messages.
pub fn captions(world: &World, chat: ChatId) -> Vec<String> {
    world
        .messages(chat)
        .iter()
        .map(|m| m.text.lines().next().unwrap_or("").to_owned())
        .collect()
}

/// Everything a finished ingestion of `CLEAN` must have left, exactly once.
pub async fn assert_ingested(world: &World, st: &IngestState, video_bytes: u64) {
    let ch = &world.channels;
    let log = world.messages(ch.log);
    assert_eq!(log.len(), 2, "one album of video + sample: {log:?}");
    assert!(log[0].media_group_id.is_some());
    assert_eq!(log[0].media_group_id, log[1].media_group_id);
    assert_eq!(log[0].text.lines().next(), Some(CLEAN));
    assert_eq!(log[0].media.as_ref().map(|m| m.size), Some(video_bytes));
    let backup = world.messages(ch.backup);
    assert_eq!(backup.len(), 2, "{backup:?}");
    assert!(backup.iter().all(|m| m.forwarded_from == Some(ch.log.0)));
    let shots = world.messages(ch.screenshots);
    assert!(
        (3..=5).contains(&shots.len()),
        "{} screenshots",
        shots.len()
    );
    let public = world.messages(ch.public);
    assert_eq!(public.len(), 1, "{public:?}");
    let slug = st.slug.clone().expect("slug");
    assert_eq!(slug.len(), 7);
    assert!(public[0]
        .text
        .contains(&format!("https://vault.example/v/{slug}")));
    assert!(public[0].text.contains("Night Harbor (2019)"));
    assert!(public[0].text.contains("720p"));
    assert!(public[0].media.is_none(), "release cards carry no file");
    assert!(world.messages(ch.admin).is_empty());

    let store = &world.store;
    let content = store
        .content_by_slug(&Slug::parse(&slug).expect("slug"))
        .await
        .expect("by slug")
        .expect("content");
    assert_eq!(content.fields.title, "Night Harbor");
    assert_eq!(content.fields.year, Some(2019));
    assert_eq!(content.fields.file_name.as_deref(), Some(CLEAN));
    let info = store
        .media_info(content.id)
        .await
        .expect("info")
        .expect("media info");
    let subs: Vec<_> = info
        .tracks
        .iter()
        .filter(|t| t.kind == TrackKind::Subtitle)
        .map(|t| t.language.clone().unwrap_or_default())
        .collect();
    assert_eq!(subs, ["eng", "fre"]);
    let refs = store.list_telegram_refs(content.id).await.expect("refs");
    let count = |r: RefRole| refs.iter().filter(|x| x.r#ref.role == r).count();
    assert_eq!(count(RefRole::Video), 1);
    assert_eq!(count(RefRole::Sample), 1);
    assert_eq!(count(RefRole::Backup), 2);
    assert_eq!(count(RefRole::Screenshot), shots.len());
    assert_eq!(count(RefRole::PublicCard), 1);
    let gallery = store
        .list_screenshots(ContentId(content.id.0))
        .await
        .expect("shots");
    assert_eq!(gallery.len(), shots.len());

    let shot_bytes: u64 = shots
        .iter()
        .filter_map(|m| m.media.as_ref())
        .map(|m| m.size)
        .sum();
    let sample_bytes = log[1].media.as_ref().map(|m| m.size).expect("sample media");
    assert_eq!(
        world.bytes_uploaded(),
        video_bytes + sample_bytes + shot_bytes,
        "video + sample + screenshots, each uploaded once"
    );
    assert_eq!(st.bytes_uploaded, world.bytes_uploaded());
    let work = st.work_dir.clone().expect("work dir");
    assert!(!work.exists(), "work directory removed");
}
