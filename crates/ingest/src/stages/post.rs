//! Telegram posts: uploads, the album, forwards, screenshots, the release card, alerts.
//! Every file is streamed from disk in 512 KiB reads; nothing holds a whole file.

use crate::error::IngestError;
use crate::state::FileStamp;
use std::path::Path;
use streamvault_media::MediaProbe;
use streamvault_telegram::{
    AlbumItem, ChatId, OutgoingMedia, OutgoingMessage, Progress, UploadAs, UploadedFile,
    WorkerMessage, WorkerPort,
};
use tokio::io::BufReader;

/// Read size of uploads (one Telegram part).
const READ_BUF: usize = 512 * 1024;

/// Uploads `path` as `name`, streaming it. With `hashed`, the file must look as it did
/// when the check stage hashed it, before and after the upload (the bytes that go up are
/// the bytes the blocklist saw; they are not hashed a second time).
pub(crate) async fn upload_file(
    worker: &dyn WorkerPort,
    path: &Path,
    name: &str,
    hashed: Option<&FileStamp>,
    progress: Progress<'_>,
) -> Result<UploadedFile, IngestError> {
    let unchanged = || async {
        match hashed {
            Some(expected) if FileStamp::of(path).await? != *expected => Err(IngestError::Changed(
                format!("{} was modified or replaced", path.display()),
            )),
            _ => Ok(()),
        }
    };
    unchanged().await?;
    let file = tokio::fs::File::open(path).await?;
    let size = file.metadata().await?.len();
    let mut reader = BufReader::with_capacity(READ_BUF, file);
    let uploaded = worker.upload(&mut reader, size, name, progress).await?;
    unchanged().await?;
    Ok(uploaded)
}

/// MIME type of a stream file by extension.
pub(crate) fn mime_of(path: &Path) -> &'static str {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("mkv") => "video/x-matroska",
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("avi") => "video/x-msvideo",
        Some("mov") => "video/quicktime",
        Some("ts") => "video/mp2t",
        _ => "application/octet-stream",
    }
}

/// How a video is presented, from its probe.
pub(crate) fn as_video(path: &Path, probe: Option<&MediaProbe>) -> UploadAs {
    let v = probe.and_then(|p| p.video.as_ref());
    let dim = |x: Option<i32>| x.and_then(|x| u32::try_from(x).ok()).unwrap_or(0);
    UploadAs::Video {
        mime_type: mime_of(path).to_owned(),
        duration_secs: probe
            .and_then(|p| p.duration_ms)
            .and_then(|ms| u32::try_from(ms / 1000).ok())
            .unwrap_or(0),
        width: dim(v.and_then(|v| v.width)),
        height: dim(v.and_then(|v| v.height)),
    }
}

/// Posts `items` as one album, or a single media message when there is one item.
pub(crate) async fn post_media(
    worker: &dyn WorkerPort,
    chat: ChatId,
    mut items: Vec<AlbumItem>,
) -> Result<Vec<WorkerMessage>, IngestError> {
    if items.len() == 1 {
        let item = items.remove(0);
        let m = worker
            .send_message(chat, OutgoingMessage::media(item.media, item.caption))
            .await?;
        return Ok(vec![m]);
    }
    Ok(worker.send_album(chat, items).await?)
}

/// An uploaded file as an album item.
pub(crate) fn item(file: UploadedFile, as_: UploadAs, caption: String) -> AlbumItem {
    AlbumItem {
        media: OutgoingMedia::Uploaded { file, as_ },
        caption,
    }
}

/// `mm:ss` or `h:mm:ss`.
pub(crate) fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_mimes() {
        assert_eq!(clock(65_000), "01:05");
        assert_eq!(clock(3_725_000), "1:02:05");
        assert_eq!(mime_of(Path::new("a.MKV")), "video/x-matroska");
        assert_eq!(mime_of(Path::new("a")), "application/octet-stream");
    }
}
