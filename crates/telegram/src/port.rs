//! The worker port: what the hive needs from a Telegram user account.

use crate::message::{AlbumItem, ForwardMode, OutgoingMessage};
use crate::ranges::GetFileRequest;
use crate::types::{
    AccountInfo, ChannelInfo, ChatId, MediaRef, MessageId, UploadedFile, WorkerMessage,
    WorkerUpdate,
};
use crate::WorkerError;
use async_trait::async_trait;
use std::time::Duration;
use tokio::io::AsyncRead;

/// A byte source for an upload.
pub type UploadSource<'a> = &'a mut (dyn AsyncRead + Send + Unpin);

/// Called with (bytes sent so far, total bytes) after each uploaded part.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Send + Sync);

/// One Telegram user account (a "worker session"), as the hive uses it.
///
/// Implementations never sleep through a flood wait: they return
/// [`WorkerError::FloodWait`] and let the caller give the work to another account.
#[async_trait]
pub trait WorkerPort: Send + Sync {
    /// Who this session is, and whether it has Premium.
    async fn me(&self) -> Result<AccountInfo, WorkerError>;

    /// Loads the dialogs so the session learns the access hashes of its channels;
    /// returns how many channels it knows afterwards.
    async fn warm_peers(&self) -> Result<usize, WorkerError>;

    /// Resolves a channel by id; `PeerUnknown` when the session has not seen it yet.
    async fn resolve_channel(&self, channel: ChatId) -> Result<ChannelInfo, WorkerError>;

    /// Uploads `size` bytes read from `source` in 512 KiB parts, calling `progress` after
    /// each part. `TooLarge` when the account's limit forbids the size.
    async fn upload(
        &self,
        source: UploadSource<'_>,
        size: u64,
        name: &str,
        progress: Progress<'_>,
    ) -> Result<UploadedFile, WorkerError>;

    /// Sends a message (text, or media with caption) with an optional inline keyboard.
    async fn send_message(
        &self,
        chat: ChatId,
        message: OutgoingMessage,
    ) -> Result<WorkerMessage, WorkerError>;

    /// Sends an album of 2–10 items sharing one group id.
    async fn send_album(
        &self,
        chat: ChatId,
        items: Vec<AlbumItem>,
    ) -> Result<Vec<WorkerMessage>, WorkerError>;

    /// Forwards messages (the files travel inside Telegram: zero upload bytes), with or
    /// without the author.
    async fn forward_messages(
        &self,
        from: ChatId,
        ids: &[MessageId],
        to: ChatId,
        mode: ForwardMode,
    ) -> Result<Vec<WorkerMessage>, WorkerError>;

    /// Gets messages by id; `None` for ids that do not exist (or were deleted).
    async fn get_messages(
        &self,
        chat: ChatId,
        ids: &[MessageId],
    ) -> Result<Vec<Option<WorkerMessage>>, WorkerError>;

    /// Deletes messages; returns how many were deleted.
    async fn delete_messages(&self, chat: ChatId, ids: &[MessageId]) -> Result<usize, WorkerError>;

    /// One `upload.getFile` request. The request must obey the getFile rules (see
    /// [`crate::ranges::check_get_file`]); use [`crate::download_range`] to fetch a range.
    async fn get_file_chunk(
        &self,
        media: &MediaRef,
        request: GetFileRequest,
    ) -> Result<Vec<u8>, WorkerError>;

    /// Waits up to `timeout` for the next update; `None` when none came.
    async fn next_update(&self, timeout: Duration) -> Result<Option<WorkerUpdate>, WorkerError>;
}
