//! What ingestion needs from the configuration: channels (configured, or created in the
//! sandbox), the fetcher (guarded HTTP, aria2 cold-started, yt-dlp, the fallback
//! extractor), and worker sessions that have warmed their peer cache.

use crate::config::Config;
use anyhow::{bail, Context};
use std::sync::Arc;
use streamvault_fetch::{
    Aria2Config, Aria2Daemon, FallbackExtractor, FetchOptions, GuardPolicy, GuardedClient,
    HttpOptions, UrlGuard, YtDlpConfig,
};
use streamvault_hive::WorkerSession;
use streamvault_ingest::{Channels, IngestConfig, IngestObserver, Pipeline, SourceFetcher};
use streamvault_telegram::{ChatId, WorkerPort};
use streamvault_telegram_sandbox::Sandbox;

/// Channel usernames created in a sandbox world that has none configured.
const SANDBOX_CHANNELS: [(&str, &str); 5] = [
    ("sv_log", "Log"),
    ("sv_backup", "Backup"),
    ("sv_shots", "Screenshots"),
    ("sv_public", "Updates"),
    ("sv_admin", "Admin alerts"),
];

/// The sandbox's channels for ingestion, created when missing, with every account and bot
/// as admin.
fn sandbox_channels(sb: &Sandbox) -> anyhow::Result<Channels> {
    let mut ids = Vec::new();
    for (username, title) in SANDBOX_CHANNELS {
        let id = match sb.find_channel(&format!("@{username}")) {
            Ok(id) => id,
            Err(_) => sb.add_channel(title, Some(username))?,
        };
        for member in sb
            .accounts()
            .iter()
            .map(|a| a.id)
            .chain(sb.bots().iter().map(|b| b.id))
        {
            sb.add_member(id, member, true)?;
        }
        ids.push(ChatId(id));
    }
    Ok(Channels {
        log: ids[0],
        log_by_genre: Default::default(),
        backup: ids[1],
        screenshots: ids[2],
        public: ids[3],
        admin: ids[4],
    })
}

/// Channels from `TG_*_CHANNEL_ID`, or the sandbox's.
pub fn channels(config: &Config, sandbox: Option<&Sandbox>) -> anyhow::Result<Channels> {
    if let Some(sb) = sandbox {
        return sandbox_channels(sb);
    }
    let c = &config.channels;
    let (Some(log), Some(backup), Some(public), Some(admin)) = (c.log, c.backup, c.public, c.admin)
    else {
        bail!("ingestion needs TG_LOG_CHANNEL_ID, TG_BACKUP_CHANNEL_ID, TG_PUBLIC_CHANNEL_ID and TG_ADMIN_CHANNEL_ID (or --sandbox DIR)");
    };
    Ok(Channels {
        log: ChatId(log),
        log_by_genre: c
            .genre_log
            .iter()
            .map(|(g, id)| (g.clone(), ChatId(*id)))
            .collect(),
        backup: ChatId(backup),
        screenshots: ChatId(c.screenshots().unwrap_or(log)),
        public: ChatId(public),
        admin: ChatId(admin),
    })
}

/// The ingestion pipeline; with `aria2`, cold-starts the aria2 daemon and returns it too
/// (it lives as long as the caller keeps it, and is killed on drop).
pub async fn pipeline(
    config: &Config,
    channels: Channels,
    observer: Option<Arc<dyn IngestObserver>>,
    aria2: bool,
) -> anyhow::Result<(Pipeline, Option<Aria2Daemon>)> {
    let policy = GuardPolicy::from_list(&config.fetch_allow)
        .map_err(|e| anyhow::anyhow!("FETCH_ALLOW: {e}"))?;
    let client = GuardedClient::new(UrlGuard::new(policy), HttpOptions::default())?;
    let work_root = config.work_dir.clone();
    std::fs::create_dir_all(&work_root)
        .with_context(|| format!("creating WORK_DIR {}", work_root.display()))?;
    let daemon = if !aria2 {
        None
    } else {
        match Aria2Daemon::start(Aria2Config::new(work_root.join("aria2"))).await {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!(
                    "note: aria2 is unavailable ({e}); torrents and aria2 downloads are disabled"
                );
                None
            }
        }
    };
    let mut opts = FetchOptions::new(client);
    opts.aria2 = daemon.as_ref().map(Aria2Daemon::client);
    opts.ytdlp = Some(YtDlpConfig::default());
    opts.fallback = match &config.fallback_extractor_cmd {
        Some(argv) => Some(
            FallbackExtractor::from_json(&serde_json::to_string(argv)?)
                .map_err(|e| anyhow::anyhow!("FALLBACK_EXTRACTOR_CMD: {e}"))?,
        ),
        None => None,
    };
    let mut ingest = IngestConfig::new(channels, config.site_url.as_str(), work_root);
    ingest.templates = config.rename.clone();
    ingest.generate_samples = config.generate_samples;
    ingest.validate()?;
    let mut pipeline = Pipeline::new(ingest, Arc::new(SourceFetcher::new(opts)));
    if let Some(o) = observer {
        pipeline = pipeline.with_observer(o);
    }
    Ok((pipeline, daemon))
}

/// Warms a session's peer cache and records which log channels it can reach.
pub async fn with_reachable_peers(
    session_name: String,
    port: Arc<dyn WorkerPort>,
    premium: bool,
    channels: Option<&Channels>,
) -> WorkerSession {
    if let Err(e) = port.warm_peers().await {
        tracing::warn!(worker = %session_name, error = %e, "peer warm-up failed");
    }
    let mut peers = Vec::new();
    let logs = channels
        .map(|c| {
            std::iter::once(c.log)
                .chain(c.log_by_genre.values().copied())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for chat in logs {
        match port.resolve_channel(chat).await {
            Ok(_) => peers.push(chat.0),
            Err(e) => eprintln!(
                "worker {session_name} cannot reach channel {}: {e} (post /health there to fix it)",
                chat.0
            ),
        }
    }
    WorkerSession::new(session_name, port, premium).with_peers(peers)
}
