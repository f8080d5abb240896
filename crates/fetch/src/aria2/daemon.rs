//! The aria2 daemon: `aria2c` as a supervised child process with RPC on a private port.
//!
//! The RPC secret (32 random bytes, hex) is written to a `0600` config file in a private
//! temporary directory and passed with `--conf-path`, so it never appears on a command
//! line (`ps`) or in a log. Readiness is the real condition: `aria2.getVersion` answering
//! with our secret (which also proves the port is ours). A supervisor task restarts the
//! daemon when it dies (backing off on repeated failures) and kills it on shutdown or
//! drop; `--stop-with-process` makes aria2 exit by itself if this process is killed.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::RngCore;
use tokio::process::Child;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use super::error::Aria2Error;
use super::jsonrpc::call_at;
use super::rpc::{Aria2, DaemonState};
use super::spawn::spawn_aria2c;
use super::supervise::supervise;
use super::Secret;

/// How to run `aria2c`.
#[derive(Debug, Clone)]
pub struct Aria2Config {
    /// The program (`aria2c` on `PATH` by default).
    pub program: PathBuf,
    /// Default download directory (`--dir`); each download may override it.
    pub dir: PathBuf,
    /// Extra command-line options (e.g. `--max-connection-per-server=4`).
    pub extra_args: Vec<String>,
    /// How long one start may take until RPC answers.
    pub start_timeout: Duration,
}

impl Aria2Config {
    /// Defaults with downloads going to `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Aria2Config {
            program: PathBuf::from("aria2c"),
            dir: dir.into(),
            extra_args: Vec::new(),
            start_timeout: Duration::from_secs(10),
        }
    }
}

/// A running, supervised aria2 daemon. Dropping it stops the daemon.
#[derive(Debug)]
pub struct Aria2Daemon {
    client: Aria2,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// What the supervisor needs to (re)start the daemon.
pub(super) struct Launch {
    config: Aria2Config,
    conf_file: PathBuf,
    secret: Arc<Secret>,
    http: reqwest::Client,
    // Held so the private directory with the secret lives as long as the supervisor.
    _conf_dir: tempfile::TempDir,
}

impl Aria2Daemon {
    /// Starts `aria2c` and waits until its RPC answers; fails when it cannot start
    /// (e.g. [`Aria2Error::Start`] wrapping `NotInstalled`).
    pub async fn start(config: Aria2Config) -> Result<Self, Aria2Error> {
        let secret = Arc::new(Secret(random_hex_secret()));
        let conf_dir = tempfile::Builder::new()
            .prefix("streamvault-aria2-")
            .tempdir()
            .map_err(|e| Aria2Error::Unavailable(format!("config dir: {e}")))?;
        let conf_file = conf_dir.path().join("aria2.conf");
        write_private(&conf_file, &format!("rpc-secret={}\n", secret.0))
            .map_err(|e| Aria2Error::Unavailable(format!("config file: {e}")))?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| Aria2Error::Transport(e.to_string()))?;
        let launch = Launch {
            config,
            conf_file,
            secret: secret.clone(),
            http,
            _conf_dir: conf_dir,
        };
        let (child, port) = launch.start_ready().await?;
        let pid = child.id().unwrap_or(0);
        let (tx, rx) = watch::channel(DaemonState::Ready {
            port,
            pid,
            generation: 0,
        });
        let (stop_tx, stop_rx) = oneshot::channel();
        let task = tokio::spawn(supervise(launch, child, tx, stop_rx));
        Ok(Aria2Daemon {
            client: Aria2::from_state(secret, rx),
            shutdown: Some(stop_tx),
            task: Some(task),
        })
    }

    /// An RPC client for this daemon (follows restarts).
    pub fn client(&self) -> Aria2 {
        self.client.clone()
    }

    /// The daemon's current state (port, pid, generation).
    pub fn state(&self) -> DaemonState {
        self.client.state()
    }

    /// Stops the daemon and waits until the process is gone.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Aria2Daemon {
    fn drop(&mut self) {
        // The supervisor kills the child; if the runtime is gone, kill_on_drop does.
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Launch {
    /// Starts `aria2c` on a free port and polls `getVersion` until it answers; retries
    /// with another port when the process exits early (e.g. the port was taken).
    pub(super) async fn start_ready(&self) -> Result<(Child, u16), Aria2Error> {
        let ids = AtomicU64::new(1);
        let mut last = String::new();
        for _ in 0..3 {
            let (mut child, port) = spawn_aria2c(&self.config, &self.conf_file)?;
            let deadline = Instant::now() + self.config.start_timeout;
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    last = format!("aria2c exited during start with {status}");
                    break;
                }
                let probe = call_at(
                    &self.http,
                    port,
                    &self.secret,
                    &ids,
                    "aria2.getVersion",
                    vec![],
                );
                if probe.await.is_ok() {
                    tracing::info!(port, pid = child.id(), "aria2c answers RPC");
                    return Ok((child, port));
                }
                if Instant::now() > deadline {
                    let _ = child.kill().await;
                    return Err(Aria2Error::Unavailable(format!(
                        "no RPC answer within {:?}",
                        self.config.start_timeout
                    )));
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }
        Err(Aria2Error::Unavailable(last))
    }

    /// Asks aria2 to save its state and exit, then kills it if it lingers.
    pub(super) async fn stop(&self, mut child: Child, port: u16) {
        let ids = AtomicU64::new(1);
        let _ = call_at(
            &self.http,
            port,
            &self.secret,
            &ids,
            "aria2.forceShutdown",
            vec![],
        )
        .await;
        if tokio::time::timeout(Duration::from_secs(3), child.wait())
            .await
            .is_err()
        {
            let _ = child.kill().await;
        }
    }
}

fn random_hex_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}
