//! Parsing of `ffprobe -print_format json -show_format -show_streams` output.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{MediaProbe, ProbeError, Track, VideoStream};

#[derive(Deserialize)]
struct RawOutput {
    format: Option<RawFormat>,
    #[serde(default)]
    streams: Vec<RawStream>,
}

#[derive(Deserialize)]
struct RawFormat {
    format_name: Option<String>,
    duration: Option<NumOrStr>,
    bit_rate: Option<NumOrStr>,
    size: Option<NumOrStr>,
}

#[derive(Deserialize)]
struct RawStream {
    index: i64,
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    avg_frame_rate: Option<String>,
    r_frame_rate: Option<String>,
    bit_rate: Option<NumOrStr>,
    duration: Option<NumOrStr>,
    channels: Option<i64>,
    #[serde(default)]
    disposition: BTreeMap<String, NumOrStr>,
    #[serde(default)]
    tags: BTreeMap<String, NumOrStr>,
}

/// ffprobe prints most numbers as strings; accept either.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrStr {
    Num(f64),
    Str(String),
}

impl NumOrStr {
    fn as_f64(&self) -> Option<f64> {
        match self {
            NumOrStr::Num(n) => Some(*n),
            NumOrStr::Str(s) => s.trim().parse().ok(),
        }
        .filter(|v: &f64| v.is_finite())
    }

    fn as_i64(&self) -> Option<i64> {
        self.as_f64()
            .filter(|v| v.abs() < 9.0e18)
            .map(|v| v.round() as i64)
    }

    fn as_text(&self) -> String {
        match self {
            NumOrStr::Num(n) => n.to_string(),
            NumOrStr::Str(s) => s.clone(),
        }
    }
}

/// Parses ffprobe's JSON. Malformed, truncated or format-less input is an error.
pub(super) fn parse(json: &[u8]) -> Result<MediaProbe, ProbeError> {
    let raw: RawOutput =
        serde_json::from_slice(json).map_err(|e| ProbeError::BadJson(e.to_string()))?;
    let format = raw.format.ok_or(ProbeError::NoFormat)?;
    let video = raw
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video") && !flag(s, "attached_pic"))
        .map(video_stream);
    let tracks_of = |kind: &str| -> Vec<Track> {
        raw.streams
            .iter()
            .filter(|s| s.codec_type.as_deref() == Some(kind))
            .map(track)
            .collect()
    };
    let duration_ms = format
        .duration
        .as_ref()
        .and_then(NumOrStr::as_f64)
        .or_else(|| {
            raw.streams
                .iter()
                .filter_map(|s| s.duration.as_ref().and_then(NumOrStr::as_f64))
                .reduce(f64::max)
        })
        .filter(|d| *d >= 0.0)
        .map(|d| (d * 1000.0).round() as i64);
    Ok(MediaProbe {
        container: format.format_name.filter(|n| !n.is_empty()),
        duration_ms,
        bit_rate: format.bit_rate.as_ref().and_then(NumOrStr::as_i64),
        size_bytes: format
            .size
            .as_ref()
            .and_then(NumOrStr::as_i64)
            .and_then(|s| u64::try_from(s).ok()),
        video,
        audio: tracks_of("audio"),
        subtitles: tracks_of("subtitle"),
    })
}

fn video_stream(s: &RawStream) -> VideoStream {
    VideoStream {
        stream_index: index(s),
        codec: s.codec_name.clone(),
        width: s.width.and_then(|w| i32::try_from(w).ok()),
        height: s.height.and_then(|h| i32::try_from(h).ok()),
        fps: rate(s.avg_frame_rate.as_deref()).or_else(|| rate(s.r_frame_rate.as_deref())),
        bit_rate: s.bit_rate.as_ref().and_then(NumOrStr::as_i64),
    }
}

fn track(s: &RawStream) -> Track {
    Track {
        stream_index: index(s),
        codec: s.codec_name.clone(),
        language: tag(s, "language").filter(|l| !l.eq_ignore_ascii_case("und")),
        title: tag(s, "title"),
        channels: s.channels.and_then(|c| u32::try_from(c).ok()),
        is_default: flag(s, "default"),
        is_forced: flag(s, "forced"),
    }
}

fn index(s: &RawStream) -> i32 {
    i32::try_from(s.index).unwrap_or(-1)
}

fn flag(s: &RawStream, name: &str) -> bool {
    s.disposition
        .get(name)
        .and_then(NumOrStr::as_i64)
        .is_some_and(|v| v != 0)
}

/// A tag by case-insensitive name (Matroska tags may arrive upper-case), non-empty.
fn tag(s: &RawStream, name: &str) -> Option<String> {
    s.tags
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_text().trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `"30000/1001"` → 29.97; `"0/0"` and nonsense → `None`.
fn rate(text: Option<&str>) -> Option<f64> {
    let (num, den) = text?.split_once('/')?;
    let (num, den): (f64, f64) = (num.trim().parse().ok()?, den.trim().parse().ok()?);
    let fps = num / den;
    (fps.is_finite() && fps > 0.0).then_some(fps)
}
