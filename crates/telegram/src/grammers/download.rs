//! One `upload.getFile` request through grammers' `iter_download` (which follows
//! `FILE_MIGRATE` to the file's data center and copies the authorization there).

use super::convert::RefLocation;
use super::errors::map_invocation;
use super::GrammersWorker;
use crate::limits::GRAMMERS_MAX_CHUNK;
use crate::ranges::{check_get_file, GetFileRequest};
use crate::types::MediaRef;
use crate::WorkerError;

fn invalid(reason: impl Into<String>) -> WorkerError {
    WorkerError::InvalidRequest {
        reason: reason.into(),
    }
}

/// Fetches `request` of `media`; a 1 MiB request is fetched as two 512 KiB halves.
pub(super) async fn get_file_chunk(
    w: &GrammersWorker,
    media: &MediaRef,
    request: GetFileRequest,
) -> Result<Vec<u8>, WorkerError> {
    check_get_file(request, false).map_err(|v| invalid(format!("getFile rule: {v}")))?;
    // iter_download takes chunks of 4 KiB..=512 KiB at multiples of the chunk size:
    // a 1 MiB request is fetched as two 512 KiB halves.
    let piece = request.limit.min(GRAMMERS_MAX_CHUNK);
    if !request.offset.is_multiple_of(piece) {
        return Err(invalid(
            "getFile offset must be a multiple of the chunk size",
        ));
    }
    let mut out = Vec::with_capacity(request.limit as usize);
    let mut offset = request.offset;
    while offset < request.offset + request.limit {
        let chunk = i32::try_from(piece).map_err(|_| invalid("chunk too large"))?;
        let skip = i32::try_from(offset / piece).map_err(|_| invalid("offset too large"))?;
        let mut it = w
            .client
            .iter_download(&RefLocation(media))
            .chunk_size(chunk)
            .skip_chunks(skip);
        match it.next().await.map_err(map_invocation)? {
            Some(bytes) => {
                let short = (bytes.len() as u64) < piece;
                out.extend_from_slice(&bytes);
                if short {
                    break;
                }
            }
            None => break,
        }
        offset += piece;
    }
    Ok(out)
}
