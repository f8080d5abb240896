//! yt-dlp: the `yt-dlp` binary run through [`Process`] with an argument vector.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use streamvault_media::Process;
use url::Url;

use crate::error::FetchError;

/// How yt-dlp is run.
#[derive(Debug, Clone)]
pub struct YtDlpConfig {
    /// The program (`yt-dlp` on `PATH` by default).
    pub program: PathBuf,
    /// Extra options placed before the URL (e.g. `--cookies FILE`, `-f best`).
    pub extra_args: Vec<String>,
    /// Longest run.
    pub timeout: Duration,
    /// Passed as `--max-filesize` when set.
    pub max_bytes: Option<u64>,
}

impl Default for YtDlpConfig {
    fn default() -> Self {
        YtDlpConfig {
            program: PathBuf::from("yt-dlp"),
            extra_args: Vec::new(),
            timeout: Duration::from_secs(3 * 3600),
            max_bytes: None,
        }
    }
}

impl YtDlpConfig {
    /// The invocation that downloads `url` into `dir` and prints the final file path.
    pub fn command(&self, url: &Url, dir: &Path) -> Process {
        let mut paths = OsString::from("home:");
        paths.push(dir);
        let mut args: Vec<OsString> = [
            "--no-playlist",
            "--no-progress",
            "--no-mtime",
            "--no-simulate",
            "--print",
            "after_move:filepath",
            "-o",
            "%(title).150B [%(id)s].%(ext)s",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        args.push("--paths".into());
        args.push(paths);
        if let Some(max) = self.max_bytes {
            args.push("--max-filesize".into());
            args.push(max.to_string().into());
        }
        args.extend(self.extra_args.iter().map(OsString::from));
        args.push("--".into());
        args.push(url.as_str().into());
        Process::new(&self.program)
            .args(args)
            .timeout(self.timeout)
            .stdout_limit(1 << 20)
    }

    /// Downloads `url` into `dir`; returns the file yt-dlp reports, which must lie in `dir`.
    pub async fn download(&self, url: &Url, dir: &Path) -> Result<PathBuf, FetchError> {
        let out = self.command(url, dir).output().await?;
        let text = String::from_utf8_lossy(&out.stdout);
        let printed = text
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .ok_or_else(|| FetchError::BadResponse("yt-dlp printed no file path".into()))?;
        let path = PathBuf::from(printed);
        let path = if path.is_absolute() {
            path
        } else {
            dir.join(path)
        };
        let (file, root) = (path.canonicalize()?, dir.canonicalize()?);
        if !file.starts_with(&root) || !file.is_file() {
            return Err(FetchError::BadResponse(format!(
                "yt-dlp reported {} outside the work directory",
                file.display()
            )));
        }
        Ok(file)
    }
}
