//! Worker uploads (`upload.saveBigFilePart` loop) and downloads (`upload.getFile`).

use super::access::{begin, check_media, get_file_rule, refuse};
use crate::errors::rpc_text;
use crate::model::PendingUpload;
use crate::Sandbox;
use streamvault_telegram::limits::{BIG_FILE_THRESHOLD_BYTES, UPLOAD_PART_BYTES};
use streamvault_telegram::ranges::check_get_file;
use streamvault_telegram::{
    GetFileRequest, MediaRef, Progress, UploadSource, UploadedFile, WorkerError,
};
use tokio::io::AsyncReadExt;

fn io_error(e: std::io::Error) -> WorkerError {
    WorkerError::Transport {
        reason: format!("sandbox file store: {e}"),
    }
}

/// Reads `size` bytes in 512 KiB parts into the file store and records the upload.
pub(crate) async fn upload(
    sb: &Sandbox,
    account: i64,
    source: UploadSource<'_>,
    size: u64,
    name: &str,
    progress: Progress<'_>,
) -> Result<UploadedFile, WorkerError> {
    let kind = sb.write(|w| begin(w, account).map(|a| a.kind))?;
    let parts = size.div_ceil(UPLOAD_PART_BYTES);
    if size == 0 || parts > kind.max_upload_parts() {
        return Err(refuse(400, rpc_text::FILE_PARTS_INVALID));
    }
    let mut writer = sb.inner.files.writer().await.map_err(io_error)?;
    let mut buf = vec![0u8; UPLOAD_PART_BYTES as usize];
    let mut sent = 0u64;
    while sent < size {
        let want = (size - sent).min(UPLOAD_PART_BYTES) as usize;
        let part = &mut buf[..want];
        source.read_exact(part).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => WorkerError::InvalidRequest {
                reason: format!("upload source ended before {size} bytes (at part from {sent})"),
            },
            _ => io_error(e),
        })?;
        writer.write(part).await.map_err(io_error)?;
        sent += want as u64;
        progress(sent, size);
    }
    let mut probe = [0u8; 1];
    if source.read(&mut probe).await.map_err(io_error)? > 0 {
        return Err(WorkerError::InvalidRequest {
            reason: format!("upload source holds more than the declared {size} bytes"),
        });
    }
    let (blob, _) = writer.finish().await.map_err(io_error)?;
    let id: i64 = rand::random::<i64>() & i64::MAX;
    sb.write(|w| {
        let acc = w
            .accounts
            .get_mut(&account)
            .ok_or_else(|| refuse(401, "AUTH_KEY_UNREGISTERED"))?;
        acc.uploads.insert(id, PendingUpload { blob, size });
        acc.counters.bytes_uploaded += size;
        acc.counters.requests += parts.saturating_sub(1);
        Ok::<_, WorkerError>(())
    })?;
    Ok(UploadedFile {
        id,
        parts: u32::try_from(parts).unwrap_or(u32::MAX),
        name: name.to_owned(),
        size,
        big: size > BIG_FILE_THRESHOLD_BYTES,
        md5: None,
    })
}

/// One `upload.getFile` request, with its alignment rules and reference checks.
pub(crate) async fn get_file_chunk(
    sb: &Sandbox,
    account: i64,
    media: &MediaRef,
    request: GetFileRequest,
) -> Result<Vec<u8>, WorkerError> {
    let (blob, len) = sb.touch(|w| {
        begin(w, account)?;
        check_get_file(request, false).map_err(|v| WorkerError::from(get_file_rule(v)))?;
        check_media(sb, w, account, media, rpc_text::LOCATION_INVALID)?;
        let file = w
            .files
            .get(&media.id)
            .ok_or_else(|| refuse(400, rpc_text::LOCATION_INVALID))?;
        let len = file.size.saturating_sub(request.offset).min(request.limit);
        let blob = file.blob.clone();
        if let Some(a) = w.accounts.get_mut(&account) {
            a.counters.bytes_downloaded += len;
        }
        Ok::<_, WorkerError>((blob, len))
    })?;
    if len == 0 {
        return Ok(Vec::new());
    }
    sb.inner
        .files
        .read_range(&blob, request.offset, len)
        .await
        .map_err(io_error)
}
