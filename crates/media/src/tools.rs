//! Which external programs the toolkit uses, how to install them, and their versions
//! (for a `doctor` command).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::process::{Process, ProcessError};

/// Paths (or `PATH` names) of the external programs. Defaults: `ffmpeg`, `ffprobe`, `7zz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    /// ffmpeg: screenshots, sample clips, frame decoding for PDQ.
    pub ffmpeg: PathBuf,
    /// ffprobe: media information.
    pub ffprobe: PathBuf,
    /// 7-Zip (`7zz`, Debian package `7zip`): store archives.
    pub sevenzip: PathBuf,
}

impl Default for Tools {
    fn default() -> Self {
        Tools {
            ffmpeg: PathBuf::from("ffmpeg"),
            ffprobe: PathBuf::from("ffprobe"),
            sevenzip: PathBuf::from("7zz"),
        }
    }
}

impl Tools {
    /// The programs, for a `doctor` listing.
    pub fn all(&self) -> [&Path; 3] {
        [&self.ffmpeg, &self.ffprobe, &self.sevenzip]
    }
}

/// How to install a program on Debian, by its file name.
pub fn install_hint(program: &str) -> String {
    let hint = match program {
        "ffmpeg" | "ffprobe" => "apt-get install ffmpeg",
        "7zz" => "apt-get install 7zip",
        "7z" | "7za" => "apt-get install p7zip-full",
        "aria2c" => "apt-get install aria2",
        "rclone" => "apt-get install rclone",
        "nginx" => "apt-get install nginx",
        "yt-dlp" => "pip install yt-dlp",
        "sha256sum" | "sha1sum" | "md5sum" => "apt-get install coreutils",
        other => return format!("install {other} and put it on PATH"),
    };
    hint.to_owned()
}

/// The first non-empty line a program prints about its version: `-version` for
/// ffmpeg/ffprobe, no argument for 7-Zip (it prints a banner), `--version` otherwise.
/// Fails with [`ProcessError::NotInstalled`] when the program is missing.
pub async fn version(program: impl AsRef<Path>) -> Result<String, ProcessError> {
    let program = program.as_ref();
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let flag: &[&str] = match name.as_str() {
        "ffmpeg" | "ffprobe" => &["-version"],
        "7zz" | "7z" | "7za" => &[],
        "nginx" => &["-v"],
        _ => &["--version"],
    };
    let out = Process::new(program)
        .args(flag)
        .timeout(Duration::from_secs(20))
        .stdout_limit(1 << 20)
        .output_any_status()
        .await?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .chain(out.stderr_tail.lines())
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("(no version output)");
    Ok(line.to_owned())
}

/// A local path as an ffmpeg/ffprobe argument: prefixed with `file:` so that names with a
/// colon (`a:b.mkv`) or a protocol-like prefix (`concat:`, `http:`) stay plain files.
pub(crate) fn ff_path(path: &Path) -> OsString {
    let mut arg = OsString::from("file:");
    arg.push(path.as_os_str());
    arg
}

/// One program's line in a `doctor` listing.
#[derive(Debug)]
pub struct ToolStatus {
    /// The program as configured.
    pub program: PathBuf,
    /// Its version line, or why it could not run (e.g. not installed, with a hint).
    pub version: Result<String, ProcessError>,
}

/// Version (or failure) of every configured program, for a `doctor` command.
pub async fn doctor(tools: &Tools) -> Vec<ToolStatus> {
    let mut out = Vec::new();
    for program in tools.all() {
        out.push(ToolStatus {
            program: program.to_owned(),
            version: version(program).await,
        });
    }
    out
}
