//! Parser tests on ffprobe output recorded from real files (see `testdata/README.md`).

use super::*;

const MULTI_MKV: &str = include_str!("../../testdata/multi.mkv.json");
const CLIP_MP4: &str = include_str!("../../testdata/clip.mp4.json");
const SONG_MP3: &str = include_str!("../../testdata/song.mp3.json");

fn parse(json: &str) -> MediaProbe {
    MediaProbe::from_ffprobe_json(json.as_bytes()).expect("recorded output parses")
}

#[test]
fn matroska_with_two_audio_and_two_subtitle_tracks() {
    let p = parse(MULTI_MKV);
    assert_eq!(p.container.as_deref(), Some("matroska,webm"));
    assert_eq!(p.duration_ms, Some(5023));
    assert_eq!(p.bit_rate, Some(929_626));
    assert_eq!(p.size_bytes, Some(583_689));
    let v = p.video.as_ref().expect("video");
    assert_eq!(v.stream_index, 0);
    assert_eq!(v.codec.as_deref(), Some("h264"));
    assert_eq!((v.width, v.height), (Some(320), Some(240)));
    assert_eq!(v.fps, Some(25.0));
    assert_eq!(v.bit_rate, None, "Matroska streams carry no bit rate");

    let a: Vec<_> = p
        .audio
        .iter()
        .map(|t| {
            (
                t.stream_index,
                t.language.as_deref(),
                t.title.as_deref(),
                t.is_default,
            )
        })
        .collect();
    assert_eq!(
        a,
        [
            (1, Some("eng"), Some("English"), true),
            (2, Some("spa"), Some("Español"), false)
        ]
    );
    assert_eq!(p.audio[0].codec.as_deref(), Some("aac"));
    assert_eq!(p.audio[0].channels, Some(1));

    let s: Vec<_> = p
        .subtitles
        .iter()
        .map(|t| {
            (
                t.specifier(),
                t.language.as_deref(),
                t.title.as_deref(),
                t.is_forced,
            )
        })
        .collect();
    assert_eq!(
        s,
        [
            ("0:3".to_owned(), Some("eng"), Some("English SDH"), false),
            ("0:4".to_owned(), Some("spa"), None, true)
        ]
    );
    assert_eq!(p.subtitles[1].codec.as_deref(), Some("subrip"));
}

#[test]
fn mp4_has_ntsc_rate_stream_bit_rate_and_drops_und_language() {
    let p = parse(CLIP_MP4);
    assert_eq!(p.container.as_deref(), Some("mov,mp4,m4a,3gp,3g2,mj2"));
    let v = p.video.as_ref().expect("video");
    let fps = v.fps.expect("fps");
    assert!((fps - 29.970_03).abs() < 1e-3, "{fps}");
    assert!(v.bit_rate.is_some_and(|b| b > 0));
    assert_eq!((v.width, v.height), (Some(640), Some(360)));
    assert_eq!(p.audio.len(), 1);
    assert_eq!(p.audio[0].language.as_deref(), Some("jpn"));
    assert!(p.subtitles.is_empty());
    assert!((2900..=3100).contains(&p.duration_ms.unwrap_or(0)));
}

#[test]
fn cover_art_is_not_video() {
    let p = parse(SONG_MP3);
    assert_eq!(p.container.as_deref(), Some("mp3"));
    assert_eq!(p.video, None);
    assert_eq!(p.audio.len(), 1);
    assert_eq!(p.audio[0].codec.as_deref(), Some("mp3"));
}

#[test]
fn media_info_merges_tracks_in_stream_order() {
    let info: MediaInfo = parse(MULTI_MKV).into();
    assert_eq!(info.video_codec.as_deref(), Some("h264"));
    assert_eq!(
        (info.width, info.height, info.fps),
        (Some(320), Some(240), Some(25.0))
    );
    assert_eq!(info.duration_ms, Some(5023));
    let kinds: Vec<_> = info
        .tracks
        .iter()
        .map(|t| (t.stream_index, t.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, TrackKind::Audio),
            (2, TrackKind::Audio),
            (3, TrackKind::Subtitle),
            (4, TrackKind::Subtitle)
        ]
    );
    assert!(info.tracks[3].is_forced && !info.tracks[3].is_default);
}

#[test]
fn truncated_output_is_a_clear_error_at_every_cut() {
    for cut in (0..MULTI_MKV.len()).step_by(97) {
        let err = MediaProbe::from_ffprobe_json(&MULTI_MKV.as_bytes()[..cut])
            .expect_err("truncated JSON must not parse");
        assert!(matches!(err, ProbeError::BadJson(_)), "cut {cut}: {err}");
    }
}

#[test]
fn garbage_and_wrong_shapes_are_errors_not_panics() {
    let cases: [&[u8]; 7] = [
        b"",
        b"\xff\xfe\x00garbage",
        b"Invalid data found when processing input",
        b"[]",
        b"{}",
        b"{\"streams\": []}",
        b"{\"format\": {}, \"streams\": [{\"codec_type\": \"video\"}]}",
    ];
    for case in cases {
        assert!(
            MediaProbe::from_ffprobe_json(case).is_err(),
            "{:?}",
            String::from_utf8_lossy(case)
        );
    }
}

#[test]
fn odd_values_degrade_to_none() {
    let json = br#"{"format": {"format_name": "x", "duration": "N/A", "bit_rate": "huge"},
        "streams": [{"index": 0, "codec_type": "video", "avg_frame_rate": "0/0",
        "r_frame_rate": "1/0", "width": 99999999999, "disposition": {"default": "1"},
        "tags": {"LANGUAGE": "ger"}},
        {"index": 1, "codec_type": "subtitle", "tags": {"LANGUAGE": "ger", "TITLE": " "},
        "disposition": {"forced": 1}}]}"#;
    let p = MediaProbe::from_ffprobe_json(json).expect("parses");
    assert_eq!((p.duration_ms, p.bit_rate), (None, None));
    let v = p.video.expect("video");
    assert_eq!((v.fps, v.width), (None, None));
    assert_eq!(p.subtitles[0].language.as_deref(), Some("ger"));
    assert_eq!(p.subtitles[0].title, None);
    assert!(p.subtitles[0].is_forced);
}
