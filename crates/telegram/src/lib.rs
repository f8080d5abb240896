//! Telegram ports of StreamVault.
//!
//! - [`WorkerPort`]: what the hive needs from a Telegram user account, with typed
//!   [`WorkerError`]s; implemented by the grammers adapter (feature `grammers`) and by the
//!   simulated Telegram in `streamvault-telegram-sandbox`.
//! - [`BotPort`]: what the hive needs from the manager bot (status messages); the
//!   teloxide adapter (feature `teloxide`) implements it.
//! - [`limits`]: every documented Telegram limit, in one module.
//! - [`ranges`] and [`parts`]: the `getFile` and upload arithmetic, pure and tested.

pub mod bot;
pub mod download;
pub mod error;
pub mod limits;
pub mod message;
pub mod parts;
pub mod port;
pub mod ranges;
#[cfg(test)]
mod ranges_tests;
pub mod types;

#[cfg(feature = "grammers")]
pub mod grammers;
#[cfg(feature = "teloxide")]
pub mod teloxide_bot;

pub use bot::{BotError, BotPort};
pub use download::{download_range, refresh_media, send_refreshing};
pub use error::{RpcFailure, WorkerError};
pub use message::{
    AlbumItem, ButtonAction, ForwardMode, InlineButton, InlineKeyboard, LimitViolation,
    OutgoingMedia, OutgoingMessage, UploadAs,
};
pub use parts::UploadPlan;
pub use port::{Progress, UploadSource, WorkerPort};
pub use ranges::{ByteRange, ChunkSize, GetFileRequest, GetFileViolation, RangeError};
pub use types::{
    AccountInfo, AccountKind, ChannelInfo, ChatId, MediaKind, MediaRef, MessageId, UploadedFile,
    WorkerMessage, WorkerUpdate,
};
