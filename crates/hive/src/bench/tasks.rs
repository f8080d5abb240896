//! Benchmark tasks in the store: enqueuing them and their effects (audit entries).

use super::BenchError;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::sync::Arc;
use streamvault_core::JobId;
use streamvault_store::audit::AuditEntry;
use streamvault_store::jobs::NewJob;
use streamvault_store::{Store, StoreResult};
use streamvault_store_sql::{OpenOptions, SqlStore};

/// The job kind of benchmark tasks.
pub const TASK_KIND: &str = "bench.task";
/// The audit action of a task's effect.
pub(crate) const EFFECT_ACTION: &str = "bench_effect";
/// Audit entries read per page.
const PAGE: u32 = 500;

/// Opens (and migrates) the store at `url`.
pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, BenchError> {
    let store = SqlStore::connect(url, &OpenOptions::default())
        .await
        .map_err(|e| BenchError::Database(e.to_string()))?;
    store
        .migrate()
        .await
        .map_err(|e| BenchError::Database(e.to_string()))?;
    Ok(Arc::new(store))
}

/// The actor of every effect of run `run_id`.
pub(crate) fn effect_actor(run_id: &str) -> String {
    format!("bench:{run_id}")
}

/// The audit target of a job's effect.
pub(crate) fn effect_target(job: JobId) -> String {
    format!("job:{job}")
}

/// Enqueues `count` tasks of run `run_id`: a `heavy_share` of them take a heavy permit,
/// each works between `min_ms` and `max_ms` (drawn from `seed`). Returns their ids.
pub async fn enqueue_tasks(
    store: &dyn Store,
    run_id: &str,
    count: usize,
    heavy_share: f64,
    (min_ms, max_ms): (u64, u64),
    seed: u64,
) -> Result<Vec<JobId>, BenchError> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let heavy_every = (heavy_share > 0.0).then(|| (1.0 / heavy_share).max(1.0));
    let now = chrono::Utc::now().timestamp();
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        // Spread the heavy tasks evenly: task i is heavy when it crosses a multiple.
        let heavy = heavy_every.is_some_and(|every| {
            let (a, b) = (i as f64 / every, (i + 1) as f64 / every);
            a.floor() != b.floor()
        });
        let job = NewJob {
            kind: TASK_KIND.into(),
            payload: json!({
                "run": run_id,
                "n": i,
                "heavy": heavy,
                "ms": rng.gen_range(min_ms..=max_ms),
            }),
            priority: 0,
            max_attempts: 5,
            dedupe_key: None,
            run_after: now,
        };
        ids.push(store.enqueue_job(&job, now).await?.0.id);
    }
    Ok(ids)
}

/// Records the effect of task `job` of run `run_id` (done by `owner` on `session`).
pub async fn record_effect(
    store: &dyn Store,
    run_id: &str,
    job: JobId,
    owner: &str,
    session: &str,
) -> StoreResult<()> {
    let entry = AuditEntry {
        id: 0,
        actor: effect_actor(run_id),
        action: EFFECT_ACTION.into(),
        target: Some(effect_target(job)),
        details: json!({"owner": owner, "session": session}),
        created_at: chrono::Utc::now().timestamp(),
    };
    store.append_audit(&entry).await.map(|_| ())
}

/// Every effect of run `run_id`: (target, details), oldest first.
pub(crate) async fn effects(
    store: &dyn Store,
    run_id: &str,
) -> StoreResult<Vec<(String, serde_json::Value)>> {
    let actor = effect_actor(run_id);
    let mut found = Vec::new();
    let mut before = None;
    loop {
        let page = store.list_audit(before, PAGE).await?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        found.extend(page.into_iter().filter_map(|e| {
            (e.actor == actor && e.action == EFFECT_ACTION)
                .then_some(())
                .and(e.target.map(|t| (t, e.details)))
        }));
    }
    found.reverse();
    Ok(found)
}
