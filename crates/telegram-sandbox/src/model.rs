//! The persisted state of the simulated Telegram.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use streamvault_telegram::{AccountKind, WorkerUpdate};

pub use crate::records::*;

/// Everything the sandbox knows. Serialized as `world.json` in the sandbox directory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct World {
    /// Next id for users, bots and accounts (one sequence, so ids never collide).
    pub next_user_id: i64,
    /// Next bare channel id.
    pub next_channel_id: i64,
    /// Next file (document/photo) id.
    pub next_file_id: i64,
    /// Next album id.
    pub next_group_id: i64,
    /// Next callback query number.
    pub next_query: u64,
    /// People, driven by tests or the CLI.
    pub users: BTreeMap<i64, UserRec>,
    /// Bots, reached through the Bot API.
    pub bots: BTreeMap<i64, BotRec>,
    /// Worker accounts, reached through the worker port.
    pub accounts: BTreeMap<i64, AccountRec>,
    /// Channels by Bot API id (`-100…`).
    pub channels: BTreeMap<i64, ChannelRec>,
    /// Private chats between a bot and a user, keyed `"bot:user"`.
    pub private_chats: BTreeMap<String, PrivateChat>,
    /// Stored files by id.
    pub files: BTreeMap<i64, FileRec>,
    /// Callback queries by id.
    pub callback_queries: BTreeMap<String, CallbackRec>,
}

/// A person.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRec {
    /// User id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Username without `@`.
    pub username: Option<String>,
    /// Bots this user blocked.
    pub blocked_bots: BTreeSet<i64>,
}

/// Per-bot or per-account counters, for "zero bandwidth" checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// API requests made.
    pub requests: u64,
    /// File bytes uploaded.
    pub bytes_uploaded: u64,
    /// File bytes downloaded.
    pub bytes_downloaded: u64,
    /// Messages sent (forwards and copies included).
    pub messages_sent: u64,
    /// Messages edited (bots).
    #[serde(default)]
    pub messages_edited: u64,
    /// Requests refused with a flood wait.
    pub flood_waits: u64,
}

/// A bot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BotRec {
    /// Bot user id.
    pub id: i64,
    /// Display name.
    pub first_name: String,
    /// Username (ends in `bot`).
    pub username: String,
    /// Token `id:secret`.
    pub token: String,
    /// Commands set with `setMyCommands`: (command, description).
    pub commands: Vec<(String, String)>,
    /// Next `update_id`.
    pub next_update_id: i64,
    /// Pending updates.
    pub updates: VecDeque<BotUpdate>,
    /// Last `allowed_updates` passed to `getUpdates`.
    pub allowed_updates: Option<Vec<String>>,
    /// Counters.
    pub counters: Counters,
}

/// A worker (user) account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountRec {
    /// User id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Username without `@`.
    pub username: Option<String>,
    /// Normal or Premium.
    pub kind: AccountKind,
    /// Banned by Telegram: every request fails with `USER_DEACTIVATED_BAN`.
    pub banned: bool,
    /// Channels whose access hash the session holds.
    pub known_peers: BTreeSet<i64>,
    /// Pending updates.
    pub updates: VecDeque<WorkerUpdate>,
    /// Finished uploads not yet attached to a message, by upload id.
    pub uploads: BTreeMap<i64, PendingUpload>,
    /// Counters.
    pub counters: Counters,
}

/// An uploaded file waiting to be sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingUpload {
    /// Blob name in the file store.
    pub blob: String,
    /// Size in bytes.
    pub size: u64,
}

/// A channel.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelRec {
    /// Bot API id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Public username, if any.
    pub username: Option<String>,
    /// Members (users, bots, accounts) by id.
    pub members: BTreeSet<i64>,
    /// Admins (a subset of members).
    pub admins: BTreeSet<i64>,
    /// Banned by Telegram.
    pub banned: bool,
    /// Its messages.
    pub log: MessageLog,
}

/// A private chat between a bot and a user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrivateChat {
    /// The bot.
    pub bot: i64,
    /// The user.
    pub user: i64,
    /// Its messages.
    pub log: MessageLog,
}

/// Key of the private chat between `bot` and `user`.
pub fn private_key(bot: i64, user: i64) -> String {
    format!("{bot}:{user}")
}
