//! The runner hands a job over, with its checkpoint, when a session meets a FloodWait or
//! dies, and keeps the cooling or dead session out of rotation.

mod common;

use async_trait::async_trait;
use common::hive::{config, start, World};
use common::wait_until;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use streamvault_hive::{JobContext, JobHandler, StepError};
use streamvault_store::jobs::JobState;
use streamvault_telegram::{ChatId, WorkerError};

/// One step as the handler saw it: session, stage, checkpoint.
type Step = (String, Option<String>, Value);

/// Resolves the channel on the chosen session and saves a checkpoint; with
/// `{"flood": true}` the first step then meets a 30 s FloodWait.
struct Probe {
    channel: ChatId,
    steps: Mutex<Vec<Step>>,
}

#[async_trait]
impl JobHandler for Probe {
    fn kind(&self) -> &str {
        "probe"
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<(), StepError> {
        let step = (
            ctx.session_name().to_owned(),
            ctx.stage().map(str::to_owned),
            ctx.checkpoint().clone(),
        );
        self.steps.lock().expect("steps").push(step);
        if ctx.stage().is_none() {
            ctx.worker().resolve_channel(self.channel).await?;
            let by = ctx.session_name().to_owned();
            ctx.save_checkpoint("fetched", json!({"by": by})).await?;
            if ctx.payload()["flood"] == json!(true) {
                return Err(WorkerError::FloodWait { seconds: 30 }.into());
            }
        }
        Ok(())
    }
}

fn probe(world: &World) -> Arc<Probe> {
    Arc::new(Probe {
        channel: world.channel,
        steps: Mutex::new(Vec::new()),
    })
}

async fn wait_done(world: &World, job: &streamvault_store::jobs::Job) {
    wait_until(Duration::from_secs(10), "the job to succeed", || async {
        world.job(job).await.state == JobState::Succeeded
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flood_wait_hands_the_job_and_its_checkpoint_to_another_session_at_once() {
    let world = World::new(&["a", "b"]).await;
    let handler = probe(&world);
    let running = start(world.runner(config(), handler.clone()));
    let started = Instant::now();
    let job = world.enqueue("probe", json!({"flood": true})).await;
    wait_done(&world, &job).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the job waited for the flooded session: {:?}",
        started.elapsed()
    );
    let steps = handler.steps.lock().expect("steps").clone();
    assert_eq!(
        steps,
        [
            ("a".to_owned(), None, json!({})),
            ("b".to_owned(), Some("fetched".into()), json!({"by": "a"})),
        ],
        "the second session resumed from the first one's checkpoint"
    );
    let left = world.coord.cooldown_remaining("a").await.expect("cooldown");
    assert!(
        left.is_some_and(|l| l > Duration::from_secs(25)),
        "{left:?}"
    );

    // While `a` cools down, every new job goes to `b`.
    handler.steps.lock().expect("steps").clear();
    for _ in 0..4 {
        let job = world.enqueue("probe", json!({})).await;
        wait_done(&world, &job).await;
    }
    let sessions: Vec<String> = handler
        .steps
        .lock()
        .expect("steps")
        .iter()
        .map(|s| s.0.clone())
        .collect();
    assert_eq!(sessions, ["b", "b", "b", "b"]);

    let stats = running.stop().await;
    assert_eq!(stats.flood_handovers, 1);
    assert_eq!(stats.chose_cooling, 0);
    assert_eq!(stats.completed, 5);
    assert_eq!(stats.per_session.get("b"), Some(&5));
    assert_eq!(
        world.job(&job).await.attempts,
        1,
        "a hand-over is not a new attempt"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_session_leaves_the_rotation_and_its_job_goes_on_elsewhere() {
    let world = World::new(&["a", "b", "c"]).await;
    world
        .sandbox
        .set_account_banned(world.account("a"), true)
        .expect("ban");
    let handler = probe(&world);
    let running = start(world.runner(config(), handler.clone()));
    let first = world.enqueue("probe", json!({})).await;
    wait_done(&world, &first).await;
    let dead = world
        .coord
        .sessions()
        .await
        .expect("sessions")
        .into_iter()
        .find(|s| s.id == "a")
        .and_then(|s| s.dead);
    assert_eq!(dead.as_deref(), Some("USER_DEACTIVATED_BAN"));

    for _ in 0..6 {
        let job = world.enqueue("probe", json!({})).await;
        wait_done(&world, &job).await;
    }
    let stats = running.stop().await;
    assert_eq!(stats.dead_handovers, 1);
    assert_eq!(stats.completed, 7);
    assert_eq!(stats.per_session.get("a"), Some(&0), "{stats:?}");
    let steps = handler.steps.lock().expect("steps").clone();
    assert_eq!(steps.iter().filter(|s| s.0 == "a").count(), 1, "{steps:?}");
    let (b, c) = (stats.per_session["b"], stats.per_session["c"]);
    assert!(
        b >= 3 && c >= 3,
        "the live sessions share the work: {stats:?}"
    );
}
