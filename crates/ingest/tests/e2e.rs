//! The end-to-end target in its own test binary (so the process's peak RSS is
//! this ingestion's alone): a 12-minute video with two subtitle tracks, ingested through
//! the hive, with bounded memory.

mod common;

use common::ingested::{assert_ingested, size, RELEASE};
use common::{run_in_hive, video, World};
use serde_json::json;
use streamvault_ingest::IngestState;
use streamvault_store::jobs::JobState;

/// Peak resident set size of this process (`VmHWM`), bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    kib * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_twelve_minute_video_is_ingested_with_bounded_memory() {
    let world = World::new().await;
    let src = video(world.dir.path(), RELEASE, 720.0).await;
    let file_bytes = size(&src);
    assert!(
        file_bytes > 48 << 20,
        "a file big enough to notice: {file_bytes}"
    );
    let before = peak_rss();
    let job = run_in_hive(&world, json!({ "source": src.display().to_string() })).await;
    let growth = peak_rss().saturating_sub(before);
    assert_eq!(job.state, JobState::Succeeded, "{job:?}");
    let st: IngestState = serde_json::from_value(job.checkpoint).expect("state");
    assert_ingested(&world, &st, file_bytes).await;
    let probe = st.probe.expect("probe");
    assert!(probe
        .duration_ms
        .is_some_and(|d| (719_000..=721_000).contains(&d)));
    eprintln!(
        "12-minute video: {file_bytes} bytes, peak RSS growth {} KiB",
        growth / 1024
    );
    assert!(
        growth < 32 << 20,
        "peak RSS grew by {growth} bytes for a {file_bytes}-byte file: something buffers it"
    );
}
