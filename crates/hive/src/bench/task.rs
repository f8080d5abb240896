//! The benchmark task handler: one sandbox request through the chosen session (with
//! FloodWaits injected), simulated work (heavy for some tasks), then its effect, exactly
//! once even when a process dies mid-task.

use super::tasks::{effect_target, effects, record_effect, TASK_KIND};
use crate::{JobContext, JobHandler, StepError};
use async_trait::async_trait;
use chrono::NaiveDate;
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::Requirements;
use streamvault_store::jobs::Job;
use streamvault_telegram::{ChatId, WorkerError};

/// Stages, in order. `effect` is saved before the effect is recorded, so a task resumed
/// from it checks whether the effect happened before recording it.
const REQUESTED: &str = "requested";
const EFFECT: &str = "effect";
const DONE: &str = "done";

/// The day key of the cross-process "heavy tasks running now" gauge (any fixed day: the
/// counter is a gauge, not a daily figure, and lives under the run's key prefix).
fn gauge_day() -> NaiveDate {
    NaiveDate::default()
}
const GAUGE_KEY: &str = "bench-heavy-now";

/// What one process's tasks counted.
#[derive(Debug, Default)]
pub(crate) struct TaskCounters {
    pub(crate) injected_floods: AtomicU64,
    pub(crate) sandbox_floods: AtomicU64,
    pub(crate) peak_heavy: AtomicU64,
    pub(crate) resumed_effects: AtomicU64,
    pub(crate) cooling_requests: AtomicU64,
}

/// Runs benchmark tasks.
pub(crate) struct BenchTask {
    pub(crate) run_id: String,
    pub(crate) channel: ChatId,
    pub(crate) flood_rate: f64,
    pub(crate) flood_seconds: u32,
    pub(crate) counters: Arc<TaskCounters>,
}

#[async_trait]
impl JobHandler for BenchTask {
    fn kind(&self) -> &str {
        TASK_KIND
    }

    fn requirements(&self, _job: &Job) -> Requirements {
        Requirements {
            needs_premium: false,
            needs_peer: Some(self.channel.0),
        }
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<(), StepError> {
        if ctx.stage().is_none() {
            self.request(ctx).await?;
        }
        match ctx.stage() {
            Some(REQUESTED) => {
                self.work(ctx).await?;
                ctx.save_checkpoint(EFFECT, json!({})).await?;
            }
            Some(EFFECT) => {
                // Resumed after the process that ran it stopped: did it record the effect?
                let target = effect_target(ctx.job().id);
                let all = effects(&**ctx.store(), &self.run_id).await?;
                if all.iter().any(|(t, _)| *t == target) {
                    self.counters
                        .resumed_effects
                        .fetch_add(1, Ordering::Relaxed);
                    return ctx.save_checkpoint(DONE, json!({})).await;
                }
            }
            _ => return Ok(()),
        }
        let (job, owner, session) = (ctx.job().id, ctx.owner(), ctx.session_name());
        record_effect(&**ctx.store(), &self.run_id, job, owner, session).await?;
        ctx.save_checkpoint(DONE, json!({"session": ctx.session_name()}))
            .await
    }
}

impl BenchTask {
    /// The task's Telegram request, on the chosen session.
    async fn request(&self, ctx: &mut JobContext) -> Result<(), StepError> {
        if rand::random::<f64>() < self.flood_rate {
            self.counters
                .injected_floods
                .fetch_add(1, Ordering::Relaxed);
            return Err(WorkerError::FloodWait {
                seconds: self.flood_seconds,
            }
            .into());
        }
        // Measured here, apart from the runner's own guard: is the session this request
        // goes out on cooling down right now, by the coordinator's shared view?
        let left = ctx
            .coordinator()
            .cooldown_remaining(ctx.session_name())
            .await?;
        if left.is_some_and(|l| !l.is_zero()) {
            self.counters
                .cooling_requests
                .fetch_add(1, Ordering::Relaxed);
        }
        match ctx.worker().resolve_channel(self.channel).await {
            Ok(_) => {}
            Err(e @ WorkerError::FloodWait { .. }) => {
                self.counters.sandbox_floods.fetch_add(1, Ordering::Relaxed);
                return Err(e.into());
            }
            Err(e) => return Err(e.into()),
        }
        let by = ctx.session_name().to_owned();
        ctx.save_checkpoint(REQUESTED, json!({"requested_by": by}))
            .await
    }

    /// The simulated work; heavy tasks hold a permit and count themselves in a gauge
    /// shared by every process, whose peak is the benchmark's figure.
    async fn work(&self, ctx: &JobContext) -> Result<(), StepError> {
        let ms = ctx.payload()["ms"].as_u64().unwrap_or(100);
        let pause = Duration::from_millis(ms);
        if !ctx.payload()["heavy"].as_bool().unwrap_or(false) {
            tokio::time::sleep(pause).await;
            return Ok(());
        }
        let permit = ctx.acquire_heavy().await?;
        let coord = ctx.coordinator();
        let now = coord.incr_counter(gauge_day(), GAUGE_KEY, 1).await?;
        self.counters
            .peak_heavy
            .fetch_max(now.unsigned_abs(), Ordering::Relaxed);
        tokio::time::sleep(pause).await;
        coord.incr_counter(gauge_day(), GAUGE_KEY, -1).await?;
        permit.release().await
    }
}
