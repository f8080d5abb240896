//! The dispatcher: one [`fetch`] for every [`Source`], leaving one complete file (or, for
//! a multi-file torrent, one directory) in the work directory.
//!
//! Partial data lives in `WORK/.partial/` (same file system, so the final `rename` is
//! atomic); nothing is ever half-written at the final path.

use std::path::{Path, PathBuf};

use url::Url;

use crate::aria2::Aria2;
use crate::error::FetchError;
use crate::fallback::FallbackExtractor;
use crate::hls::HlsConfig;
use crate::http::{names, GuardedClient};
use crate::local::{place_local, LocalMode};
use crate::name::{safe_output_name, safe_output_name_with_extension};
use crate::progress::{Progress, ProgressFn};
use crate::source::Source;
use crate::ytdlp::YtDlpConfig;
use streamvault_media::Digests;

/// Name of the staging directory inside the work directory.
pub const PARTIAL_DIR: &str = ".partial";

/// Everything [`fetch`] may use. Build with [`FetchOptions::new`] and set fields.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The SSRF-guarded client (also the guard for URLs handed to other programs).
    pub http: GuardedClient,
    /// aria2, required for torrents/magnets.
    pub aria2: Option<Aria2>,
    /// Download direct links with aria2 instead of the guarded client. aria2 resolves
    /// and follows redirects itself, so only the first URL is checked: off by default.
    pub http_via_aria2: bool,
    /// yt-dlp for pages (`None`: go straight to the fallback).
    pub ytdlp: Option<YtDlpConfig>,
    /// The fallback extractor (`None`: none configured).
    pub fallback: Option<FallbackExtractor>,
    /// ffmpeg for HLS.
    pub hls: HlsConfig,
    /// The wanted output file name (made safe); default: the source's own name.
    pub name: Option<String>,
    /// `{query}` for the fallback extractor; default: the URL.
    pub query: Option<String>,
    /// Hard link or copy for local files.
    pub local: LocalMode,
}

impl FetchOptions {
    /// Options with only the guarded client: direct links, HLS (ffmpeg on `PATH`),
    /// pages via yt-dlp on `PATH`, local files.
    pub fn new(http: GuardedClient) -> Self {
        FetchOptions {
            http,
            aria2: None,
            http_via_aria2: false,
            ytdlp: Some(YtDlpConfig::default()),
            fallback: None,
            hls: HlsConfig::default(),
            name: None,
            query: None,
            local: LocalMode::default(),
        }
    }
}

/// A fetched source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedFile {
    /// The complete file (a directory for a multi-file torrent) in the work directory.
    pub path: PathBuf,
    /// Its size in bytes (sum of files for a directory).
    pub size: u64,
    /// The name the source gave it (server, torrent, yt-dlp, local file), unsanitized —
    /// input for smart renaming.
    pub original_name: String,
    /// SHA-256/SHA-1/MD5, when the bytes passed through this process as they were
    /// written (HTTP downloads, local copies); `None` when another program wrote them
    /// (aria2, yt-dlp, ffmpeg) or the file was hard-linked.
    pub digests: Option<Digests>,
}

/// Fetches `source` into `work_dir` (created if missing).
pub async fn fetch(
    source: &Source,
    work_dir: &Path,
    opts: &FetchOptions,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    tokio::fs::create_dir_all(work_dir).await?;
    let work = std::path::absolute(work_dir)?;
    match source.clone().classify(&opts.http).await? {
        Source::Local(src) => {
            let original = src
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dest = work.join(out_name(opts, &original));
            let placed = place_local(&src, &dest, opts.local).await?;
            let mut got = finished(dest, placed.size, original, progress);
            got.digests = placed.digests;
            Ok(got)
        }
        Source::Direct(url) => direct(&url, &work, opts, opts.http_via_aria2, progress).await,
        Source::Hls(url) => hls(&url, &work, opts, progress).await,
        Source::Torrent(uri) => {
            // aria2 resolves for itself: check the `.torrent` link or the magnet's hosts.
            let guard = opts.http.guard();
            if uri
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("magnet:"))
            {
                guard.check_magnet(&uri).await?;
            } else {
                guard.check_url(&guard.parse(&uri)?).await?;
            }
            crate::via_aria2::fetch(opts, &uri, &work, None, progress).await
        }
        Source::Page(url) => page(&url, &work, opts, progress).await,
        Source::Url(_) => Err(FetchError::Unsupported("unclassified URL".into())),
    }
}

/// The final name: the caller's, else the source's, made safe.
fn out_name(opts: &FetchOptions, original: &str) -> String {
    safe_output_name(opts.name.as_deref().unwrap_or(original))
}

async fn direct(
    url: &Url,
    work: &Path,
    opts: &FetchOptions,
    via_aria2: bool,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    let guessed = names::url_file_name(url).unwrap_or_else(|| "download".into());
    if via_aria2 && opts.aria2.is_some() {
        opts.http.guard().check_url(url).await?;
        let out = out_name(opts, &guessed);
        return crate::via_aria2::fetch(opts, url.as_str(), work, Some(&out), progress).await;
    }
    let staging = work.join(PARTIAL_DIR);
    tokio::fs::create_dir_all(&staging).await?;
    let part = staging.join(format!("{}.part", out_name(opts, &guessed)));
    let done = opts.http.download_part(url, &part, progress).await?;
    let original = done.suggested_name.unwrap_or(guessed);
    let dest = work.join(out_name(opts, &original));
    tokio::fs::rename(&part, &dest).await?;
    Ok(FetchedFile {
        path: dest,
        size: done.size,
        original_name: original,
        digests: done.digests,
    })
}

async fn hls(
    url: &Url,
    work: &Path,
    opts: &FetchOptions,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    let original = names::url_file_name(url).unwrap_or_else(|| "stream".into());
    let wanted = opts.name.as_deref().unwrap_or(&original);
    let dest = work.join(safe_output_name_with_extension(wanted, "mkv"));
    let size = opts.hls.fetch(&opts.http, url, &dest).await?;
    Ok(finished(dest, size, original, progress))
}

/// Reports a file that arrived in one step (no streamed progress) as complete.
fn finished(
    path: PathBuf,
    size: u64,
    original_name: String,
    progress: ProgressFn<'_>,
) -> FetchedFile {
    progress(Progress {
        done: size,
        total: Some(size),
        speed: 0,
    });
    FetchedFile {
        path,
        size,
        original_name,
        digests: None,
    }
}

/// yt-dlp first; when it fails (or is not configured), the fallback extractor.
async fn page(
    url: &Url,
    work: &Path,
    opts: &FetchOptions,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    opts.http.guard().check_url(url).await?;
    let ytdlp_error = match &opts.ytdlp {
        Some(ytdlp) => {
            let staging = work.join(PARTIAL_DIR).join("yt-dlp");
            tokio::fs::create_dir_all(&staging).await?;
            match ytdlp.download(url, &staging).await {
                Ok(file) => return placed(&file, work, opts, progress).await,
                Err(e) => e,
            }
        }
        None => FetchError::Unsupported("yt-dlp is not configured".into()),
    };
    let Some(fallback) = &opts.fallback else {
        return Err(ytdlp_error);
    };
    tracing::info!(%url, error = %ytdlp_error, "yt-dlp failed; running the fallback extractor");
    let extracted = async {
        let query = opts.query.as_deref().unwrap_or(url.as_str());
        let media = opts
            .http
            .guard()
            .parse(&fallback.extract(url.as_str(), query).await?)?;
        opts.http.guard().check_url(&media).await?;
        match Source::Url(media).classify(&opts.http).await? {
            Source::Hls(m) => hls(&m, work, opts, progress).await,
            // The spec's route for a file: aria2 when there is one (URL pre-checked).
            Source::Direct(m) => direct(&m, work, opts, opts.aria2.is_some(), progress).await,
            other => Err(FetchError::BadResponse(format!(
                "the extractor printed a link that is not a media file: {other:?}"
            ))),
        }
    };
    extracted.await.map_err(|fallback| FetchError::Extraction {
        ytdlp: Box::new(ytdlp_error),
        fallback: Box::new(fallback),
    })
}

/// Moves a finished file from staging to its final name.
async fn placed(
    file: &Path,
    work: &Path,
    opts: &FetchOptions,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    let original = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dest = work.join(out_name(opts, &original));
    tokio::fs::rename(file, &dest).await?;
    let size = tokio::fs::metadata(&dest).await?.len();
    Ok(finished(dest, size, original, progress))
}
