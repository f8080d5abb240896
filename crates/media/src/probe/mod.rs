//! Media information from ffprobe: container, duration, the video stream, and the audio
//! and subtitle tracks with their `0:N` stream indices (SPEC §6, subtitle prober).

mod raw;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use streamvault_store::media::{MediaInfo, MediaTrack, TrackKind};

use crate::process::{Process, ProcessError};
use crate::tools::{ff_path, Tools};

/// How long ffprobe may take on one file.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(60);

/// Why probing failed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// ffprobe could not run or rejected the file (e.g. "Invalid data found").
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// ffprobe's output was not the JSON expected (garbage or truncated).
    #[error("ffprobe output is not valid JSON: {0}")]
    BadJson(String),
    /// The JSON has no `format` section: not a probe of a media file.
    #[error("ffprobe output has no format section")]
    NoFormat,
}

/// What ffprobe says about a media file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaProbe {
    /// Container format as ffprobe names it (`matroska,webm`, `mov,mp4,m4a,3gp,3g2,mj2`).
    pub container: Option<String>,
    /// Duration in milliseconds (container duration, else the longest stream).
    pub duration_ms: Option<i64>,
    /// Overall bit rate, bits/s.
    pub bit_rate: Option<i64>,
    /// File size in bytes.
    pub size_bytes: Option<u64>,
    /// The first real video stream (cover art, `attached_pic`, is not video).
    pub video: Option<VideoStream>,
    /// Audio tracks in stream order.
    pub audio: Vec<Track>,
    /// Subtitle tracks in stream order.
    pub subtitles: Vec<Track>,
}

/// The main video stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoStream {
    /// ffprobe stream index (`0:N`).
    pub stream_index: i32,
    /// Codec name (`h264`, `hevc`, ...).
    pub codec: Option<String>,
    /// Frame width in pixels.
    pub width: Option<i32>,
    /// Frame height in pixels.
    pub height: Option<i32>,
    /// Frames per second (average frame rate, else the base rate).
    pub fps: Option<f64>,
    /// Stream bit rate, bits/s (Matroska usually has none).
    pub bit_rate: Option<i64>,
}

/// An audio or subtitle track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// ffprobe stream index: ffmpeg addresses it as `0:{stream_index}`.
    pub stream_index: i32,
    /// Codec name (`aac`, `subrip`, `ass`, ...).
    pub codec: Option<String>,
    /// Language tag as in the file (ISO 639-2, e.g. `eng`); `und` becomes `None`.
    pub language: Option<String>,
    /// Track title.
    pub title: Option<String>,
    /// Audio channel count (audio only).
    pub channels: Option<u32>,
    /// Default disposition.
    pub is_default: bool,
    /// Forced disposition.
    pub is_forced: bool,
}

impl Track {
    /// The ffmpeg stream specifier, `0:N`.
    pub fn specifier(&self) -> String {
        format!("0:{}", self.stream_index)
    }
}

impl MediaProbe {
    /// Parses ffprobe's `-print_format json -show_format -show_streams` output.
    pub fn from_ffprobe_json(json: &[u8]) -> Result<MediaProbe, ProbeError> {
        raw::parse(json)
    }

    /// Duration as a [`Duration`], when known and positive.
    pub fn duration(&self) -> Option<Duration> {
        self.duration_ms
            .filter(|ms| *ms > 0)
            .map(|ms| Duration::from_millis(ms as u64))
    }

    /// The store's view: audio and subtitle tracks merged in stream-index order.
    pub fn to_media_info(&self) -> MediaInfo {
        let audio = self.audio.iter().map(|t| (TrackKind::Audio, t));
        let subs = self.subtitles.iter().map(|t| (TrackKind::Subtitle, t));
        let mut tracks: Vec<MediaTrack> = audio
            .chain(subs)
            .map(|(kind, t)| MediaTrack {
                kind,
                stream_index: t.stream_index,
                language: t.language.clone(),
                codec: t.codec.clone(),
                title: t.title.clone(),
                is_default: t.is_default,
                is_forced: t.is_forced,
            })
            .collect();
        tracks.sort_by_key(|t| t.stream_index);
        let video = self.video.as_ref();
        MediaInfo {
            container: self.container.clone(),
            duration_ms: self.duration_ms,
            video_codec: video.and_then(|v| v.codec.clone()),
            width: video.and_then(|v| v.width),
            height: video.and_then(|v| v.height),
            fps: video.and_then(|v| v.fps),
            bit_rate: self.bit_rate,
            tracks,
        }
    }
}

impl From<&MediaProbe> for MediaInfo {
    fn from(probe: &MediaProbe) -> Self {
        probe.to_media_info()
    }
}

impl From<MediaProbe> for MediaInfo {
    fn from(probe: MediaProbe) -> Self {
        probe.to_media_info()
    }
}

/// Runs ffprobe on `file` and parses its answer.
pub async fn probe(tools: &Tools, file: &Path) -> Result<MediaProbe, ProbeError> {
    let out = Process::new(&tools.ffprobe)
        .args([
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
        ])
        .arg("-i")
        .arg(ff_path(file))
        .timeout(PROBE_TIMEOUT)
        .stdout_limit(16 << 20)
        .output()
        .await?;
    MediaProbe::from_ffprobe_json(&out.stdout)
}
