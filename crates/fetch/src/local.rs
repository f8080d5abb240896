//! Local files (CLI sources): hard-linked into the work directory when possible,
//! copied otherwise (hashing the bytes on the way); anything but a regular file is
//! refused.

use std::path::Path;

use streamvault_media::{copy_hashing_blocking, Digests};
use tokio::fs;

use crate::error::FetchError;

/// How a local file enters the work directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocalMode {
    /// Hard link when on the same file system, else copy.
    #[default]
    LinkOrCopy,
    /// Always copy.
    Copy,
}

/// A local file placed in the work directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Its size.
    pub size: u64,
    /// Its digests when it was copied (the copy read it); `None` for a hard link.
    pub digests: Option<Digests>,
}

impl Placed {
    fn linked(size: u64) -> Self {
        Placed {
            size,
            digests: None,
        }
    }
}

/// Places the regular file `src` at `dest` (which must not be `src` itself). Symbolic
/// links are resolved first; the result is never a link to a non-regular file. A copy
/// goes through `dest.part`, is hashed as it is written, and is renamed when complete.
pub async fn place_local(src: &Path, dest: &Path, mode: LocalMode) -> Result<Placed, FetchError> {
    let real = fs::canonicalize(src).await?;
    let meta = fs::metadata(&real).await?;
    if !meta.is_file() {
        return Err(FetchError::NotRegularFile(src.to_owned()));
    }
    if fs::canonicalize(dest).await.ok().as_deref() == Some(real.as_path()) {
        return Ok(Placed::linked(meta.len()));
    }
    let _ = fs::remove_file(dest).await;
    if mode == LocalMode::LinkOrCopy && fs::hard_link(&real, dest).await.is_ok() {
        let linked = fs::symlink_metadata(dest).await?;
        if linked.is_file() {
            return Ok(Placed::linked(linked.len()));
        }
        let _ = fs::remove_file(dest).await;
        return Err(FetchError::NotRegularFile(src.to_owned()));
    }
    let part = crate::http::part_path(dest);
    let digests = tokio::task::spawn_blocking({
        let (real, part) = (real.clone(), part.clone());
        move || -> std::io::Result<Option<Digests>> {
            let mut from = std::fs::File::open(&real)?;
            if !from.metadata()?.is_file() {
                return Ok(None);
            }
            let mut to = std::fs::File::create(&part)?;
            let digests = copy_hashing_blocking(&mut from, &mut to)?;
            to.sync_all()?;
            Ok(Some(digests))
        }
    })
    .await
    .map_err(std::io::Error::other)??;
    let Some(digests) = digests else {
        return Err(FetchError::NotRegularFile(src.to_owned()));
    };
    fs::rename(&part, dest).await?;
    Ok(Placed {
        size: digests.bytes,
        digests: Some(digests),
    })
}
