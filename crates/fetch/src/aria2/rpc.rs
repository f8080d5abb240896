//! The aria2 JSON-RPC client: `POST /jsonrpc`, first parameter `token:SECRET`.

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::watch;

use super::error::Aria2Error;
use super::jsonrpc::call_at;
use super::status::{DownloadStatus, GlobalStat};
use super::Secret;

/// How long an RPC caller waits for a (re)starting daemon.
const READY_WAIT: Duration = Duration::from_secs(30);

/// Where the daemon's RPC endpoint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaemonState {
    /// Starting or restarting.
    Starting,
    /// Answering RPC on `127.0.0.1:port`; `generation` counts (re)starts from 0.
    Ready {
        /// The RPC port.
        port: u16,
        /// The `aria2c` process id.
        pid: u32,
        /// 0 for the first start, +1 for each restart.
        generation: u64,
    },
    /// Shut down, or it cannot be started any more.
    Stopped,
}

/// Options of `aria2.addUri`.
#[derive(Debug, Clone, Default)]
pub struct AddOptions<'a> {
    /// Download directory.
    pub dir: Option<&'a Path>,
    /// Output file name inside `dir`.
    pub out: Option<&'a str>,
    /// Extra request headers, `Name: value`.
    pub headers: &'a [String],
}

/// A handle to aria2's RPC. Cheap to clone. Never prints its secret.
#[derive(Debug, Clone)]
pub struct Aria2 {
    http: reqwest::Client,
    secret: Arc<Secret>,
    state: watch::Receiver<DaemonState>,
    ids: Arc<AtomicU64>,
}

impl Aria2 {
    pub(super) fn from_state(secret: Arc<Secret>, state: watch::Receiver<DaemonState>) -> Self {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Aria2 {
            http,
            secret,
            state,
            ids: Arc::new(AtomicU64::new(1)),
        }
    }

    /// A client for an aria2 already listening on `127.0.0.1:port` (not supervised).
    pub fn connect(port: u16, secret: &str) -> Self {
        let ready = DaemonState::Ready {
            port,
            pid: 0,
            generation: 0,
        };
        // The sender is dropped: the state stays `ready` forever.
        let (_tx, rx) = watch::channel(ready);
        Aria2::from_state(Arc::new(Secret(secret.to_owned())), rx)
    }

    /// The daemon's current state.
    pub fn state(&self) -> DaemonState {
        *self.state.borrow()
    }

    /// Waits until the daemon answers (or `READY_WAIT` passes); returns port and generation.
    pub async fn ready(&self) -> Result<(u16, u64), Aria2Error> {
        let mut rx = self.state.clone();
        let waited = tokio::time::timeout(READY_WAIT, async {
            loop {
                match *rx.borrow_and_update() {
                    DaemonState::Ready {
                        port, generation, ..
                    } => return Ok((port, generation)),
                    DaemonState::Stopped => return Err("daemon stopped".to_owned()),
                    DaemonState::Starting => {}
                }
                if rx.changed().await.is_err() {
                    return Err("daemon supervisor is gone".to_owned());
                }
            }
        })
        .await;
        match waited {
            Ok(result) => result.map_err(Aria2Error::Unavailable),
            Err(_) => Err(Aria2Error::Unavailable("not ready in time".into())),
        }
    }

    /// The generation of a daemon started after `old`: when `wait`, waits for the
    /// supervisor to restart it (up to `READY_WAIT`); `None` when there is none.
    pub(super) async fn next_generation(&self, old: u64, wait: bool) -> Option<u64> {
        let mut rx = self.state.clone();
        let newer = |s: &DaemonState| {
            matches!(s, DaemonState::Ready { generation, .. } if *generation > old)
                || *s == DaemonState::Stopped
        };
        let found = if wait {
            tokio::time::timeout(READY_WAIT, rx.wait_for(newer))
                .await
                .ok()?
                .ok()
                .map(|r| *r)?
        } else {
            *rx.borrow()
        };
        match found {
            DaemonState::Ready { generation, .. } if generation > old => Some(generation),
            _ => None,
        }
    }

    /// Calls `method` with `params` (the token is prepended) and returns `result`.
    pub async fn call(&self, method: &str, params: Vec<Value>) -> Result<Value, Aria2Error> {
        let (port, _) = self.ready().await?;
        call_at(&self.http, port, &self.secret, &self.ids, method, params).await
    }

    /// `aria2.getVersion` → the version string.
    pub async fn version(&self) -> Result<String, Aria2Error> {
        let v = self.call("aria2.getVersion", vec![]).await?;
        v.get("version")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Aria2Error::BadResponse(format!("getVersion: {v}")))
    }

    /// `aria2.addUri` → the new download's GID.
    pub async fn add_uri(
        &self,
        uris: &[&str],
        opts: &AddOptions<'_>,
    ) -> Result<String, Aria2Error> {
        let mut options = serde_json::Map::new();
        if let Some(dir) = opts.dir {
            options.insert("dir".into(), json!(dir.to_string_lossy()));
        }
        if let Some(out) = opts.out {
            options.insert("out".into(), json!(out));
        }
        if !opts.headers.is_empty() {
            options.insert("header".into(), json!(opts.headers));
        }
        let v = self
            .call("aria2.addUri", vec![json!(uris), Value::Object(options)])
            .await?;
        gid_of(v)
    }

    /// `aria2.tellStatus` with the fields this crate uses.
    pub async fn tell_status(&self, gid: &str) -> Result<DownloadStatus, Aria2Error> {
        let keys = [
            "gid",
            "status",
            "totalLength",
            "completedLength",
            "downloadSpeed",
            "errorCode",
            "errorMessage",
            "followedBy",
            "dir",
            "files",
        ];
        let v = self
            .call("aria2.tellStatus", vec![json!(gid), json!(keys)])
            .await?;
        DownloadStatus::from_json(v)
    }

    /// `aria2.remove` → the GID.
    pub async fn remove(&self, gid: &str) -> Result<String, Aria2Error> {
        gid_of(self.call("aria2.remove", vec![json!(gid)]).await?)
    }

    /// `aria2.forceRemove` → the GID.
    pub async fn force_remove(&self, gid: &str) -> Result<String, Aria2Error> {
        gid_of(self.call("aria2.forceRemove", vec![json!(gid)]).await?)
    }

    /// `aria2.getGlobalStat`.
    pub async fn global_stat(&self) -> Result<GlobalStat, Aria2Error> {
        GlobalStat::from_json(self.call("aria2.getGlobalStat", vec![]).await?)
    }
}

fn gid_of(v: Value) -> Result<String, Aria2Error> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| Aria2Error::BadResponse(format!("expected a GID, got {v}")))
}
