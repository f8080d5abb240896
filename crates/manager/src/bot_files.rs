//! The manager bot's own `file_id`s of channel posts (SPEC §6 "Index": the bot reads them
//! from the channel post). A `file_id` belongs to the bot that received it, so only the
//! manager bot can learn the ids it later delivers by (`send_document(file_id)`, zero
//! bandwidth): it is an admin of the channels, so every post reaches it as a
//! `channel_post` update.
//!
//! The post usually arrives before the hive has indexed it (the index stage comes after
//! the uploads), so ids not yet recordable wait in memory and are retried every
//! [`RETRY_EVERY`] for up to [`PENDING_FOR`]; the hive and the manager may be different
//! processes, meeting in the database.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use streamvault_store::Store;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::types::{AllowedUpdate, Message, UpdateKind};
use teloxide::{Bot, RequestError};

/// How often ids of posts not yet indexed are retried.
pub const RETRY_EVERY: Duration = Duration::from_secs(2);
/// How long an id waits for its post to be indexed before it is dropped.
pub const PENDING_FOR: Duration = Duration::from_secs(3600);
/// Long-poll timeout of `getUpdates`.
const POLL_SECS: u32 = 25;
/// Most ids kept waiting (oldest dropped first).
const MAX_PENDING: usize = 10_000;

/// The file of a channel post: `(file_id, file_unique_id)` (the largest photo size).
pub fn post_file(msg: &Message) -> Option<(String, String)> {
    let meta = msg
        .document()
        .map(|d| &d.file)
        .or_else(|| msg.video().map(|v| &v.file))
        .or_else(|| msg.animation().map(|a| &a.file))
        .or_else(|| msg.audio().map(|a| &a.file))
        .or_else(|| msg.photo().and_then(|p| p.last()).map(|p| &p.file))?;
    Some((meta.id.0.clone(), meta.unique_id.0.clone()))
}

/// One post's ids, waiting for the post's reference row.
struct Waiting {
    file_id: String,
    unique_id: String,
    since: Instant,
}

/// Records the bot's `file_id`s of channel posts into `telegram_refs` (and screenshots).
pub struct BotFileRecorder {
    store: Arc<dyn Store>,
    pending: Mutex<HashMap<(i64, i64), Waiting>>,
}

impl std::fmt::Debug for BotFileRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotFileRecorder")
            .field("pending", &self.pending().len())
            .finish_non_exhaustive()
    }
}

impl BotFileRecorder {
    /// A recorder writing to `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        BotFileRecorder {
            store,
            pending: Mutex::new(HashMap::new()),
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, i64), Waiting>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many ids wait for their post to be indexed.
    pub fn waiting(&self) -> usize {
        self.pending().len()
    }

    /// Takes note of a channel post: records its file id now, or keeps it for a retry.
    pub async fn saw(&self, chat: i64, message: i64, file_id: String, unique_id: String) {
        match self
            .store
            .set_bot_file_id(chat, message, &file_id, &unique_id)
            .await
        {
            Ok(true) => {}
            result => {
                if let Err(e) = result {
                    tracing::warn!(chat, message, error = %e, "recording a bot file id failed; will retry");
                }
                let mut pending = self.pending();
                if pending.len() >= MAX_PENDING {
                    let oldest = pending.iter().min_by_key(|(_, w)| w.since).map(|(k, _)| *k);
                    if let Some(k) = oldest {
                        pending.remove(&k);
                    }
                }
                pending.insert(
                    (chat, message),
                    Waiting {
                        file_id,
                        unique_id,
                        since: Instant::now(),
                    },
                );
            }
        }
    }

    /// Retries every waiting id once; drops those older than [`PENDING_FOR`].
    pub async fn retry(&self) {
        let due: Vec<((i64, i64), String, String)> = {
            let mut pending = self.pending();
            pending.retain(|_, w| w.since.elapsed() < PENDING_FOR);
            pending
                .iter()
                .map(|(k, w)| (*k, w.file_id.clone(), w.unique_id.clone()))
                .collect()
        };
        for ((chat, message), file_id, unique_id) in due {
            if let Ok(true) = self
                .store
                .set_bot_file_id(chat, message, &file_id, &unique_id)
                .await
            {
                self.pending().remove(&(chat, message));
            }
        }
    }

    /// Long-polls the bot with `token` (on the Bot API server at `api_url`, default
    /// Telegram's) for channel posts until `shutdown`, recording their file ids and
    /// retrying waiting ones every [`RETRY_EVERY`]. This process must be the bot's only
    /// `getUpdates` consumer.
    pub async fn run(
        self: Arc<Self>,
        token: &str,
        api_url: Option<&str>,
        shutdown: impl Future<Output = ()>,
    ) {
        let mut bot = Bot::new(token);
        if let Some(url) = api_url {
            match url.parse() {
                Ok(url) => bot = bot.set_api_url(url),
                Err(e) => {
                    tracing::error!(%url, error = %e, "bad Bot API URL; the bot's update loop is off");
                    return;
                }
            }
        }
        tokio::pin!(shutdown);
        let retrier = tokio::spawn({
            let me = self.clone();
            async move {
                let mut every = tokio::time::interval(RETRY_EVERY);
                loop {
                    every.tick().await;
                    me.retry().await;
                }
            }
        });
        let mut offset = 0i32;
        loop {
            let poll = bot
                .get_updates()
                .offset(offset)
                .timeout(POLL_SECS)
                .allowed_updates([AllowedUpdate::ChannelPost]);
            let updates = tokio::select! {
                () = &mut shutdown => {
                    retrier.abort();
                    return;
                }
                r = poll => r,
            };
            match updates {
                Ok(updates) => {
                    for u in updates {
                        offset = offset.max(i32::try_from(u.id.0).unwrap_or(i32::MAX - 1) + 1);
                        if let UpdateKind::ChannelPost(msg) = u.kind {
                            if let Some((file_id, unique_id)) = post_file(&msg) {
                                self.saw(msg.chat.id.0, i64::from(msg.id.0), file_id, unique_id)
                                    .await;
                            }
                        }
                    }
                }
                Err(RequestError::RetryAfter(s)) => tokio::time::sleep(s.duration()).await,
                Err(e) => {
                    tracing::warn!(error = %e, "bot getUpdates failed; retrying in 5 s");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }
}
