//! Sample clips, durations checked by ffprobe.

mod common;

use std::time::Duration;

use streamvault_media::synth::SynthSpec;
use streamvault_media::{probe, sample, SampleError, SampleOptions, SamplePlan, Tools};

async fn clip_duration_ms(file: &std::path::Path) -> (i64, Option<String>, Option<String>) {
    let p = probe(&Tools::default(), file).await.expect("probe sample");
    let audio = p.audio.first().and_then(|a| a.codec.clone());
    (
        p.duration_ms.expect("duration"),
        p.video.and_then(|v| v.codec),
        audio,
    )
}

#[tokio::test]
async fn short_video_gets_proportional_start_and_a_30s_clip() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = common::video(dir.path(), "episode.mkv", 45.0).await;
    let out = dir.path().join("sample.mp4");
    let plan = sample(&Tools::default(), &file, &out, &SampleOptions::default())
        .await
        .expect("sample");
    // 10 % of the file's ~45.02 s.
    assert!((4_450..=4_550).contains(&plan.start_ms), "{plan:?}");
    assert_eq!(plan.length_ms, 30_000);
    let (ms, video, audio) = clip_duration_ms(&out).await;
    assert!((29_000..=31_000).contains(&ms), "{ms} ms");
    assert_eq!(
        (video.as_deref(), audio.as_deref()),
        (Some("h264"), Some("aac"))
    );
}

#[tokio::test]
async fn requested_start_is_kept_when_it_fits_and_short_video_is_whole() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let tools = Tools::default();
    let file = common::video(dir.path(), "movie.mp4", 20.0).await;
    let out = dir.path().join("a.mp4");
    let opts = SampleOptions {
        start: Duration::from_secs(12),
        length: Duration::from_secs(5),
        ..SampleOptions::default()
    };
    let plan = sample(&tools, &file, &out, &opts).await.expect("sample");
    assert_eq!(
        plan,
        SamplePlan {
            start_ms: 12_000,
            length_ms: 5_000
        }
    );
    let (ms, _, _) = clip_duration_ms(&out).await;
    assert!((4_000..=6_000).contains(&ms), "{ms} ms");

    let out = dir.path().join("whole.mp4");
    let plan = sample(&tools, &file, &out, &SampleOptions::default())
        .await
        .expect("sample");
    assert_eq!(plan.start_ms, 0);
    let (ms, _, _) = clip_duration_ms(&out).await;
    assert!((19_000..=21_000).contains(&ms), "{ms} ms");
}

#[tokio::test]
async fn audio_only_input_is_an_error() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let spec = SynthSpec {
        video_size: None,
        seconds: 2.0,
        ..SynthSpec::default()
    };
    let audio = common::media(dir.path(), "a.mp3", spec).await;
    let err = sample(
        &Tools::default(),
        &audio,
        &dir.path().join("s.mp4"),
        &SampleOptions::default(),
    )
    .await;
    assert!(matches!(err, Err(SampleError::NoVideo(_))), "{err:?}");
}
