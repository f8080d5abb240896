//! The fetch stage's one call into `streamvault_fetch` (kept here so a change of that
//! crate's API touches one small module).

use crate::error::IngestError;
use async_trait::async_trait;
use std::path::{Path, PathBuf};
use streamvault_fetch::{
    fetch, place_local, safe_output_name, FetchOptions, GuardPolicy, GuardedClient, HttpOptions,
    LocalMode, Progress, Source, UrlGuard,
};
use streamvault_media::Digests;

/// A fetched source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The file in the work directory.
    pub path: PathBuf,
    /// Its size.
    pub size: u64,
    /// The name the source gave it (input for renaming).
    pub original_name: String,
    /// Its digests, when the fetcher hashed the bytes as it wrote them (HTTP downloads,
    /// local copies); then the check stage does not read the file again.
    pub digests: Option<Digests>,
}

/// Called with (bytes fetched so far, total when known); must be quick.
pub type FetchProgress<'a> = &'a (dyn Fn(u64, Option<u64>) + Send + Sync);

/// Brings a source into a work directory.
#[async_trait]
pub trait Fetcher: Send + Sync {
    /// Fetches `source` (a path or URL) into `work_dir`, reporting progress.
    async fn fetch(
        &self,
        source: &str,
        work_dir: &Path,
        progress: FetchProgress<'_>,
    ) -> Result<Fetched, IngestError>;
}

/// The `streamvault_fetch` dispatcher (local paths, HTTP(S), HLS, torrents, pages).
#[derive(Debug, Clone)]
pub struct SourceFetcher {
    opts: FetchOptions,
}

impl SourceFetcher {
    /// A fetcher with the given options (the binary builds them: aria2, yt-dlp, fallback).
    pub fn new(opts: FetchOptions) -> Self {
        SourceFetcher { opts }
    }

    /// A fetcher with a guarded HTTP client under `policy` and default options.
    pub fn with_policy(policy: GuardPolicy) -> Result<Self, IngestError> {
        let client = GuardedClient::new(UrlGuard::new(policy), HttpOptions::default())
            .map_err(|e| IngestError::Fetch(e.to_string()))?;
        Ok(SourceFetcher::new(FetchOptions::new(client)))
    }
}

#[async_trait]
impl Fetcher for SourceFetcher {
    async fn fetch(
        &self,
        source: &str,
        work_dir: &Path,
        progress: FetchProgress<'_>,
    ) -> Result<Fetched, IngestError> {
        let parsed = Source::parse(source).map_err(|e| IngestError::Fetch(e.to_string()))?;
        if let Source::Local(dir) = &parsed {
            if tokio::fs::metadata(dir).await.is_ok_and(|m| m.is_dir()) {
                return local_dir(dir, work_dir, self.opts.local).await;
            }
        }
        let report = |p: Progress| progress(p.done, p.total);
        let got = fetch(&parsed, work_dir, &self.opts, &report)
            .await
            .map_err(|e| IngestError::Fetch(e.to_string()))?;
        Ok(Fetched {
            path: got.path,
            size: got.size,
            original_name: got.original_name,
            digests: got.digests,
        })
    }
}

/// A local directory (a season pack on disk): its regular files, one level deep, placed
/// (hard-linked or copied) into `work_dir/<dir name>/`.
async fn local_dir(dir: &Path, work_dir: &Path, mode: LocalMode) -> Result<Fetched, IngestError> {
    let original_name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dest = work_dir.join(safe_output_name(&original_name));
    tokio::fs::create_dir_all(&dest).await?;
    let mut entries = tokio::fs::read_dir(dir).await?;
    let mut size = 0;
    while let Some(e) = entries.next_entry().await? {
        if !e.file_type().await?.is_file() {
            continue;
        }
        let name = safe_output_name(&e.file_name().to_string_lossy());
        size += place_local(&e.path(), &dest.join(name), mode)
            .await
            .map_err(|e| IngestError::Fetch(e.to_string()))?
            .size;
    }
    Ok(Fetched {
        path: dest,
        size,
        original_name,
        digests: None,
    })
}
