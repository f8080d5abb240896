//! 7z "store" archives (no compression) split in volumes, for season packs (SPEC §6).
//!
//! **Why drive `7zz` instead of a Rust crate.** 7-Zip is the reference implementation:
//! its archives open in every client, and it writes volumes (`-v`) natively. The Rust
//! option (`sevenz-rust2`) writes one seekable archive; volumes would need our own
//! writer that seeks back across volume files to patch the start header. 7zz streams in
//! copy mode with a small fixed buffer: on a 2 GiB input (`examples/bench`) peak RSS was
//! 4.8 MiB, the same as for 1 GB, and throughput 0.97× of a plain `7zz a -mx0`. The tests must run `7zz t` and
//! `7zz l -slt` anyway, so 7zz is needed on every machine (Debian package `7zip`). The cost
//! is one more external program, which [`crate::process::Process`] already handles.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::process::{Process, ProcessError};
use crate::tools::Tools;

/// Smallest volume size accepted (7zz's own minimum is far lower; tiny volumes are a typo).
pub const MIN_VOLUME_SIZE: u64 = 64 * 1024;

/// Why archiving failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// No input given.
    #[error("nothing to archive")]
    NoInputs,
    /// An input does not exist.
    #[error("input {0} does not exist")]
    InputMissing(PathBuf),
    /// The output name does not end in `.7z`.
    #[error("archive name {0} must end in .7z")]
    BadName(PathBuf),
    /// The archive (or its first volume) already exists; 7zz would update it.
    #[error("{0} already exists")]
    OutputExists(PathBuf),
    /// Volume size below [`MIN_VOLUME_SIZE`].
    #[error("volume size {0} is below the minimum of {MIN_VOLUME_SIZE} bytes")]
    VolumeTooSmall(u64),
    /// 7zz failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// Listing the written volumes failed.
    #[error("could not read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Archive settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveOptions {
    /// Split in volumes of at most this many bytes (`NAME.7z.001`, `.002`, ...).
    pub volume_size: Option<u64>,
    /// Kill 7zz after this long.
    pub timeout: Option<Duration>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    /// The archive file, or its volumes in order.
    pub volumes: Vec<PathBuf>,
    /// Total bytes written.
    pub total_bytes: u64,
}

/// Archives `inputs` (files or directories, recursively) into `out` with the store method.
/// Absolute inputs are stored under their file name, relative ones under their relative
/// path. With a volume size, 7zz names volumes `out.001`, `out.002`, ... (even when one).
pub async fn create_store_archive(
    tools: &Tools,
    inputs: &[PathBuf],
    out: &Path,
    opts: &ArchiveOptions,
) -> Result<Archive, ArchiveError> {
    if inputs.is_empty() {
        return Err(ArchiveError::NoInputs);
    }
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("7z"))
    {
        return Err(ArchiveError::BadName(out.to_owned()));
    }
    let first_volume = volume_path(out, 1);
    for existing in [out, first_volume.as_path()] {
        if tokio::fs::symlink_metadata(existing).await.is_ok() {
            return Err(ArchiveError::OutputExists(existing.to_owned()));
        }
    }
    for input in inputs {
        if tokio::fs::symlink_metadata(input).await.is_err() {
            return Err(ArchiveError::InputMissing(input.clone()));
        }
    }
    // -spd: no wildcards in names; -mx=0 -m0=Copy: store; -bd: no progress meter.
    let mut p = Process::new(&tools.sevenzip).args([
        "a", "-t7z", "-mx=0", "-m0=Copy", "-spd", "-bd", "-bb0", "-y",
    ]);
    if let Some(size) = opts.volume_size {
        if size < MIN_VOLUME_SIZE {
            return Err(ArchiveError::VolumeTooSmall(size));
        }
        p = p.arg(format!("-v{size}b"));
    }
    if let Some(t) = opts.timeout {
        p = p.timeout(t);
    }
    p = p.arg("--").arg(literal(out));
    for input in inputs {
        p = p.arg(literal(input));
    }
    p.run().await?;
    let volumes = if opts.volume_size.is_some() {
        let mut v = Vec::new();
        while tokio::fs::symlink_metadata(volume_path(out, v.len() + 1))
            .await
            .is_ok()
        {
            v.push(volume_path(out, v.len() + 1));
        }
        v
    } else {
        vec![out.to_owned()]
    };
    let mut total_bytes = 0;
    for v in &volumes {
        let meta = tokio::fs::metadata(v)
            .await
            .map_err(|source| ArchiveError::Io {
                path: v.clone(),
                source,
            })?;
        total_bytes += meta.len();
    }
    Ok(Archive {
        volumes,
        total_bytes,
    })
}

/// `NAME.7z` → `NAME.7z.003` for volume 3.
pub fn volume_path(out: &Path, n: usize) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(format!(".{n:03}"));
    PathBuf::from(name)
}

/// A relative path made to start with `./`, so 7zz never reads it as a list file (`@x`).
fn literal(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        Path::new(".").join(path)
    }
}
