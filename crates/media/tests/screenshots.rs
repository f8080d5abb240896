//! Screenshots from generated videos.

mod common;

use streamvault_media::screenshots::positions;
use streamvault_media::synth::SynthSpec;
use streamvault_media::{probe, screenshots, ScreenshotError, ScreenshotOptions, Tools};

#[tokio::test]
async fn four_frames_spread_over_the_video() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = common::video(dir.path(), "movie.mkv", 20.0).await;
    let out = dir.path().join("shots");
    let tools = Tools::default();
    let shots = screenshots(&tools, &file, &out, &ScreenshotOptions::default())
        .await
        .expect("shots");
    let duration = probe(&tools, &file)
        .await
        .expect("probe")
        .duration_ms
        .expect("duration");
    let expected = positions(duration, 4, 0.05);
    assert_eq!(
        shots.iter().map(|s| s.position_ms).collect::<Vec<_>>(),
        expected
    );
    for (i, shot) in shots.iter().enumerate() {
        assert_eq!(shot.path, out.join(format!("shot-{:02}.jpg", i + 1)));
        let bytes = std::fs::read(&shot.path).expect("frame");
        assert!(bytes.starts_with(&[0xff, 0xd8]), "JPEG");
        let p = probe(&tools, &shot.path).await.expect("probe frame");
        let v = p.video.expect("image");
        assert_eq!((v.width, v.height), (Some(320), Some(240)));
    }
    // testsrc2 draws a moving picture: frames at different times differ.
    let first = std::fs::read(&shots[0].path).expect("read");
    let last = std::fs::read(&shots[3].path).expect("read");
    assert_ne!(first, last);
}

#[tokio::test]
async fn audio_only_zero_length_and_bad_count_are_errors() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let tools = Tools::default();
    let out = dir.path().join("shots");
    let audio = common::media(
        dir.path(),
        "song.m4a",
        SynthSpec {
            video_size: None,
            seconds: 3.0,
            ..SynthSpec::default()
        },
    )
    .await;
    let err = screenshots(&tools, &audio, &out, &ScreenshotOptions::default())
        .await
        .expect_err("audio only");
    assert!(matches!(err, ScreenshotError::NoVideo(_)), "{err}");

    let zero = common::media(
        dir.path(),
        "zero.mp4",
        SynthSpec {
            seconds: 0.0,
            audio_languages: vec![],
            ..SynthSpec::default()
        },
    )
    .await;
    let err = screenshots(&tools, &zero, &out, &ScreenshotOptions::default())
        .await
        .expect_err("zero length");
    assert!(matches!(err, ScreenshotError::ZeroLength(_)), "{err}");

    let empty = dir.path().join("empty.mkv");
    std::fs::write(&empty, b"").expect("write");
    let err = screenshots(&tools, &empty, &out, &ScreenshotOptions::default())
        .await
        .expect_err("empty");
    assert!(matches!(err, ScreenshotError::Probe(_)), "{err}");

    for count in [2, 6] {
        let opts = ScreenshotOptions {
            count,
            ..ScreenshotOptions::default()
        };
        let err = screenshots(&tools, &audio, &out, &opts)
            .await
            .expect_err("count");
        assert!(
            matches!(err, ScreenshotError::BadCount(c) if c == count),
            "{err}"
        );
    }
}
