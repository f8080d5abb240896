//! The grammers 0.11 adapter: worker accounts over MTProto.
//!
//! - [`GrammersWorker::connect`]: one account, its JSON-file session, its own SOCKS5 proxy,
//!   and a retry policy that never sleeps through `FLOOD_WAIT`.
//! - [`login`]: phone, code and 2FA password prompts; the session is stored on disk.
//! - `WorkerPort` for [`GrammersWorker`]: uploads through a `saveBigFilePart` loop with
//!   progress, copy-without-author through raw `messages.forwardMessages{drop_author}`,
//!   ranged downloads through `upload.getFile` (via `iter_download`, which follows
//!   `FILE_MIGRATE`), peers learned from dialogs and updates cached in the session.
//!
//! Raw `tl` types stay inside this module: they change between layers.

mod convert;
mod download;
mod errors;
mod forward;
mod login;
mod markup;
mod port;
mod session;
mod upload;

pub use errors::{check_proxy_url, map_invocation, map_rpc, SwarmRetryPolicy};
pub use login::{login, LoginError, LoginPrompt};
pub use session::{FileSession, FileSessionError};

use crate::WorkerError;
use grammers_client::client::UpdateStream;
use grammers_client::Client;
use grammers_mtsender::{ConnectionParams, SenderPool, UpdatesConfiguration};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// How to reach Telegram as one worker account.
#[derive(Clone)]
pub struct GrammersConfig {
    /// Application id from my.telegram.org.
    pub api_id: i32,
    /// Application hash from my.telegram.org (used for login).
    pub api_hash: String,
    /// Session file (JSON; holds the authorization key: keep it private).
    pub session_path: PathBuf,
    /// `socks5://[user:pass@]host:port` for this account, if any.
    pub proxy_url: Option<String>,
}

impl std::fmt::Debug for GrammersConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrammersConfig")
            .field("api_id", &self.api_id)
            .field("api_hash", &"<redacted>")
            .field("session_path", &self.session_path)
            .field("proxy_url", &self.proxy_url.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A connected worker account.
pub struct GrammersWorker {
    client: Client,
    session: Arc<FileSession>,
    updates: Mutex<UpdateStream>,
    runner: JoinHandle<()>,
}

impl GrammersWorker {
    /// Opens the session, starts the connection pool, and subscribes to updates.
    pub async fn connect(config: &GrammersConfig) -> Result<Self, WorkerError> {
        if let Some(url) = &config.proxy_url {
            check_proxy_url(url)?;
        }
        let session = Arc::new(FileSession::open(&config.session_path).map_err(|e| {
            WorkerError::Transport {
                reason: e.to_string(),
            }
        })?);
        let params = ConnectionParams {
            proxy_url: config.proxy_url.clone(),
            retry_policy: Box::new(SwarmRetryPolicy),
            ..ConnectionParams::default()
        };
        let pool = SenderPool::with_configuration(Arc::clone(&session), config.api_id, params);
        let client = Client::new(pool.handle);
        let runner = tokio::spawn(pool.runner.run());
        let updates = client
            .stream_updates(pool.updates, UpdatesConfiguration { catch_up: false })
            .await
            .map_err(|e| WorkerError::Transport {
                reason: format!("updates: {e}"),
            })?;
        Ok(Self {
            client,
            session,
            updates: Mutex::new(updates),
            runner,
        })
    }

    /// The grammers client, for what the port does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Number of peers whose access hash the session holds.
    pub fn cached_peers(&self) -> usize {
        self.session.cached_peers()
    }

    /// Saves the update state and stops the connection.
    pub async fn disconnect(self) {
        let _ = self.updates.lock().await.sync_update_state().await;
        self.client.disconnect();
        let _ = self.runner.await;
    }
}
