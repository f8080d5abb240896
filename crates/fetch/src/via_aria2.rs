//! Fetching through aria2 into `WORK/.partial/aria2`, then moving the result out.

use std::path::{Component, Path};

use crate::error::FetchError;
use crate::fetch::{FetchOptions, FetchedFile, PARTIAL_DIR};
use crate::name::safe_output_name;
use crate::progress::ProgressFn;

/// Downloads `uri` with aria2 (as `out` when given) and moves the single file, or the
/// top directory of a multi-file torrent, into `work`.
pub(crate) async fn fetch(
    opts: &FetchOptions,
    uri: &str,
    work: &Path,
    out: Option<&str>,
    progress: ProgressFn<'_>,
) -> Result<FetchedFile, FetchError> {
    let aria2 = opts
        .aria2
        .as_ref()
        .ok_or_else(|| FetchError::Unsupported("aria2 is not configured".into()))?;
    let staging = work.join(PARTIAL_DIR).join("aria2");
    tokio::fs::create_dir_all(&staging).await?;
    let done = aria2.download(uri, &staging, out, progress).await?;
    let mut tops = Vec::new();
    for file in done.files.iter().filter(|f| !f.path.as_os_str().is_empty()) {
        let rel = file
            .path
            .strip_prefix(&staging)
            .map_err(|_| outside(&file.path))?;
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(outside(&file.path));
        }
        let top = rel.components().next().ok_or_else(|| outside(&file.path))?;
        let top = top.as_os_str().to_owned();
        if !tops.contains(&top) {
            tops.push(top);
        }
    }
    let [top] = tops.as_slice() else {
        return Err(FetchError::BadResponse(format!(
            "aria2 produced {} top-level entries; expected one",
            tops.len()
        )));
    };
    let original = top.to_string_lossy().into_owned();
    let dest = work.join(safe_output_name(opts.name.as_deref().unwrap_or(&original)));
    tokio::fs::rename(staging.join(top), &dest).await?;
    let size = if done.files.len() == 1 {
        tokio::fs::metadata(&dest).await?.len()
    } else {
        done.files.iter().map(|f| f.length).sum()
    };
    Ok(FetchedFile {
        path: dest,
        size,
        original_name: original,
        digests: None,
    })
}

fn outside(path: &Path) -> FetchError {
    FetchError::BadResponse(format!(
        "aria2 wrote {} outside its directory",
        path.display()
    ))
}
