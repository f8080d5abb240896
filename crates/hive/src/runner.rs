//! The hive runner: registers the sessions, claims jobs while it has capacity, runs them,
//! keeps sessions alive, reclaims expired leases, and shuts down gracefully.

use crate::config::HiveConfig;
use crate::error::HiveError;
use crate::handler::JobHandler;
use crate::job_run::run_job;
use crate::session::{Availability, LocalSessions, WorkerSession};
use crate::shutdown::Shutdown;
use crate::stats::{Count, HiveStats, StatsSnapshot};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::Coordinator;
use streamvault_store::Store;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// Now in unix seconds (the store's time unit).
pub(crate) fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What every task of a runner shares.
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) coord: Arc<dyn Coordinator>,
    pub(crate) config: HiveConfig,
    pub(crate) owner: String,
    pub(crate) sessions: LocalSessions,
    pub(crate) handlers: BTreeMap<String, Arc<dyn JobHandler>>,
    pub(crate) stats: Arc<HiveStats>,
    /// Fires when the shutdown grace period is over: running steps stop and release.
    pub(crate) abort: watch::Receiver<bool>,
}

/// A hive process: worker sessions taking jobs from the durable queue.
pub struct HiveRunner {
    store: Arc<dyn Store>,
    coord: Arc<dyn Coordinator>,
    config: HiveConfig,
    owner: String,
    sessions: Vec<WorkerSession>,
    handlers: BTreeMap<String, Arc<dyn JobHandler>>,
    stats: Arc<HiveStats>,
}

impl std::fmt::Debug for HiveRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HiveRunner")
            .field("owner", &self.owner)
            .field("sessions", &self.sessions)
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl HiveRunner {
    /// A runner that leases jobs as `owner` (unique per process, e.g. `hive-<host>-<pid>`).
    pub fn new(
        store: Arc<dyn Store>,
        coord: Arc<dyn Coordinator>,
        config: HiveConfig,
        owner: impl Into<String>,
    ) -> Self {
        HiveRunner {
            store,
            coord,
            config,
            owner: owner.into(),
            sessions: Vec::new(),
            handlers: BTreeMap::new(),
            stats: Arc::new(HiveStats::default()),
        }
    }

    /// Adds a worker session; its name must be unique.
    pub fn add_session(&mut self, session: WorkerSession) -> Result<(), HiveError> {
        if self.sessions.iter().any(|s| s.name == session.name) {
            return Err(HiveError::Duplicate {
                what: "session",
                name: session.name,
            });
        }
        self.stats.list_session(&session.name);
        self.sessions.push(session);
        Ok(())
    }

    /// Adds the handler of one job kind; the kind must be unique.
    pub fn add_handler(&mut self, handler: Arc<dyn JobHandler>) -> Result<(), HiveError> {
        let kind = handler.kind().to_owned();
        if self.handlers.contains_key(&kind) {
            return Err(HiveError::Duplicate {
                what: "handler",
                name: kind,
            });
        }
        self.handlers.insert(kind, handler);
        Ok(())
    }

    /// The lease owner name.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// The live counters (keep a clone to watch a running runner).
    pub fn stats(&self) -> Arc<HiveStats> {
        self.stats.clone()
    }

    /// Runs until `shutdown` fires: then stops claiming, lets running jobs finish within
    /// the grace period, releases the leases of those that did not, takes the sessions
    /// out of rotation and returns the counters. Without any handler it claims nothing
    /// (it still keeps its sessions alive and reclaims expired leases).
    pub async fn run(self, shutdown: Shutdown) -> Result<StatsSnapshot, HiveError> {
        if self.sessions.is_empty() {
            return Err(HiveError::NoSessions);
        }
        let concurrency = self
            .config
            .concurrency
            .unwrap_or(self.sessions.len())
            .max(1);
        let (abort_tx, abort) = watch::channel(false);
        let shared = Arc::new(Shared {
            store: self.store,
            coord: self.coord,
            config: self.config,
            owner: self.owner,
            sessions: LocalSessions::new(self.sessions),
            handlers: self.handlers,
            stats: self.stats,
            abort,
        });
        let cfg = &shared.config;
        shared
            .sessions
            .register_all(&*shared.coord, cfg.session_ttl)
            .await?;
        let background = [
            tokio::spawn(keep_sessions_alive(shared.clone())),
            tokio::spawn(reclaim_expired(shared.clone())),
        ];
        let mut jobs = JoinSet::new();
        claim_loop(&shared, &shutdown, concurrency, &mut jobs).await;

        let grace = tokio::time::timeout(cfg.shutdown_grace, async {
            while jobs.join_next().await.is_some() {}
        });
        if grace.await.is_err() {
            abort_tx.send_replace(true);
            while jobs.join_next().await.is_some() {}
        }
        for task in background {
            task.abort();
        }
        shared.sessions.deregister_all(&*shared.coord).await;
        Ok(shared.stats.snapshot())
    }
}

/// Claims jobs while slots are free and a local session can take work, until shutdown.
async fn claim_loop(
    shared: &Arc<Shared>,
    shutdown: &Shutdown,
    concurrency: usize,
    jobs: &mut JoinSet<()>,
) {
    let slots = Arc::new(Semaphore::new(concurrency));
    let kinds: Vec<&str> = shared.handlers.keys().map(String::as_str).collect();
    if kinds.is_empty() {
        // An empty kind list would claim every kind: claim nothing instead.
        shutdown.wait().await;
        return;
    }
    let cfg = &shared.config;
    while !shutdown.is_triggered() {
        while jobs.try_join_next().is_some() {}
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = shutdown.wait() => break,
        };
        let Ok(slot) = slot else { break };
        let pause = match shared.sessions.availability() {
            Availability::Ready => None,
            Availability::CoolingUntil(until) => Some(until - tokio::time::Instant::now()),
            // Nothing here can run a job: leave the queue to other processes.
            Availability::AllDead => Some(cfg.idle_poll),
        };
        let claimed = match pause {
            Some(pause) => {
                drop(slot);
                pause_unless_shutdown(shutdown, pause.min(cfg.idle_poll)).await;
                continue;
            }
            None => {
                let owner = &shared.owner;
                let claim = shared
                    .store
                    .claim_job(owner, &kinds, cfg.lease_secs, unix_now());
                (claim.await, slot)
            }
        };
        match claimed {
            (Ok(Some(job)), slot) => {
                shared.stats.add(Count::Claimed);
                let (shared, shutdown) = (shared.clone(), shutdown.clone());
                jobs.spawn(async move {
                    run_job(shared, job, shutdown).await;
                    drop(slot);
                });
            }
            (Ok(None), _) => pause_unless_shutdown(shutdown, cfg.idle_poll).await,
            (Err(e), _) => {
                tracing::warn!(error = %e, "claiming a job failed");
                pause_unless_shutdown(shutdown, cfg.idle_poll).await;
            }
        }
    }
}

async fn pause_unless_shutdown(shutdown: &Shutdown, pause: Duration) {
    tokio::select! {
        () = tokio::time::sleep(pause) => {}
        () = shutdown.wait() => {}
    }
}

async fn keep_sessions_alive(shared: Arc<Shared>) {
    let every = shared.config.session_ttl / 3;
    loop {
        tokio::time::sleep(every).await;
        let ttl = shared.config.session_ttl;
        shared.sessions.heartbeat_all(&*shared.coord, ttl).await;
    }
}

async fn reclaim_expired(shared: Arc<Shared>) {
    loop {
        match shared.store.reclaim_expired_leases(unix_now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(jobs = n, "reclaimed jobs whose lease expired"),
            Err(e) => tracing::warn!(error = %e, "reclaiming expired leases failed"),
        }
        tokio::time::sleep(shared.config.reclaim_every).await;
    }
}
