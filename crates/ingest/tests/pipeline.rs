//! The ingestion pipeline on the Telegram sandbox, real ffmpeg and a SQLite store.

mod common;

use common::ingested::{assert_ingested, captions, size, RELEASE};
use common::{run_in_hive, video, World};
use serde_json::json;
use streamvault_core::ContentId;
use streamvault_ingest::{IngestState, Stage};
use streamvault_store::blocklist::{HashKind, NewBlockEntry};
use streamvault_store::jobs::JobState;
use streamvault_store::telegram_refs::RefRole;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_is_ingested_through_the_hive() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 45.0).await;
    let job = run_in_hive(&world, json!({ "source": src.display().to_string() })).await;
    assert_eq!(job.state, JobState::Succeeded, "{job:?}");
    assert_eq!(job.stage.as_deref(), Some("cleanup"));
    let st: IngestState = serde_json::from_value(job.checkpoint).expect("state");
    assert_ingested(&world, &st, size(&src)).await;
    assert!(src.exists(), "the source file itself is left alone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_after_the_upload_resumes_without_posting_twice() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 45.0).await;
    let pipeline = world.pipeline();
    let payload = json!({ "source": src.display().to_string() });
    let mut first = world.host(7, payload.clone());
    pipeline
        .run_until(&mut first, Some(Stage::Upload))
        .await
        .expect("first run");
    assert_eq!(first.stage.as_deref(), Some("upload"));
    assert_eq!(world.messages(world.channels.log).len(), 2);
    let saved: IngestState = serde_json::from_value(first.data.clone()).expect("state");
    let sample = saved.sample.expect("sample cut");
    let clip = streamvault_media::probe(&Default::default(), &sample)
        .await
        .expect("probe sample");
    let ms = clip.duration_ms.expect("sample duration");
    assert!(
        (29_000..=31_000).contains(&ms),
        "a 30 s sample, got {ms} ms"
    );
    assert!(world.messages(world.channels.backup).is_empty());
    // The process dies; a new one takes the saved checkpoint.
    let mut second = world.host(7, payload);
    second.stage = first.stage.clone();
    second.data = first.data.clone();
    drop(first);
    let recorder = std::sync::Arc::new(common::Recorder::default());
    let pipeline = pipeline.with_observer(recorder.clone());
    let st = pipeline.run(&mut second).await.expect("resumed run");
    assert_ingested(&world, &st, size(&src)).await;
    let started = recorder.started.lock().expect("lock").clone();
    assert_eq!(
        started,
        [
            Stage::Backup,
            Stage::PostScreenshots,
            Stage::Index,
            Stage::Card,
            Stage::Cleanup
        ],
        "resumed after the upload"
    );
    assert_eq!(*recorder.runs.lock().expect("lock"), [Some(Stage::Upload)]);
    assert_eq!(*recorder.ended.lock().expect("lock"), [Ok(st.slug.clone())]);
    let uploads = recorder.uploads.lock().expect("lock").clone();
    assert!(
        !uploads.is_empty()
            && uploads
                .iter()
                .all(|(f, d, t)| f.ends_with(".jpg") && d <= t)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_post_and_checkpoint_finds_the_post_by_its_marker() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 45.0).await;
    let pipeline = world.pipeline();
    let payload = json!({ "source": src.display().to_string() });
    // Checkpoint saves: fetch, probe, rename, screenshots, sample, check, archive (7),
    // the upload's `posting` flag (8), then the album ids (9): die at the 9th, after the
    // album was posted but before its ids were saved.
    let mut first = world.host(8, payload.clone());
    first.fail_at_save = Some(9);
    let err = pipeline.run(&mut first).await.expect_err("crash");
    assert!(err.to_string().contains("shutting down"), "{err}");
    assert_eq!(world.messages(world.channels.log).len(), 2, "album posted");
    assert_eq!(first.stage.as_deref(), Some("archive"));
    let mut second = world.host(8, payload);
    second.stage = first.stage.clone();
    second.data = first.data.clone();
    let pipeline = pipeline.with_bot_file_ids(std::sync::Arc::new(common::FixedFileIds));
    let st = pipeline.run(&mut second).await.expect("resumed run");
    assert_ingested(&world, &st, size(&src)).await;
    let id = ContentId(st.content_id.expect("content"));
    let refs = world.store.list_telegram_refs(id).await.expect("refs");
    let video = refs
        .iter()
        .find(|r| r.r#ref.role == RefRole::Video)
        .expect("video ref");
    let expected = format!("bot-{}-{}", video.r#ref.channel_id, video.r#ref.message_id);
    assert_eq!(video.r#ref.bot_file_id.as_deref(), Some(expected.as_str()));
    assert_eq!(
        captions(&world, world.channels.log).len(),
        2,
        "no second album"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocklisted_file_uploads_nothing_and_ends_blocked() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 20.0).await;
    let digests = streamvault_media::hash_file(&src).await.expect("hash");
    let entry = NewBlockEntry {
        kind: HashKind::Sha256,
        value: digests.sha256.clone(),
        reason: Some("test takedown".into()),
        source: Some("test-list".into()),
    };
    let now = chrono::Utc::now().timestamp();
    world
        .store
        .add_block_entries(&[entry], now)
        .await
        .expect("block");
    let job = run_in_hive(&world, json!({ "source": src.display().to_string() })).await;
    assert_eq!(job.state, JobState::Blocked, "{job:?}");
    assert_eq!(world.bytes_uploaded(), 0, "nothing uploaded");
    let ch = &world.channels;
    for chat in [ch.log, ch.backup, ch.screenshots, ch.public] {
        assert!(world.messages(chat).is_empty());
    }
    let alerts = world.messages(ch.admin);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let alert = &alerts[0].text;
    assert!(alert.contains(&format!("Job: #{}", job.id)), "{alert}");
    assert!(alert.contains(&digests.sha256), "{alert}");
    assert!(alert.contains("test takedown"), "{alert}");
    let work = world
        .dir
        .path()
        .join("work")
        .join(format!("job-{}", job.id));
    assert!(!work.exists(), "local files deleted");
    let contents = world.store.list_contents(None, 10).await.expect("contents");
    assert!(contents.is_empty(), "nothing indexed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_matching_a_pdq_entry_blocks_before_any_upload() {
    use streamvault_media::screenshots::{screenshots, ScreenshotOptions};
    use streamvault_media::{pdq_of_image, Tools};
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 20.0).await;
    let frames = world.dir.path().join("frames");
    std::fs::create_dir_all(&frames).expect("frames dir");
    let tools = Tools::default();
    let opts = ScreenshotOptions {
        count: world.config().screenshot_count,
        ..ScreenshotOptions::default()
    };
    let shots = screenshots(&tools, &src, &frames, &opts)
        .await
        .expect("frames");
    let pdq = pdq_of_image(&tools, &shots[1].path).await.expect("pdq");
    assert!(pdq.quality >= streamvault_media::pdq::MIN_USEFUL_QUALITY);
    let entry = NewBlockEntry {
        kind: HashKind::Pdq,
        value: pdq.hash.to_string(),
        reason: Some("known frame".into()),
        source: None,
    };
    let now = chrono::Utc::now().timestamp();
    world
        .store
        .add_block_entries(&[entry], now)
        .await
        .expect("block");
    let job = run_in_hive(&world, json!({ "source": src.display().to_string() })).await;
    assert_eq!(job.state, JobState::Blocked, "{job:?}");
    assert_eq!(world.bytes_uploaded(), 0);
    let alerts = world.messages(world.channels.admin);
    assert_eq!(alerts.len(), 1);
    assert!(
        alerts[0].text.contains("pdq (distance 0)"),
        "{}",
        alerts[0].text
    );
    assert!(world.messages(world.channels.log).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_pack_also_posts_store_volumes_under_the_limit() {
    let world = World::new().await;
    let src = video(
        world.dir.path(),
        "Show.Name.S01.720p.WEB-DL.x264-GRP.mkv",
        30.0,
    )
    .await;
    let mut config = world.config();
    config.volume_limit = 1024 * 1024;
    config.generate_samples = false;
    let fetcher = streamvault_ingest::SourceFetcher::with_policy(Default::default()).expect("f");
    let pipeline = streamvault_ingest::Pipeline::new(config, std::sync::Arc::new(fetcher));
    let payload = json!({ "source": src.display().to_string(), "season_pack": true });
    let mut host = world.host(11, payload);
    let st = pipeline.run(&mut host).await.expect("ingest");
    let n = st.volumes.len();
    assert!(
        n >= size(&src).div_ceil(1024 * 1024) as usize,
        "{n} volumes"
    );
    assert_eq!(st.volume_posts.len(), n);
    let log = world.messages(world.channels.log);
    assert_eq!(
        log.len(),
        1 + n,
        "video alone (no sample), then the volumes"
    );
    assert!(log[1..]
        .iter()
        .all(|m| m.media.as_ref().is_some_and(|f| f.size <= 1024 * 1024)));
    let names: Vec<_> = log[1..]
        .iter()
        .filter_map(|m| m.media.as_ref()?.file_name.clone())
        .collect();
    assert!(names[0].ends_with(".7z.001"), "{names:?}");
    assert_eq!(world.messages(world.channels.backup).len(), 1 + n);
    let id = ContentId(st.content_id.expect("content"));
    let refs = world.store.list_telegram_refs(id).await.expect("refs");
    let parts = refs
        .iter()
        .filter(|r| r.r#ref.role == RefRole::ArchivePart)
        .count();
    assert_eq!(parts, n);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_pack_directory_posts_each_episode_and_the_volumes() {
    use streamvault_store::contents::ContentKind;
    let world = World::new().await;
    let pack = world.dir.path().join("Show.Name.S01.720p.WEB-DL.x264-GRP");
    std::fs::create_dir_all(&pack).expect("pack dir");
    let e1 = video(&pack, "Show.Name.S01E01.720p.WEB-DL.x264-GRP.mkv", 12.0).await;
    let e2 = video(&pack, "Show.Name.S01E02.720p.WEB-DL.x264-GRP.mkv", 12.0).await;
    std::fs::write(pack.join("notes.nfo"), b"not an episode").expect("nfo");
    let mut config = world.config();
    config.volume_limit = 1024 * 1024;
    let fetcher = streamvault_ingest::SourceFetcher::with_policy(Default::default()).expect("f");
    let pipeline = streamvault_ingest::Pipeline::new(config, std::sync::Arc::new(fetcher));
    let payload = json!({ "source": pack.display().to_string(), "season_pack": true });
    let mut host = world.host(12, payload);
    let st = pipeline.run(&mut host).await.expect("ingest");
    let n = st.volumes.len();
    assert!(n >= 2, "{n} volumes");
    let log = world.messages(world.channels.log);
    assert_eq!(log.len(), 3 + n, "album (E01 + sample), E02, volumes");
    let first = |i: usize| log[i].text.lines().next().unwrap_or("").to_owned();
    assert_eq!(first(0), "Show Name S01E01 720p [StreamVault].mkv");
    assert_eq!(log[0].media_group_id, log[1].media_group_id);
    assert_eq!(first(2), "Show Name S01E02 720p [StreamVault].mkv");
    assert_eq!(log[2].media.as_ref().map(|m| m.size), Some(size(&e2)));
    let vol_names: Vec<_> = log[3..]
        .iter()
        .filter_map(|m| m.media.as_ref()?.file_name.clone())
        .collect();
    assert!(vol_names[0].ends_with(".7z.001"), "{vol_names:?}");
    assert!(
        !vol_names[0].contains("E01"),
        "the archive is named after the pack"
    );
    assert_eq!(world.messages(world.channels.backup).len(), 3 + n);
    let id = ContentId(st.content_id.expect("content"));
    let content = world
        .store
        .get_content(id)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(content.fields.kind, ContentKind::SeasonPack);
    assert_eq!(content.fields.title, "Show Name");
    let refs = world.store.list_telegram_refs(id).await.expect("refs");
    let count = |r: RefRole| refs.iter().filter(|x| x.r#ref.role == r).count();
    assert_eq!((count(RefRole::Video), count(RefRole::ArchivePart)), (2, n));
    let posted: u64 = [world.channels.log, world.channels.screenshots]
        .iter()
        .flat_map(|c| world.messages(*c))
        .filter_map(|m| m.media.map(|f| f.size))
        .sum();
    assert_eq!(world.bytes_uploaded(), posted, "every file uploaded once");
    assert!(posted > size(&e1) + size(&e2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_need_a_session_that_knows_their_log_channel() {
    use streamvault_hive::JobHandler;
    use streamvault_store::jobs::NewJob;
    let world = World::new().await;
    let mut config = world.config();
    config
        .channels
        .log_by_genre
        .insert("anime".into(), streamvault_telegram::ChatId(-100_777));
    let fetcher = streamvault_ingest::SourceFetcher::with_policy(Default::default()).expect("f");
    let pipeline = streamvault_ingest::Pipeline::new(config.clone(), std::sync::Arc::new(fetcher));
    let handler = streamvault_ingest::IngestHandler::new(pipeline);
    let now = chrono::Utc::now().timestamp();
    let mut needs = Vec::new();
    for payload in [
        json!({"source": "/x.mkv", "genre": "Anime"}),
        json!({"source": "/x.mkv"}),
    ] {
        let new = NewJob {
            kind: "ingest".into(),
            payload,
            priority: 0,
            max_attempts: 1,
            dedupe_key: None,
            run_after: now,
        };
        let (job, _) = world.store.enqueue_job(&new, now).await.expect("enqueue");
        needs.push(handler.requirements(&job).needs_peer);
    }
    assert_eq!(needs, [Some(-100_777), Some(world.channels.log.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_fails_for_good_leaves_no_files() {
    let world = World::new().await;
    let dir = world.dir.path().join("Some.Folder");
    std::fs::create_dir_all(&dir).expect("dir");
    video(&dir, RELEASE, 3.0).await;
    // A directory without `season_pack` is a bad request: it fails without retries.
    let job = run_in_hive(&world, json!({ "source": dir.display().to_string() })).await;
    assert_eq!(job.state, JobState::Failed, "{job:?}");
    assert!(job.last_error.unwrap_or_default().contains("season pack"));
    let work = world
        .dir
        .path()
        .join("work")
        .join(format!("job-{}", job.id));
    assert!(!work.exists(), "work directory removed");
    assert_eq!(world.bytes_uploaded(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_replaced_after_its_check_is_not_uploaded() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 20.0).await;
    let pipeline = world.pipeline();
    let mut host = world.host(9, json!({ "source": src.display().to_string() }));
    pipeline
        .run_until(&mut host, Some(Stage::Archive))
        .await
        .expect("local stages");
    let st: IngestState = serde_json::from_value(host.data.clone()).expect("state");
    let stamp = st.stamp.expect("stamped at the check stage");
    let file = st.file.expect("file");
    assert_eq!(stamp.len, st.digests.expect("digests").bytes);
    // Someone swaps the file for other bytes of the same size.
    let swapped = file.with_extension("swap");
    std::fs::write(&swapped, vec![0u8; stamp.len as usize]).expect("write");
    std::fs::rename(&swapped, &file).expect("replace");
    let err = pipeline.run(&mut host).await.expect_err("refused");
    assert!(
        err.to_string().contains("changed after it was hashed"),
        "{err}"
    );
    assert_eq!(world.bytes_uploaded(), 0, "nothing uploaded");
    assert!(world.messages(world.channels.log).is_empty());
}
