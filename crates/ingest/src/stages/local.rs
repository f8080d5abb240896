//! Local processing: probe, rename, screenshots, sample, archive.

use crate::error::IngestError;
use crate::state::ShotFile;
use std::path::{Path, PathBuf};
use streamvault_core::rename::{clean_name, parse_with, ParseOptions, ReleaseInfo, Templates};
use streamvault_media::{
    create_store_archive, probe, sample, screenshots, ArchiveOptions, MediaProbe, SampleOptions,
    ScreenshotOptions, Tools,
};

fn media<E: std::fmt::Display>(e: E) -> IngestError {
    IngestError::Media(e.to_string())
}

/// ffprobe of the stream file.
pub(crate) async fn probe_file(tools: &Tools, file: &Path) -> Result<MediaProbe, IngestError> {
    probe(tools, file).await.map_err(media)
}

/// The parsed release and its clean file name. `name` (the request's) wins over the
/// source's own name; the extension of the actual file is kept when the name has none.
pub(crate) fn rename(
    name: &str,
    file: &Path,
    templates: &Templates,
    this_year: i32,
) -> (ReleaseInfo, String) {
    let opts = u16::try_from(this_year)
        .map(ParseOptions::for_current_year)
        .unwrap_or_default();
    let mut info = parse_with(name, &opts);
    if info.extension.is_none() {
        info.extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
    }
    let clean = clean_name(&info, templates);
    (info, clean)
}

/// `count` frames spread over the video, as JPEGs in `dir`.
pub(crate) async fn frames(
    tools: &Tools,
    file: &Path,
    dir: &Path,
    count: usize,
) -> Result<Vec<ShotFile>, IngestError> {
    tokio::fs::create_dir_all(dir).await?;
    let opts = ScreenshotOptions {
        count,
        ..ScreenshotOptions::default()
    };
    let shots = screenshots(tools, file, dir, &opts).await.map_err(media)?;
    Ok(shots
        .into_iter()
        .map(|s| ShotFile {
            position_ms: s.position_ms,
            path: s.path,
        })
        .collect())
}

/// The 30 s sample clip (from 10:00, or a proportional point of a shorter video).
pub(crate) async fn sample_clip(
    tools: &Tools,
    file: &Path,
    out: &Path,
) -> Result<PathBuf, IngestError> {
    sample(tools, file, out, &SampleOptions::default())
        .await
        .map_err(media)?;
    Ok(out.to_owned())
}

/// `.7z` store volumes of `input` under `volume_limit` bytes each.
pub(crate) async fn archive(
    tools: &Tools,
    input: &Path,
    out: &Path,
    volume_limit: u64,
) -> Result<Vec<PathBuf>, IngestError> {
    let opts = ArchiveOptions {
        volume_size: Some(volume_limit),
        timeout: None,
    };
    let a = create_store_archive(tools, &[input.to_owned()], out, &opts)
        .await
        .map_err(media)?;
    Ok(a.volumes)
}
