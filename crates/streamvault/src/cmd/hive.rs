//! The hive role of `streamvault run`: worker sessions (sandbox accounts, or grammers
//! sessions from `WORKER_SESSIONS_DIR`) taking jobs from the durable queue.

use super::ingest_setup::with_reachable_peers;
use crate::config::Config;
use anyhow::Context;
use std::sync::Arc;
use streamvault_coord::Coordinator;
use streamvault_hive::{HiveConfig, HiveRunner, Shutdown, WorkerSession};
use streamvault_ingest::{Channels, IngestHandler, IngestObserver, StatusBoard};
use streamvault_store::Store;
use streamvault_telegram::grammers::{GrammersConfig, GrammersWorker};
use streamvault_telegram::{AccountKind, BotPort, ChatId, WorkerPort};
use streamvault_telegram_sandbox::Sandbox;

/// This machine's name, for session and lease owner names.
pub fn host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "host".into())
}

/// The worker sessions of this process: the sandbox's accounts, or the grammers sessions
/// of `WORKER_SESSIONS_DIR`; each warms its peers and records the log channels it reaches.
/// Names carry host and pid so several hive processes can share one coordinator.
pub async fn sessions(
    config: &Config,
    sandbox: Option<&Sandbox>,
    channels: Option<&Channels>,
) -> anyhow::Result<Vec<WorkerSession>> {
    let prefix = format!("{}-{}", host(), std::process::id());
    let mut out = Vec::new();
    match sandbox {
        Some(sb) => {
            for a in sb.accounts().into_iter().filter(|a| !a.banned) {
                let name = format!(
                    "{prefix}-{}",
                    a.username.clone().unwrap_or_else(|| a.id.to_string())
                );
                out.push(
                    with_reachable_peers(
                        name,
                        Arc::new(sb.worker(a.id)),
                        a.kind == AccountKind::Premium,
                        channels,
                    )
                    .await,
                );
            }
        }
        None => {
            let (Some(api_id), Some(api_hash)) = (config.api_id, config.api_hash.as_ref()) else {
                return Ok(out);
            };
            let Ok(entries) = std::fs::read_dir(&config.sessions_dir) else {
                return Ok(out);
            };
            for path in entries.flatten().map(|e| e.path()) {
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".session"))
                    .map(str::to_owned)
                else {
                    continue;
                };
                let proxy_url =
                    std::fs::read_to_string(config.sessions_dir.join(format!("{name}.proxy")))
                        .ok()
                        .map(|p| p.trim().to_owned());
                let grammers = GrammersConfig {
                    api_id,
                    api_hash: api_hash.expose().to_owned(),
                    session_path: path.clone(),
                    proxy_url,
                };
                match GrammersWorker::connect(&grammers).await {
                    Ok(worker) => {
                        let worker: Arc<dyn WorkerPort> = Arc::new(worker);
                        let premium = worker
                            .me()
                            .await
                            .map(|m| m.kind == AccountKind::Premium)
                            .unwrap_or(false);
                        out.push(with_reachable_peers(name, worker, premium, channels).await);
                    }
                    Err(e) => {
                        tracing::warn!(worker = %name, error = %e, "worker session could not connect; left out of rotation")
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Runs the hive until `shutdown`; with `bot`, each ingestion's progress is shown in an
/// edited status message (`STATUS_CHAT_ID`, default the admin channel).
pub async fn run(
    config: &Config,
    store: Arc<dyn Store>,
    coord: Arc<dyn Coordinator>,
    sandbox: Option<&Sandbox>,
    bot: Option<Arc<dyn BotPort>>,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    // Ingestion needs its channels; without them the hive still keeps sessions alive.
    let channels = super::ingest_setup::channels(config, sandbox);
    let sessions = sessions(config, sandbox, channels.as_ref().ok()).await?;
    if sessions.is_empty() {
        eprintln!("hive: no worker sessions (log accounts in with `streamvault worker login NAME`, or use --sandbox DIR)");
    }
    let mut hive_config = HiveConfig::new(host());
    hive_config.heavy_limit = config.heavy_task_limit;
    let mut runner = HiveRunner::new(
        store,
        coord,
        hive_config,
        format!("hive-{}-{}", host(), std::process::id()),
    );
    // The board outlives the runner: jobs that end during shutdown still show it.
    let (stop_board, board_stopped) = tokio::sync::oneshot::channel::<()>();
    let mut board_task = None;
    let _aria2 = match channels {
        Ok(c) => {
            let board = bot.map(|bot| {
                let chat = config.status_chat.map_or(c.admin, ChatId);
                let board = Arc::new(StatusBoard::new(bot, chat, config.status_interval));
                board_task = Some(tokio::spawn(board.clone().run(async move {
                    let _ = board_stopped.await;
                })));
                board as Arc<dyn IngestObserver>
            });
            if board.is_none() {
                eprintln!("hive: no bot (BOT_TOKEN unset): job progress is not shown in Telegram");
            }
            let (pipeline, daemon) = super::ingest_setup::pipeline(config, c, board, true).await?;
            runner
                .add_handler(Arc::new(IngestHandler::new(pipeline)))
                .context("registering the ingest handler")?;
            daemon
        }
        Err(e) => {
            eprintln!("hive: ingestion disabled: {e}");
            None
        }
    };
    let count = sessions.len();
    for session in sessions {
        runner
            .add_session(session)
            .context("registering a worker session")?;
    }
    eprintln!("hive: {count} worker session(s) in rotation");
    runner.run(shutdown).await.context("hive runner")?;
    if let Some(task) = board_task {
        let _ = stop_board.send(());
        let _ = task.await;
    }
    Ok(())
}
