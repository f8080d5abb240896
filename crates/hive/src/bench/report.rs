//! Counting what a run achieved (from the database) and printing it.

use super::member::MemberReport;
use super::tasks::{effect_target, effects};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use streamvault_core::JobId;
use streamvault_store::jobs::JobState;
use streamvault_store::{Store, StoreResult};

/// What the database says about a run's tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Tasks whose job succeeded.
    pub done: u64,
    /// Tasks whose job failed, died or was blocked.
    pub failed: u64,
    /// Tasks still queued or running.
    pub unfinished: u64,
    /// Effects recorded more than once (sum of extra records).
    pub duplicate_effects: u64,
    /// Succeeded tasks without a recorded effect.
    pub missing_effects: u64,
}

/// Counts the tasks `ids` of run `run_id`.
pub async fn tally(store: &dyn Store, run_id: &str, ids: &[JobId]) -> StoreResult<Tally> {
    let wanted: HashSet<JobId> = ids.iter().copied().collect();
    let mut t = Tally::default();
    let mut succeeded = HashSet::new();
    for job in store.list_jobs(None, u32::MAX).await? {
        if !wanted.contains(&job.id) {
            continue;
        }
        match job.state {
            JobState::Succeeded => {
                t.done += 1;
                succeeded.insert(effect_target(job.id));
            }
            JobState::Queued | JobState::Running => t.unfinished += 1,
            _ => t.failed += 1,
        }
    }
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for (target, _) in effects(store, run_id).await? {
        *seen.entry(target).or_default() += 1;
    }
    t.duplicate_effects = seen.values().map(|n| n - 1).sum();
    t.missing_effects = succeeded.iter().filter(|s| !seen.contains_key(*s)).count() as u64;
    Ok(t)
}

/// The benchmark's result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SwarmReport {
    /// Tasks asked for.
    pub tasks: u64,
    /// Sessions in total.
    pub sessions: u64,
    /// Hive processes.
    pub processes: u64,
    /// `in-process` or `redis`.
    pub coordinator: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Injected FloodWait share of task steps.
    pub flood_rate: f64,
    /// Heavy tasks allowed at once.
    pub heavy_limit: u32,
    /// Tasks completed.
    pub tasks_done: u64,
    /// Tasks not completed (failed, dead, or unfinished at the timeout).
    pub tasks_lost: u64,
    /// Effects recorded more than once.
    pub duplicate_effects: u64,
    /// Completed tasks without an effect.
    pub missing_effects: u64,
    /// Task requests that went out on a session that was cooling down (checked by the
    /// task against the coordinator just before its request).
    pub handed_to_cooling: u64,
    /// Choices that returned a session which had just started cooling down; the runner
    /// caught them and chose again.
    pub cooling_races_caught: u64,
    /// Steps handed over after a FloodWait.
    pub flood_handovers: u64,
    /// FloodWaits injected.
    pub injected_floods: u64,
    /// FloodWaits raised by the sandbox's rate limiter.
    pub sandbox_floods: u64,
    /// Failed attempts retried later.
    pub retries: u64,
    /// Most tasks completed by one session.
    pub max_per_session: u64,
    /// Tasks completed per session on average.
    pub mean_per_session: f64,
    /// `max_per_session / mean_per_session`.
    pub max_over_mean: f64,
    /// Most heavy tasks running at once across every process.
    pub peak_heavy: u64,
    /// Heavy permits that had to be waited for.
    pub heavy_waits: u64,
    /// Seconds from the start of the hives until every task ended.
    pub wall_secs: f64,
    /// Tasks completed per session.
    pub per_session: BTreeMap<String, u64>,
}

impl SwarmReport {
    /// Fills the per-member figures.
    pub(crate) fn add_members(&mut self, members: &[MemberReport]) {
        for m in members {
            let s = &m.stats;
            self.handed_to_cooling += m.cooling_requests;
            self.cooling_races_caught += s.chose_cooling;
            self.flood_handovers += s.flood_handovers;
            self.retries += s.retried;
            self.heavy_waits += s.heavy_waits;
            self.injected_floods += m.injected_floods;
            self.sandbox_floods += m.sandbox_floods;
            self.peak_heavy = self.peak_heavy.max(m.peak_heavy);
            for (name, n) in &s.per_session {
                *self.per_session.entry(name.clone()).or_default() += n;
            }
        }
        let total: u64 = self.per_session.values().sum();
        self.max_per_session = self.per_session.values().copied().max().unwrap_or(0);
        self.mean_per_session = total as f64 / self.sessions.max(1) as f64;
        self.max_over_mean = if self.mean_per_session > 0.0 {
            self.max_per_session as f64 / self.mean_per_session
        } else {
            0.0
        };
    }

    /// The report as aligned text lines.
    pub fn to_text(&self) -> String {
        let rows = [
            (
                "tasks done",
                format!("{} of {}", self.tasks_done, self.tasks),
            ),
            ("tasks lost", self.tasks_lost.to_string()),
            ("duplicate effects", self.duplicate_effects.to_string()),
            ("missing effects", self.missing_effects.to_string()),
            (
                "handed to a cooling session",
                format!(
                    "{} ({} cooldown races caught and re-chosen)",
                    self.handed_to_cooling, self.cooling_races_caught
                ),
            ),
            (
                "flood hand-overs",
                format!(
                    "{} ({} injected, {} from the sandbox limiter)",
                    self.flood_handovers, self.injected_floods, self.sandbox_floods
                ),
            ),
            ("retries", self.retries.to_string()),
            (
                "tasks per session",
                format!(
                    "max {}, mean {:.1}, max/mean {:.3}",
                    self.max_per_session, self.mean_per_session, self.max_over_mean
                ),
            ),
            (
                "peak concurrent heavy",
                format!(
                    "{} (limit {}, {} waits for a permit)",
                    self.peak_heavy, self.heavy_limit, self.heavy_waits
                ),
            ),
            ("wall time", format!("{:.2} s", self.wall_secs)),
        ];
        let mut out = format!(
            "swarm benchmark: {} tasks, {} sessions, {} process(es), {:.1}% FloodWait injected, \
             coordinator {}, database {}\n",
            self.tasks,
            self.sessions,
            self.processes,
            self.flood_rate * 100.0,
            self.coordinator,
            self.database
        );
        for (name, value) in rows {
            out.push_str(&format!("  {name:<28} {value}\n"));
        }
        out
    }
}
