//! Uploads through a `saveFilePart` / `saveBigFilePart` loop with a progress callback
//! (grammers' `upload_stream` has neither progress nor resume).

use super::errors::map_invocation;
use crate::parts::UploadPlan;
use crate::types::{AccountKind, UploadedFile};
use crate::{Progress, UploadSource, WorkerError};
use futures::stream::{FuturesUnordered, StreamExt};
use grammers_client::{tl, Client};
use tokio::io::AsyncReadExt;

/// Parts in flight at once.
const PARALLEL_PARTS: usize = 4;

/// Reads `size` bytes from `source` and uploads them in 512 KiB parts.
pub async fn upload(
    client: &Client,
    kind: AccountKind,
    source: UploadSource<'_>,
    size: u64,
    name: &str,
    progress: Progress<'_>,
) -> Result<UploadedFile, WorkerError> {
    let plan = UploadPlan::new(size, kind)?;
    let file_id: i64 = rand::random::<i64>() & i64::MAX;
    let total = i32::try_from(plan.total_parts).map_err(|_| WorkerError::TooLarge {
        reason: "too many parts".into(),
    })?;
    let mut md5 = (!plan.big).then(md5::Context::new);
    let mut in_flight = FuturesUnordered::new();
    let mut done = 0u64;
    for index in 0..plan.total_parts {
        let len = plan.part_len(size, index) as usize;
        let mut bytes = vec![0u8; len];
        source
            .read_exact(&mut bytes)
            .await
            .map_err(|e| WorkerError::InvalidRequest {
                reason: format!("upload source failed at part {index}: {e}"),
            })?;
        if let Some(md5) = md5.as_mut() {
            md5.consume(&bytes);
        }
        let part = i32::try_from(index).unwrap_or(i32::MAX);
        let client = client.clone();
        let big = plan.big;
        in_flight.push(async move {
            let ok = if big {
                client
                    .invoke(&tl::functions::upload::SaveBigFilePart {
                        file_id,
                        file_part: part,
                        file_total_parts: total,
                        bytes,
                    })
                    .await
            } else {
                client
                    .invoke(&tl::functions::upload::SaveFilePart {
                        file_id,
                        file_part: part,
                        bytes,
                    })
                    .await
            };
            ok.map(|stored| (stored, len as u64))
        });
        if in_flight.len() >= PARALLEL_PARTS {
            done += finish_one(&mut in_flight).await?;
            progress(done, size);
        }
    }
    while !in_flight.is_empty() {
        done += finish_one(&mut in_flight).await?;
        progress(done, size);
    }
    Ok(UploadedFile {
        id: file_id,
        parts: u32::try_from(plan.total_parts).unwrap_or(u32::MAX),
        name: if name.is_empty() {
            "file".into()
        } else {
            name.to_owned()
        },
        size,
        big: plan.big,
        md5: md5.map(|m| format!("{:x}", m.finalize())),
    })
}

async fn finish_one<F>(in_flight: &mut FuturesUnordered<F>) -> Result<u64, WorkerError>
where
    F: std::future::Future<Output = Result<(bool, u64), grammers_client::InvocationError>>,
{
    match in_flight.next().await {
        Some(Ok((true, len))) => Ok(len),
        Some(Ok((false, _))) => Err(WorkerError::Transport {
            reason: "Telegram did not store an upload part".into(),
        }),
        Some(Err(e)) => Err(map_invocation(e)),
        None => Ok(0),
    }
}
