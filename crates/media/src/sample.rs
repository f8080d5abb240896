//! Sample clips (SPEC §6, `GENERATE_SAMPLES`): a short H.264 + AAC MP4 cut from the video.
//!
//! The clip starts at the requested point (default 00:10:00) and lasts the requested
//! length (default 30 s). **Proportional start:** when the video is shorter than
//! start + length, the clip starts at [`PROPORTIONAL_START`] (10 %) of the duration,
//! moved earlier if needed so the whole clip fits (never before 0); a video shorter than
//! the clip gives a clip of the whole video. See [`plan`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::probe::{probe, ProbeError};
use crate::process::{Process, ProcessError};
use crate::screenshots::seconds;
use crate::tools::{ff_path, Tools};

/// Where a clip starts, as a fraction of the duration, when the requested start does not fit.
pub const PROPORTIONAL_START: f64 = 0.10;

/// Why making a sample failed.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Probing the input failed.
    #[error(transparent)]
    Probe(#[from] ProbeError),
    /// The input has no video stream.
    #[error("{0} has no video stream")]
    NoVideo(PathBuf),
    /// The input has no usable duration.
    #[error("{0} has zero or unknown duration")]
    ZeroLength(PathBuf),
    /// ffmpeg failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
}

/// Sample settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleOptions {
    /// Requested start (default 600 s).
    pub start: Duration,
    /// Clip length (default 30 s).
    pub length: Duration,
    /// Timeout for the ffmpeg run.
    pub timeout: Duration,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            start: Duration::from_secs(600),
            length: Duration::from_secs(30),
            timeout: Duration::from_secs(600),
        }
    }
}

/// The part of the video a clip covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamplePlan {
    /// Start, ms.
    pub start_ms: i64,
    /// Length, ms.
    pub length_ms: i64,
}

/// Where the clip goes for a video of `duration_ms` (see the module docs).
pub fn plan(duration_ms: i64, start_ms: i64, length_ms: i64) -> SamplePlan {
    let duration_ms = duration_ms.max(0);
    let (start_ms, length_ms) = (start_ms.max(0), length_ms.max(0));
    if start_ms.saturating_add(length_ms) <= duration_ms {
        return SamplePlan {
            start_ms,
            length_ms,
        };
    }
    let proportional = (duration_ms as f64 * PROPORTIONAL_START).floor() as i64;
    let start_ms = proportional.min((duration_ms - length_ms).max(0));
    SamplePlan {
        start_ms,
        length_ms: length_ms.min(duration_ms - start_ms),
    }
}

/// Cuts a sample of `file` into `out` (MP4, overwritten): first video stream, the default
/// (else first) audio track, `libx264 -preset ultrafast`, AAC. Returns what was cut.
pub async fn sample(
    tools: &Tools,
    file: &Path,
    out: &Path,
    opts: &SampleOptions,
) -> Result<SamplePlan, SampleError> {
    let info = probe(tools, file).await?;
    let duration_ms = info
        .duration_ms
        .filter(|d| *d > 0)
        .ok_or_else(|| SampleError::ZeroLength(file.to_owned()))?;
    let video = info
        .video
        .as_ref()
        .ok_or_else(|| SampleError::NoVideo(file.to_owned()))?;
    let as_ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
    let plan = plan(duration_ms, as_ms(opts.start), as_ms(opts.length));
    let audio = info
        .audio
        .iter()
        .find(|t| t.is_default)
        .or(info.audio.first());
    let mut p = Process::new(&tools.ffmpeg)
        .args(["-hide_banner", "-loglevel", "error", "-nostdin"])
        .args(["-ss", &seconds(plan.start_ms), "-i"])
        .arg(ff_path(file))
        .args(["-t", &seconds(plan.length_ms)])
        .args(["-map".to_owned(), format!("0:{}", video.stream_index)]);
    if let Some(a) = audio {
        p = p.args(["-map".to_owned(), a.specifier()]);
        p = p.args(["-c:a", "aac", "-b:a", "128k"]);
    }
    p.args([
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
    ])
    .args(["-sn", "-dn", "-movflags", "+faststart", "-f", "mp4", "-y"])
    .arg(ff_path(out))
    .timeout(opts.timeout)
    .run()
    .await?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_video_uses_requested_start() {
        assert_eq!(
            plan(3_600_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 600_000,
                length_ms: 30_000
            }
        );
        assert_eq!(
            plan(630_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 600_000,
                length_ms: 30_000
            }
        );
    }

    #[test]
    fn shorter_video_starts_at_ten_percent() {
        assert_eq!(
            plan(300_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 30_000,
                length_ms: 30_000
            }
        );
        assert_eq!(plan(629_999, 600_000, 30_000).start_ms, 62_999);
    }

    #[test]
    fn start_moves_back_so_the_clip_fits() {
        // 10 % of 40 s = 4 s and 4 + 30 <= 40: kept. 10 % of 32 s = 3.2 s, 3.2 + 30 > 32: moved to 2 s.
        assert_eq!(
            plan(40_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 4_000,
                length_ms: 30_000
            }
        );
        assert_eq!(
            plan(32_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 2_000,
                length_ms: 30_000
            }
        );
    }

    #[test]
    fn video_shorter_than_clip_gives_whole_video() {
        assert_eq!(
            plan(12_000, 600_000, 30_000),
            SamplePlan {
                start_ms: 0,
                length_ms: 12_000
            }
        );
        assert_eq!(
            plan(0, 600_000, 30_000),
            SamplePlan {
                start_ms: 0,
                length_ms: 0
            }
        );
    }
}
