//! The hive role of `streamvault run`: worker sessions (sandbox accounts, or grammers
//! sessions from `WORKER_SESSIONS_DIR`) taking jobs from the durable queue.

use crate::config::Config;
use anyhow::Context;
use std::sync::Arc;
use streamvault_coord::Coordinator;
use streamvault_hive::{HiveConfig, HiveRunner, Shutdown, WorkerSession};
use streamvault_store::Store;
use streamvault_telegram::grammers::{GrammersConfig, GrammersWorker};
use streamvault_telegram::AccountKind;
use streamvault_telegram_sandbox::Sandbox;

fn host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "host".into())
}

/// Worker sessions from the sandbox's accounts; names carry host and pid so several hive
/// processes can share one coordinator.
fn sandbox_sessions(sb: &Sandbox) -> Vec<WorkerSession> {
    let prefix = format!("{}-{}", host(), std::process::id());
    sb.accounts()
        .into_iter()
        .filter(|a| !a.banned)
        .map(|a| {
            let name = format!(
                "{prefix}-{}",
                a.username.clone().unwrap_or_else(|| a.id.to_string())
            );
            WorkerSession::new(
                name,
                Arc::new(sb.worker(a.id)),
                a.kind == AccountKind::Premium,
            )
            .with_peers(a.known_channels.clone())
        })
        .collect()
}

/// Worker sessions from `WORKER_SESSIONS_DIR/*.session` (see `worker login`).
async fn grammers_sessions(config: &Config) -> anyhow::Result<Vec<WorkerSession>> {
    let (Some(api_id), Some(api_hash)) = (config.api_id, config.api_hash.as_ref()) else {
        return Ok(Vec::new());
    };
    let Ok(entries) = std::fs::read_dir(&config.sessions_dir) else {
        return Ok(Vec::new());
    };
    let mut sessions = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".session"))
            .map(str::to_owned)
        else {
            continue;
        };
        let proxy_url = std::fs::read_to_string(config.sessions_dir.join(format!("{name}.proxy")))
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
                let worker = Arc::new(worker);
                let premium = streamvault_telegram::WorkerPort::me(&*worker)
                    .await
                    .map(|m| m.kind == AccountKind::Premium)
                    .unwrap_or(false);
                sessions.push(WorkerSession::new(name, worker, premium));
            }
            Err(e) => {
                tracing::warn!(worker = %name, error = %e, "worker session could not connect; left out of rotation")
            }
        }
    }
    Ok(sessions)
}

/// Runs the hive until `shutdown`.
pub async fn run(
    config: &Config,
    store: Arc<dyn Store>,
    coord: Arc<dyn Coordinator>,
    sandbox: Option<&Sandbox>,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let sessions = match sandbox {
        Some(sb) => sandbox_sessions(sb),
        None => grammers_sessions(config).await?,
    };
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
    let count = sessions.len();
    for session in sessions {
        runner
            .add_session(session)
            .context("registering a worker session")?;
    }
    eprintln!("hive: {count} worker session(s) in rotation");
    runner.run(shutdown).await.context("hive runner")?;
    Ok(())
}
