//! Synthetic media made with ffmpeg's lavfi sources, for tests, benchmarks and sandbox
//! demos (test media are generated, never downloaded).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::process::{Process, ProcessError};
use crate::tools::{ff_path, Tools};

/// Why generating media failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// ffmpeg failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// Writing a subtitle source file failed.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// What to generate. Audio track `i` is a sine at `440 + 220·i` Hz.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthSpec {
    /// Length in seconds.
    pub seconds: f64,
    /// Video frame size, or `None` for audio only.
    pub video_size: Option<(u32, u32)>,
    /// Frames per second.
    pub fps: u32,
    /// Keyframe interval in frames.
    pub gop: u32,
    /// One audio track per language tag.
    pub audio_languages: Vec<String>,
    /// One SubRip subtitle track per language tag.
    pub subtitle_languages: Vec<String>,
    /// lavfi video source (`testsrc2`, `smptebars`, `mandelbrot`, ...).
    pub video_source: String,
    /// Constant video bit rate in bit/s (filler included, so sizes are predictable);
    /// `None`: x264's default rate control.
    pub video_bitrate: Option<u64>,
}

impl Default for SynthSpec {
    fn default() -> Self {
        SynthSpec {
            seconds: 5.0,
            video_size: Some((320, 240)),
            fps: 25,
            gop: 250,
            audio_languages: vec!["eng".into()],
            subtitle_languages: Vec::new(),
            video_source: "testsrc2".into(),
            video_bitrate: None,
        }
    }
}

/// Generates `out` (container from its extension): libx264 ultrafast video, AAC audio
/// (MP3 for `.mp3`), SubRip subtitles (in Matroska). The first audio track is default and
/// the last subtitle track forced, so dispositions can be tested.
pub async fn generate(tools: &Tools, out: &Path, spec: &SynthSpec) -> Result<(), SynthError> {
    let secs = format!("{:.3}", spec.seconds);
    let mut p =
        Process::new(&tools.ffmpeg).args(["-hide_banner", "-loglevel", "error", "-nostdin"]);
    let mut maps = Vec::new();
    let mut inputs = 0;
    if let Some((w, h)) = spec.video_size {
        let src = format!(
            "{}=size={w}x{h}:rate={}:duration={secs}",
            spec.video_source, spec.fps
        );
        p = p.args(["-f", "lavfi", "-i", &src]);
        maps.push(format!("{inputs}:v"));
        inputs += 1;
    }
    for i in 0..spec.audio_languages.len() {
        let src = format!("sine=frequency={}:duration={secs}", 440 + 220 * i);
        p = p.args(["-f", "lavfi", "-i", &src]);
        maps.push(format!("{inputs}:a"));
        inputs += 1;
    }
    let mut srt_files = Vec::new();
    for (i, lang) in spec.subtitle_languages.iter().enumerate() {
        let path = out.with_extension(format!("{i}.{lang}.srt"));
        let text = format!("1\n00:00:00,200 --> 00:00:01,000\n[{lang}] line one\n\n");
        tokio::fs::write(&path, text)
            .await
            .map_err(|source| SynthError::Io {
                path: path.clone(),
                source,
            })?;
        p = p.arg("-i").arg(ff_path(&path));
        maps.push(format!("{inputs}:s"));
        inputs += 1;
        srt_files.push(path);
    }
    for m in &maps {
        p = p.args(["-map", m]);
    }
    if spec.video_size.is_some() {
        let gop = spec.gop.to_string();
        p = p.args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-g",
            &gop,
        ]);
        if let Some(rate) = spec.video_bitrate {
            let (rate, buf) = (rate.to_string(), (rate / 10).to_string());
            p = p.args(["-b:v", &rate, "-minrate", &rate, "-maxrate", &rate]);
            p = p.args(["-bufsize", &buf, "-x264-params", "nal-hrd=cbr"]);
        }
    }
    let is_mp3 = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mp3"));
    p = p.args(["-c:a", if is_mp3 { "libmp3lame" } else { "aac" }]);
    if !spec.subtitle_languages.is_empty() {
        p = p.args(["-c:s", "srt"]);
    }
    p = tag_tracks(p, "a", &spec.audio_languages);
    p = tag_tracks(p, "s", &spec.subtitle_languages);
    if !spec.audio_languages.is_empty() {
        p = p.args(["-disposition:a:0", "default"]);
    }
    if let Some(last) = spec.subtitle_languages.len().checked_sub(1) {
        p = p.args([format!("-disposition:s:{last}"), "forced".into()]);
    }
    let timeout = Duration::from_secs_f64(120.0 + spec.seconds * 2.0);
    let result = p.arg("-y").arg(ff_path(out)).timeout(timeout).run().await;
    for f in srt_files {
        let _ = tokio::fs::remove_file(f).await;
    }
    result?;
    Ok(())
}

fn tag_tracks(mut p: Process, kind: &str, languages: &[String]) -> Process {
    for (i, lang) in languages.iter().enumerate() {
        p = p.args([
            format!("-metadata:s:{kind}:{i}"),
            format!("language={lang}"),
            format!("-metadata:s:{kind}:{i}"),
            format!("title=Track {} ({lang})", i + 1),
        ]);
        if i > 0 {
            p = p.args([format!("-disposition:{kind}:{i}"), "0".into()]);
        }
    }
    p
}
