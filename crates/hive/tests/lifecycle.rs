//! Graceful shutdown (finish within the grace period, else release the lease) and the
//! retry-or-drop decision applied to the stored job.

mod common;

use async_trait::async_trait;
use common::hive::{config, start, World};
use common::wait_until;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use streamvault_hive::{JobContext, JobHandler, StepError};
use streamvault_store::jobs::JobState;

/// Saves a checkpoint, then works for `payload.ms` milliseconds, or fails as
/// `payload.fail` says ("transient", "permanent").
struct Worker;

#[async_trait]
impl JobHandler for Worker {
    fn kind(&self) -> &str {
        "work"
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<(), StepError> {
        ctx.save_checkpoint("started", json!({"n": 1})).await?;
        match ctx.payload()["fail"].as_str() {
            Some("transient") => return Err(StepError::Transient("remote down".into())),
            Some("permanent") => return Err(StepError::Permanent("bad input".into())),
            _ => {}
        }
        let ms = ctx.payload()["ms"].as_u64().unwrap_or(0);
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_releases_the_lease_of_a_job_that_outlives_the_grace_period() {
    let world = World::new(&["a"]).await;
    let mut cfg = config();
    cfg.shutdown_grace = Duration::from_millis(300);
    let running = start(world.runner(cfg, Arc::new(Worker)));
    let job = world.enqueue("work", json!({"ms": 60_000})).await;
    wait_until(Duration::from_secs(5), "the job to start", || async {
        world.job(&job).await.stage.as_deref() == Some("started")
    })
    .await;
    let stopping = Instant::now();
    let stats = running.stop().await;
    assert!(
        stopping.elapsed() < Duration::from_secs(3),
        "{:?}",
        stopping.elapsed()
    );
    let j = world.job(&job).await;
    assert_eq!(j.state, JobState::Queued);
    assert_eq!(
        (j.lease_owner, j.attempts),
        (None, 0),
        "released, attempt refunded"
    );
    assert_eq!(j.stage.as_deref(), Some("started"), "checkpoint kept");
    assert_eq!(j.checkpoint, json!({"n": 1}));
    assert_eq!((stats.released, stats.completed), (1, 0));
    let sessions = world.coord.sessions().await.expect("sessions");
    assert!(
        sessions.iter().all(|s| !s.alive),
        "out of rotation: {sessions:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_running_jobs_finish_and_claims_nothing_more() {
    let world = World::new(&["a"]).await;
    let mut cfg = config();
    cfg.concurrency = Some(1);
    cfg.shutdown_grace = Duration::from_secs(10);
    let running = start(world.runner(cfg, Arc::new(Worker)));
    let first = world.enqueue("work", json!({"ms": 400})).await;
    wait_until(Duration::from_secs(5), "the job to start", || async {
        world.job(&first).await.state == JobState::Running
    })
    .await;
    let second = world.enqueue("work", json!({"ms": 0})).await;
    let stats = running.stop().await;
    assert_eq!(world.job(&first).await.state, JobState::Succeeded);
    let j = world.job(&second).await;
    assert_eq!(
        (j.state, j.attempts),
        (JobState::Queued, 0),
        "never claimed"
    );
    assert_eq!((stats.completed, stats.released), (1, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_errors_retry_with_backoff_and_permanent_ones_fail() {
    let world = World::new(&["a"]).await;
    let running = start(world.runner(config(), Arc::new(Worker)));
    let before = chrono::Utc::now().timestamp();
    let retried = world.enqueue("work", json!({"fail": "transient"})).await;
    let failed = world.enqueue("work", json!({"fail": "permanent"})).await;
    wait_until(Duration::from_secs(5), "both attempts to end", || async {
        let (r, f) = (world.job(&retried).await, world.job(&failed).await);
        r.attempts == 1 && r.state == JobState::Queued && f.state == JobState::Failed
    })
    .await;
    let stats = running.stop().await;
    let r = world.job(&retried).await;
    // Default backoff: 5 s base, equal jitter: between 2.5 and 5 s after the failure.
    assert!(
        r.run_after >= before + 3 && r.run_after <= before + 7,
        "{r:?}"
    );
    assert!(r
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("remote down")));
    assert_eq!(
        r.stage.as_deref(),
        Some("started"),
        "the retry resumes from here"
    );
    let f = world.job(&failed).await;
    assert!(f
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("bad input")));
    assert_eq!((stats.retried, stats.failed), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hive_without_handlers_claims_nothing() {
    let world = World::new(&["a"]).await;
    let mut runner = streamvault_hive::HiveRunner::new(
        world.db.store.clone(),
        world.coord.clone(),
        config(),
        "idle-hive",
    );
    let port = Arc::new(world.sandbox.worker(world.account("a")));
    runner
        .add_session(streamvault_hive::WorkerSession::new("a", port, false))
        .expect("session");
    let running = start(runner);
    let job = world.enqueue("anything", json!({})).await;
    wait_until(
        Duration::from_secs(5),
        "the session to be registered",
        || async {
            let sessions = world.coord.sessions().await.expect("sessions");
            sessions.iter().any(|s| s.id == "a" && s.alive)
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stats = running.stop().await;
    let j = world.job(&job).await;
    assert_eq!((j.state, j.attempts), (JobState::Queued, 0));
    assert_eq!(stats.claimed, 0);
}
