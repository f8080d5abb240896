//! A hive over the sandbox for in-process runner tests.
#![allow(dead_code)]

use super::{sqlite_store, TestStore};
use serde_json::{json, Value};
use std::sync::Arc;
use streamvault_coord::{Coordinator, InProcessCoordinator, SystemClock};
use streamvault_hive::{
    shutdown_channel, HiveConfig, HiveRunner, JobHandler, ShutdownTrigger, StatsSnapshot,
    WorkerSession,
};
use streamvault_store::jobs::{Job, NewJob};
use streamvault_telegram::{AccountKind, ChatId, WorkerPort};
use streamvault_telegram_sandbox::Sandbox;
use tokio::task::JoinHandle;

/// A sandbox world with named accounts in one channel, a SQLite store and an in-process
/// coordinator.
pub struct World {
    pub sandbox: Sandbox,
    pub channel: ChatId,
    pub accounts: Vec<(String, i64)>,
    pub db: TestStore,
    pub coord: Arc<dyn Coordinator>,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn new(names: &[&str]) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let sandbox = Sandbox::open(dir.path()).expect("sandbox");
        let channel = sandbox.add_channel("log", None).expect("channel");
        let mut accounts = Vec::new();
        for name in names {
            let id = sandbox
                .add_account(name, Some(name), AccountKind::Normal)
                .expect("account");
            sandbox.add_member(channel, id, true).expect("member");
            sandbox.worker(id).warm_peers().await.expect("warm peers");
            accounts.push((name.to_string(), id));
        }
        World {
            sandbox,
            channel: ChatId(channel),
            accounts,
            db: sqlite_store().await,
            coord: Arc::new(InProcessCoordinator::new(SystemClock)),
            _dir: dir,
        }
    }

    pub fn account(&self, name: &str) -> i64 {
        self.accounts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
            .expect("account")
    }

    /// A runner over every account, with a 2 s lease and fast polls.
    pub fn runner(&self, config: HiveConfig, handler: Arc<dyn JobHandler>) -> HiveRunner {
        let mut runner = HiveRunner::new(
            self.db.store.clone(),
            self.coord.clone(),
            config,
            "hive-test",
        );
        for (name, id) in &self.accounts {
            let port = Arc::new(self.sandbox.worker(*id));
            let session = WorkerSession::new(name.clone(), port, false);
            runner.add_session(session).expect("session");
        }
        runner.add_handler(handler).expect("handler");
        runner
    }

    pub async fn enqueue(&self, kind: &str, payload: Value) -> Job {
        let job = NewJob {
            kind: kind.into(),
            payload,
            priority: 0,
            max_attempts: 3,
            dedupe_key: None,
            run_after: chrono::Utc::now().timestamp(),
        };
        let now = chrono::Utc::now().timestamp();
        self.db
            .store
            .enqueue_job(&job, now)
            .await
            .expect("enqueue")
            .0
    }

    pub async fn job(&self, job: &Job) -> Job {
        self.db
            .store
            .get_job(job.id)
            .await
            .expect("get job")
            .expect("job exists")
    }
}

/// Fast settings for tests.
pub fn config() -> HiveConfig {
    let mut c = HiveConfig::new("test-host").with_lease(2);
    c.idle_poll = std::time::Duration::from_millis(30);
    c.choose_poll = std::time::Duration::from_millis(10);
    c
}

/// A runner running in the background.
pub struct Running {
    pub trigger: ShutdownTrigger,
    pub task: JoinHandle<StatsSnapshot>,
}

pub fn start(runner: HiveRunner) -> Running {
    let (trigger, shutdown) = shutdown_channel();
    let task = tokio::spawn(async move { runner.run(shutdown).await.expect("runner") });
    Running { trigger, task }
}

impl Running {
    pub async fn stop(self) -> StatsSnapshot {
        self.trigger.trigger();
        self.task.await.expect("runner task")
    }
}

/// An empty JSON object.
pub fn empty() -> Value {
    json!({})
}
