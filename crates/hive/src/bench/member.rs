//! One hive member of a benchmark run: its own sandbox accounts, the shared store and
//! coordinator, the real runner and the benchmark task handler.

use super::task::{BenchTask, TaskCounters};
use super::tasks::open_store;
use super::BenchError;
use crate::{HiveConfig, HiveRunner, Shutdown, StatsSnapshot, WorkerSession};
use serde::{Deserialize, Serialize};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use streamvault_coord::{Coordinator, InProcessCoordinator, RedisCoordinator, SystemClock};
use streamvault_telegram::{AccountKind, ChatId, WorkerPort};
use streamvault_telegram_sandbox::Sandbox;

/// Everything one member needs (sent to a child process as one JSON line on stdin, so
/// no URL with a password shows in the process list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberSpec {
    /// The run (names effects and the Redis key prefix).
    pub run_id: String,
    /// Lease owner name of the member's runner (unique in the run).
    pub owner: String,
    /// Names of the member's sessions (unique across the run).
    pub sessions: Vec<String>,
    /// The shared database.
    pub database_url: String,
    /// The shared Redis; `None` for the in-process coordinator (single process only).
    pub redis_url: Option<String>,
    /// The run's Redis key prefix.
    pub redis_prefix: String,
    /// Share of task steps that meet an injected FloodWait.
    pub flood_rate: f64,
    /// Seconds of an injected FloodWait.
    pub flood_seconds: u32,
    /// Heavy tasks allowed at once on the (shared) host.
    pub heavy_limit: u32,
    /// Job lease length in seconds.
    pub lease_secs: i64,
}

/// What a member reports when it stops.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberReport {
    /// The member's lease owner name.
    pub owner: String,
    /// The runner's counters.
    pub stats: StatsSnapshot,
    /// FloodWaits injected by the tasks.
    pub injected_floods: u64,
    /// FloodWaits raised by the sandbox's own rate limiter.
    pub sandbox_floods: u64,
    /// Most heavy tasks running at once, across every process, as this member saw it.
    pub peak_heavy: u64,
    /// Tasks resumed after a crash whose effect had already been recorded.
    pub resumed_effects: u64,
    /// Requests the member's sandbox accounts made.
    pub sandbox_requests: u64,
    /// Task requests that went out on a session the coordinator listed as cooling down.
    pub cooling_requests: u64,
}

/// The coordinator a member uses.
pub(crate) async fn member_coordinator(
    spec: &MemberSpec,
) -> Result<Arc<dyn Coordinator>, BenchError> {
    Ok(match &spec.redis_url {
        Some(url) => Arc::new(RedisCoordinator::connect(url, &spec.redis_prefix).await?),
        None => Arc::new(InProcessCoordinator::new(SystemClock)),
    })
}

/// Runs a member until `shutdown`, then reports.
pub async fn run_member(
    spec: &MemberSpec,
    coord: Arc<dyn Coordinator>,
    shutdown: Shutdown,
) -> Result<MemberReport, BenchError> {
    let store = open_store(&spec.database_url).await?;
    let dir = tempfile::tempdir()?;
    let sandbox = Sandbox::open(dir.path()).map_err(|e| BenchError::Sandbox(e.to_string()))?;
    let sandbox_err =
        |e: streamvault_telegram_sandbox::DriverError| BenchError::Sandbox(e.to_string());
    let channel = sandbox.add_channel("bench", None).map_err(sandbox_err)?;
    let config = HiveConfig {
        heavy_limit: spec.heavy_limit,
        ..HiveConfig::new("bench-host").with_lease(spec.lease_secs)
    };
    let mut runner = HiveRunner::new(store, coord, config, spec.owner.clone());
    let mut accounts = Vec::new();
    for name in &spec.sessions {
        let account = sandbox
            .add_account(name, None, AccountKind::Normal)
            .map_err(sandbox_err)?;
        sandbox
            .add_member(channel, account, false)
            .map_err(sandbox_err)?;
        let port = sandbox.worker(account);
        port.warm_peers()
            .await
            .map_err(|e| BenchError::Sandbox(e.to_string()))?;
        let session = WorkerSession::new(name.clone(), Arc::new(port), false).with_peers([channel]);
        runner.add_session(session)?;
        accounts.push(account);
    }
    let counters = Arc::new(super::task::TaskCounters::default());
    runner.add_handler(Arc::new(BenchTask {
        run_id: spec.run_id.clone(),
        channel: ChatId(channel),
        flood_rate: spec.flood_rate,
        flood_seconds: spec.flood_seconds,
        counters: counters.clone(),
    }))?;
    let stats = runner.run(shutdown).await?;
    let requests = sandbox
        .accounts()
        .iter()
        .filter(|a| accounts.contains(&a.id))
        .map(|a| a.counters.requests)
        .sum();
    Ok(report(spec, stats, &counters, requests))
}

fn report(
    spec: &MemberSpec,
    stats: StatsSnapshot,
    c: &TaskCounters,
    requests: u64,
) -> MemberReport {
    let get = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    MemberReport {
        owner: spec.owner.clone(),
        stats,
        injected_floods: get(&c.injected_floods),
        sandbox_floods: get(&c.sandbox_floods),
        peak_heavy: get(&c.peak_heavy),
        resumed_effects: get(&c.resumed_effects),
        sandbox_requests: requests,
        cooling_requests: get(&c.cooling_requests),
    }
}
