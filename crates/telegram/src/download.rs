//! Helpers on top of the port: ranged downloads and file-reference refresh.

use crate::message::{OutgoingMedia, OutgoingMessage};
use crate::ranges::{plan_range, ByteRange, ChunkSize, PlannedChunk};
use crate::types::{ChatId, MediaRef, WorkerMessage};
use crate::{WorkerError, WorkerPort};
use futures::stream::{self, Stream};

/// Fetches `media` again from the message it came from, to get a fresh file reference.
pub async fn refresh_media(
    port: &dyn WorkerPort,
    media: &MediaRef,
) -> Result<MediaRef, WorkerError> {
    let Some((chat, id)) = media.origin else {
        return Err(WorkerError::FileReferenceExpired);
    };
    let found = port.get_messages(chat, &[id]).await?;
    found
        .into_iter()
        .flatten()
        .find_map(|m| m.media)
        .filter(|m| m.id == media.id)
        .ok_or(WorkerError::InvalidRequest {
            reason: format!("message {id} in {chat} no longer holds the media"),
        })
}

/// Downloads `range` of `media` as a stream of byte blocks (one per `getFile` request).
///
/// On `FileReferenceExpired` the media is refetched from its message and the request is
/// retried once; other errors end the stream.
pub fn download_range<'a>(
    port: &'a dyn WorkerPort,
    media: MediaRef,
    range: ByteRange,
    chunk: ChunkSize,
) -> impl Stream<Item = Result<Vec<u8>, WorkerError>> + Send + 'a {
    let plan: Vec<PlannedChunk> = plan_range(range, chunk).collect();
    stream::unfold(
        (media, plan.into_iter(), false),
        move |(mut media, mut plan, failed)| async move {
            if failed {
                return None;
            }
            let chunk = plan.next()?;
            let result = match port.get_file_chunk(&media, chunk.request).await {
                Err(WorkerError::FileReferenceExpired) => match refresh_media(port, &media).await {
                    Ok(fresh) => {
                        media = fresh;
                        port.get_file_chunk(&media, chunk.request).await
                    }
                    Err(e) => Err(e),
                },
                other => other,
            };
            let item = result.and_then(|bytes| cut(bytes, &chunk));
            let failed = item.is_err();
            Some((item, (media, plan, failed)))
        },
    )
}

fn cut(mut bytes: Vec<u8>, chunk: &PlannedChunk) -> Result<Vec<u8>, WorkerError> {
    let (skip, take) = (chunk.skip as usize, chunk.take as usize);
    if bytes.len() < skip + take {
        return Err(WorkerError::Transport {
            reason: format!(
                "getFile at {} answered {} bytes, {} expected",
                chunk.request.offset,
                bytes.len(),
                skip + take
            ),
        });
    }
    bytes.truncate(skip + take);
    bytes.drain(..skip);
    Ok(bytes)
}

/// Sends a message; when it carries stored media whose reference expired, refetches the
/// media from its message and retries once.
pub async fn send_refreshing(
    port: &dyn WorkerPort,
    chat: ChatId,
    message: OutgoingMessage,
) -> Result<WorkerMessage, WorkerError> {
    match port.send_message(chat, message.clone()).await {
        Err(WorkerError::FileReferenceExpired) => {
            let Some(OutgoingMedia::Stored(media)) = &message.media else {
                return Err(WorkerError::FileReferenceExpired);
            };
            let fresh = refresh_media(port, media).await?;
            let retry = OutgoingMessage {
                media: Some(OutgoingMedia::Stored(fresh)),
                ..message
            };
            port.send_message(chat, retry).await
        }
        other => other,
    }
}
