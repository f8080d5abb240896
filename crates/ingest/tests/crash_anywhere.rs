//! Killing the process at any checkpoint (after the effect, before the save that records
//! it) and running again completes the ingestion with every post made exactly once.

mod common;

use common::ingested::{assert_ingested, size, RELEASE};
use common::{video, World};
use serde_json::json;

/// Checkpoint saves of a full run of a one-file ingestion with 4 screenshots: 7 local
/// stages; upload flag, album ids, stage; backup flag, stage; screenshot flag, 4 ids,
/// stage; index flag, content id, stage; card flag, card id, stage; cleanup.
const SAVES: usize = 25;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_at_any_save_resumes_without_duplicates() {
    let media = tempfile::tempdir().expect("temp dir");
    let src = video(media.path(), RELEASE, 12.0).await;
    for n in 1..=SAVES {
        let world = World::new().await;
        let pipeline = world.pipeline();
        let payload = json!({ "source": src.display().to_string() });
        let mut first = world.host(100 + n as i64, payload.clone());
        first.fail_at_save = Some(n);
        let err = pipeline.run(&mut first).await.expect_err("crash");
        assert!(err.to_string().contains("shutting down"), "save {n}: {err}");
        let mut second = world.host(100 + n as i64, payload);
        second.stage = first.stage.clone();
        second.data = first.data.clone();
        drop(first);
        let st = pipeline.run(&mut second).await.expect("resumed run");
        assert_ingested(&world, &st, size(&src)).await;
        let contents = world.store.list_contents(None, 10).await.expect("contents");
        assert_eq!(contents.len(), 1, "save {n}: one content row");
    }
    // One more save than a full run makes would not fail: the count above is exact.
    let world = World::new().await;
    let mut host = world.host(999, json!({ "source": src.display().to_string() }));
    host.fail_at_save = Some(SAVES + 1);
    world.pipeline().run(&mut host).await.expect("full run");
    assert_eq!(host.saves, SAVES);
}
