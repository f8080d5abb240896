//! ffprobe on generated files.

mod common;

use streamvault_media::synth::SynthSpec;
use streamvault_media::{probe, ProbeError, ProcessError, Tools};
use streamvault_store::media::{MediaInfo, TrackKind};

#[tokio::test]
async fn mkv_with_two_audio_and_two_subtitle_tracks() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let spec = SynthSpec {
        seconds: 3.0,
        audio_languages: vec!["eng".into(), "spa".into()],
        subtitle_languages: vec!["eng".into(), "spa".into()],
        ..SynthSpec::default()
    };
    let file = common::media(dir.path(), "multi track.mkv", spec).await;
    let p = probe(&Tools::default(), &file).await.expect("probe");
    assert_eq!(p.container.as_deref(), Some("matroska,webm"));
    assert!(
        (2900..=3200).contains(&p.duration_ms.unwrap_or(0)),
        "{:?}",
        p.duration_ms
    );
    let v = p.video.as_ref().expect("video");
    assert_eq!(
        (v.stream_index, v.codec.as_deref(), v.width, v.height, v.fps),
        (0, Some("h264"), Some(320), Some(240), Some(25.0))
    );
    let audio: Vec<_> = p
        .audio
        .iter()
        .map(|t| {
            (
                t.specifier(),
                t.language.clone(),
                t.codec.clone(),
                t.is_default,
            )
        })
        .collect();
    assert_eq!(
        audio,
        [
            ("0:1".into(), Some("eng".into()), Some("aac".into()), true),
            ("0:2".into(), Some("spa".into()), Some("aac".into()), false)
        ]
    );
    let subs: Vec<_> = p
        .subtitles
        .iter()
        .map(|t| {
            (
                t.stream_index,
                t.language.clone(),
                t.title.clone(),
                t.is_forced,
            )
        })
        .collect();
    assert_eq!(
        subs,
        [
            (3, Some("eng".into()), Some("Track 1 (eng)".into()), false),
            (4, Some("spa".into()), Some("Track 2 (spa)".into()), true)
        ]
    );
    assert_eq!(p.subtitles[0].codec.as_deref(), Some("subrip"));
    let info = MediaInfo::from(&p);
    let kinds: Vec<_> = info.tracks.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TrackKind::Audio,
            TrackKind::Audio,
            TrackKind::Subtitle,
            TrackKind::Subtitle
        ]
    );
}

#[tokio::test]
async fn garbage_empty_and_missing_files_are_clear_errors() {
    if !common::require("ffprobe") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let garbage = dir.path().join("garbage.mkv");
    std::fs::write(&garbage, common::noise(100_000, 7)).expect("write");
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").expect("write");
    let missing = dir.path().join("missing.mkv");
    for file in [garbage, empty, missing] {
        let err = probe(&Tools::default(), &file)
            .await
            .expect_err("must fail");
        match &err {
            ProbeError::Process(ProcessError::Failed { stderr_tail, .. }) => {
                assert!(
                    !stderr_tail.is_empty(),
                    "{}: no reason given",
                    file.display()
                )
            }
            other => panic!("{}: {other}", file.display()),
        }
    }
}

#[tokio::test]
async fn truncated_media_file_does_not_panic() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = common::video(dir.path(), "whole.mp4", 2.0).await;
    let bytes = std::fs::read(&file).expect("read");
    let cut = dir.path().join("cut.mp4");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("write");
    // An MP4 whose index (moov, written last) is cut off cannot be probed.
    let err = probe(&Tools::default(), &cut).await.expect_err("truncated");
    assert!(err.to_string().contains("ffprobe failed"), "{err}");
}

#[tokio::test]
async fn a_constant_bit_rate_gives_a_predictable_size() {
    if !common::require_all(&["ffmpeg", "ffprobe"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let spec = SynthSpec {
        seconds: 4.0,
        audio_languages: Vec::new(),
        video_bitrate: Some(4_000_000),
        ..SynthSpec::default()
    };
    let file = common::media(dir.path(), "cbr.mkv", spec).await;
    let size = std::fs::metadata(&file).expect("size").len();
    // 4 s at 4 Mbit/s is 2,000,000 bytes; x264's filler keeps it close.
    assert!(
        (1_700_000..=2_300_000).contains(&size),
        "{size} bytes for 4 s at 4 Mbit/s"
    );
}
