//! Preview frames spread over a video (SPEC §6, auto screenshots).
//!
//! Each frame is one ffmpeg run with *input* seeking (`-ss` before `-i`), so ffmpeg jumps
//! to the keyframe before the position and decodes only from there — never from the start.
//! Runs go two at a time. Measured on a 20-minute 720p H.264 file (4 frames, 2 cores
//! shared with other builds, `examples/bench`): probe + four runs two at a time 1.46 s,
//! one ffmpeg with the same four seeked inputs 1.25 s (1.17×; without the probe,
//! per-frame runs were as fast as the single run), decoding from the start 67 s (46×
//! slower). Most of a run is ffmpeg's own start-up (about 0.17 s). Separate runs give each
//! frame its own timeout and its own clear error.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use crate::probe::{probe, ProbeError};
use crate::process::{Process, ProcessError};
use crate::tools::{ff_path, Tools};

/// Allowed frame counts.
pub const COUNT_RANGE: std::ops::RangeInclusive<usize> = 3..=5;

/// Why screenshots failed.
#[derive(Debug, thiserror::Error)]
pub enum ScreenshotError {
    /// Probing the input failed.
    #[error(transparent)]
    Probe(#[from] ProbeError),
    /// The input has no video stream (audio only, or cover art only).
    #[error("{0} has no video stream")]
    NoVideo(PathBuf),
    /// The input has no usable duration.
    #[error("{0} has zero or unknown duration")]
    ZeroLength(PathBuf),
    /// Frame count outside 3..=5.
    #[error("screenshot count must be 3 to 5, got {0}")]
    BadCount(usize),
    /// ffmpeg failed on a frame.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// ffmpeg exited cleanly but wrote no frame (position beyond the last frame).
    #[error("ffmpeg wrote no frame at {position_ms} ms")]
    NoFrame {
        /// The position asked for.
        position_ms: i64,
    },
    /// Creating the output directory failed.
    #[error("could not create {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Screenshot settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenshotOptions {
    /// Number of frames, 3..=5.
    pub count: usize,
    /// Fraction skipped at each end (default 0.05: intros, credits).
    pub margin: f64,
    /// How many ffmpeg runs at once.
    pub parallel: usize,
    /// Timeout for one frame.
    pub frame_timeout: Duration,
}

impl Default for ScreenshotOptions {
    fn default() -> Self {
        ScreenshotOptions {
            count: 4,
            margin: 0.05,
            parallel: 2,
            frame_timeout: Duration::from_secs(120),
        }
    }
}

/// A frame written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shot {
    /// Position in the video, ms.
    pub position_ms: i64,
    /// The JPEG file.
    pub path: PathBuf,
}

/// `count` positions (ms) at the centres of equal slices of the video between the margins.
pub fn positions(duration_ms: i64, count: usize, margin: f64) -> Vec<i64> {
    let margin = margin.clamp(0.0, 0.45);
    let span = duration_ms as f64 * (1.0 - 2.0 * margin);
    (0..count)
        .map(|i| {
            let at = duration_ms as f64 * margin + span * (i as f64 + 0.5) / count as f64;
            at.floor() as i64
        })
        .collect()
}

/// Writes `opts.count` JPEG frames of `file` into `out_dir` as `shot-NN.jpg`
/// (overwriting), in time order.
pub async fn screenshots(
    tools: &Tools,
    file: &Path,
    out_dir: &Path,
    opts: &ScreenshotOptions,
) -> Result<Vec<Shot>, ScreenshotError> {
    if !COUNT_RANGE.contains(&opts.count) {
        return Err(ScreenshotError::BadCount(opts.count));
    }
    let info = probe(tools, file).await?;
    let duration_ms = info
        .duration_ms
        .filter(|d| *d > 0)
        .ok_or_else(|| ScreenshotError::ZeroLength(file.to_owned()))?;
    let video = info
        .video
        .as_ref()
        .ok_or_else(|| ScreenshotError::NoVideo(file.to_owned()))?;
    tokio::fs::create_dir_all(out_dir)
        .await
        .map_err(|source| ScreenshotError::Io {
            path: out_dir.to_owned(),
            source,
        })?;
    let map = format!("0:{}", video.stream_index);
    let jobs = positions(duration_ms, opts.count, opts.margin)
        .into_iter()
        .enumerate()
        .map(|(i, position_ms)| {
            let path = out_dir.join(format!("shot-{:02}.jpg", i + 1));
            frame_at(tools, file, &map, position_ms, path, opts.frame_timeout)
        });
    stream::iter(jobs)
        .buffered(opts.parallel.max(1))
        .try_collect()
        .await
}

async fn frame_at(
    tools: &Tools,
    file: &Path,
    map: &str,
    position_ms: i64,
    path: PathBuf,
    timeout: Duration,
) -> Result<Shot, ScreenshotError> {
    let _ = tokio::fs::remove_file(&path).await;
    Process::new(&tools.ffmpeg)
        .args(["-hide_banner", "-loglevel", "error", "-nostdin"])
        .args(["-ss", &seconds(position_ms), "-i"])
        .arg(ff_path(file))
        .args(["-map", map, "-frames:v", "1", "-an", "-sn", "-dn"])
        .args(["-q:v", "2", "-update", "1", "-y"])
        .arg(ff_path(&path))
        .timeout(timeout)
        .run()
        .await?;
    match tokio::fs::metadata(&path).await {
        Ok(m) if m.len() > 0 => Ok(Shot { position_ms, path }),
        _ => Err(ScreenshotError::NoFrame { position_ms }),
    }
}

/// Milliseconds as ffmpeg seconds, `"114.000"`.
pub(crate) fn seconds(ms: i64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_skip_the_ends_and_are_evenly_spread() {
        assert_eq!(
            positions(1_000_000, 4, 0.05),
            [162_500, 387_500, 612_500, 837_500]
        );
        assert_eq!(positions(100_000, 3, 0.05), [20_000, 50_000, 80_000]);
        let p = positions(1_000, 5, 0.05);
        assert!(
            p.windows(2).all(|w| w[0] < w[1]) && p[0] >= 50 && p[4] <= 950,
            "{p:?}"
        );
    }

    #[test]
    fn seconds_format() {
        assert_eq!(seconds(114_000), "114.000");
        assert_eq!(seconds(5), "0.005");
    }
}
