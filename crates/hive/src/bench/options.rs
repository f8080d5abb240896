//! What `bench swarm` is asked to do.

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;
use streamvault_coord::DEFAULT_HEAVY_TASK_LIMIT;

/// Options of the swarm benchmark. [`SwarmOptions::default`] is the target run:
/// 1,000 tasks over 10 sessions with 5 % FloodWait injected, in one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwarmOptions {
    /// Worker sessions in total (split over the processes).
    pub sessions: usize,
    /// Tasks to run.
    pub tasks: usize,
    /// Hive processes; above 1 they are child processes sharing Redis and the database.
    pub processes: usize,
    /// Redis URL; required with more than one process. Without it one process uses the
    /// in-process coordinator.
    pub redis_url: Option<String>,
    /// Database URL; by default a fresh SQLite file in a temporary directory.
    pub database_url: Option<String>,
    /// Share of task steps that meet an injected FloodWait (0–1).
    pub flood_rate: f64,
    /// Seconds of each injected FloodWait.
    pub flood_seconds: u32,
    /// Share of tasks that take a heavy-task permit (0–1).
    pub heavy_share: f64,
    /// Heavy tasks allowed at once across every process (`HEAVY_TASK_LIMIT`).
    pub heavy_limit: u32,
    /// Shortest simulated work per task, in milliseconds.
    pub task_min_ms: u64,
    /// Longest simulated work per task, in milliseconds.
    pub task_max_ms: u64,
    /// Job lease length in seconds.
    pub lease_secs: i64,
    /// Give up waiting for the tasks after this long (the rest count as lost).
    pub timeout: Duration,
}

impl Default for SwarmOptions {
    fn default() -> Self {
        SwarmOptions {
            sessions: 10,
            tasks: 1000,
            processes: 1,
            redis_url: None,
            database_url: None,
            flood_rate: 0.05,
            flood_seconds: 1,
            heavy_share: 0.5,
            heavy_limit: DEFAULT_HEAVY_TASK_LIMIT,
            // Long enough against 1 s FloodWaits: each flood idles its session for 1 s,
            // so with much shorter tasks the per-session spread measures the random
            // distribution of floods more than the scheduling.
            task_min_ms: 200,
            task_max_ms: 600,
            lease_secs: 10,
            timeout: Duration::from_secs(600),
        }
    }
}

impl SwarmOptions {
    /// Checks the options; the message says what to fix.
    pub fn validate(&self) -> Result<(), String> {
        if self.tasks == 0 || self.sessions == 0 || self.processes == 0 {
            return Err("--tasks, --sessions and --processes must be at least 1".into());
        }
        if self.sessions < self.processes {
            return Err("every process needs a session: --sessions >= --processes".into());
        }
        if self.processes > 1 && self.redis_url.is_none() {
            return Err("several processes share a coordinator: pass --redis URL".into());
        }
        if !(0.0..1.0).contains(&self.flood_rate) {
            return Err("--flood-rate is a share in [0, 1)".into());
        }
        if !(0.0..=1.0).contains(&self.heavy_share) || self.heavy_limit == 0 {
            return Err("the heavy share is in [0, 1] and the heavy limit at least 1".into());
        }
        if self.task_min_ms > self.task_max_ms || self.lease_secs < 1 {
            return Err("task durations must be a range and the lease at least 1 s".into());
        }
        Ok(())
    }
}

/// How to start a child hive process: `program args...`, which must end up calling
/// [`crate::bench::swarm_child_main`] (for the binary: `current_exe()` and the hidden
/// `bench swarm-child` subcommand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildProgram {
    /// The executable.
    pub program: PathBuf,
    /// Arguments before which nothing else is added.
    pub args: Vec<OsString>,
}
