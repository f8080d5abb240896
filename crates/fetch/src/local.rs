//! Local files (CLI sources): hard-linked into the work directory when possible,
//! copied otherwise; anything but a regular file is refused.

use std::path::Path;

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

/// Places the regular file `src` at `dest` (which must not be `src` itself); returns its
/// size. Symbolic links are resolved first; the result is never a link to a
/// non-regular file. A copy goes through `dest.part` and is renamed when complete.
pub async fn place_local(src: &Path, dest: &Path, mode: LocalMode) -> Result<u64, FetchError> {
    let real = fs::canonicalize(src).await?;
    let meta = fs::metadata(&real).await?;
    if !meta.is_file() {
        return Err(FetchError::NotRegularFile(src.to_owned()));
    }
    if fs::canonicalize(dest).await.ok().as_deref() == Some(real.as_path()) {
        return Ok(meta.len());
    }
    let _ = fs::remove_file(dest).await;
    if mode == LocalMode::LinkOrCopy && fs::hard_link(&real, dest).await.is_ok() {
        let linked = fs::symlink_metadata(dest).await?;
        if linked.is_file() {
            return Ok(linked.len());
        }
        let _ = fs::remove_file(dest).await;
        return Err(FetchError::NotRegularFile(src.to_owned()));
    }
    let part = crate::http::part_path(dest);
    let mut from = fs::File::open(&real).await?;
    if !from.metadata().await?.is_file() {
        return Err(FetchError::NotRegularFile(src.to_owned()));
    }
    let mut to = fs::File::create(&part).await?;
    let size = tokio::io::copy(&mut from, &mut to).await?;
    to.sync_all().await?;
    drop(to);
    fs::rename(&part, dest).await?;
    Ok(size)
}
