//! Test world: a sandbox with one worker and the five channels, a SQLite store, a
//! generated video, and an in-memory stage host that can "crash".
#![allow(dead_code)]

pub mod ingested;

use async_trait::async_trait;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use streamvault_core::JobId;
use streamvault_hive::{HeavyGuard, StepError};
use streamvault_ingest::{Channels, IngestConfig, Pipeline, SourceFetcher, StageHost};
use streamvault_media::synth::{generate, SynthSpec};
use streamvault_media::Tools;
use streamvault_store::Store;
use streamvault_store_sql::{OpenOptions, SqlStore};
use streamvault_telegram::{AccountKind, ChatId, WorkerPort};
use streamvault_telegram_sandbox::{MessageView, Place, Sandbox, SandboxWorker};

/// The world of one test.
pub struct World {
    pub sandbox: Sandbox,
    pub account: i64,
    pub channels: Channels,
    pub store: Arc<dyn Store>,
    pub db_url: String,
    pub dir: tempfile::TempDir,
}

impl World {
    pub async fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let sandbox = Sandbox::open(&dir.path().join("sandbox")).expect("sandbox");
        let account = sandbox
            .add_account("worker", Some("worker1"), AccountKind::Normal)
            .expect("account");
        let mut ids = Vec::new();
        for title in ["log", "backup", "shots", "public", "admin"] {
            let id = sandbox.add_channel(title, None).expect("channel");
            sandbox.add_member(id, account, true).expect("member");
            ids.push(ChatId(id));
        }
        sandbox.worker(account).warm_peers().await.expect("warm");
        let channels = Channels {
            log: ids[0],
            log_by_genre: Default::default(),
            backup: ids[1],
            screenshots: ids[2],
            public: ids[3],
            admin: ids[4],
        };
        let db_url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("db.sqlite").display()
        );
        let store = SqlStore::connect(&db_url, &OpenOptions::default())
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        World {
            sandbox,
            account,
            channels,
            store: Arc::new(store),
            db_url,
            dir,
        }
    }

    pub fn config(&self) -> IngestConfig {
        let mut c = IngestConfig::new(
            self.channels.clone(),
            "https://vault.example",
            self.dir.path().join("work"),
        );
        c.screenshot_count = 4;
        c
    }

    pub fn pipeline(&self) -> Pipeline {
        let fetcher = SourceFetcher::with_policy(Default::default()).expect("fetcher");
        Pipeline::new(self.config(), Arc::new(fetcher))
    }

    pub fn worker(&self) -> SandboxWorker {
        self.sandbox.worker(self.account)
    }

    pub fn messages(&self, chat: ChatId) -> Vec<MessageView> {
        self.sandbox.messages(Place::Channel(chat.0))
    }

    pub fn bytes_uploaded(&self) -> u64 {
        self.sandbox
            .accounts()
            .iter()
            .find(|a| a.id == self.account)
            .map(|a| a.counters.bytes_uploaded)
            .expect("account view")
    }

    /// A host for `payload` as job `id`.
    pub fn host(&self, id: i64, payload: Value) -> MemoryHost {
        MemoryHost {
            id: JobId(id),
            payload,
            worker: self.worker(),
            store: self.store.clone(),
            stage: None,
            data: Value::Null,
            saves: 0,
            fail_at_save: None,
        }
    }
}

/// Generates a video with two subtitle tracks (eng, fre) into `dir/name`.
pub async fn video(dir: &Path, name: &str, seconds: f64) -> PathBuf {
    let path = dir.join(name);
    let spec = SynthSpec {
        seconds,
        video_size: Some((320, 240)),
        subtitle_languages: vec!["eng".into(), "fre".into()],
        ..SynthSpec::default()
    };
    generate(&Tools::default(), &path, &spec)
        .await
        .expect("generate test video (ffmpeg must be installed)");
    path
}

/// A stage host keeping the checkpoint in memory, like the store would. With
/// `fail_at_save = Some(n)`, the n-th save (1-based) fails as if the process died just
/// before it: everything posted before it stays posted, the checkpoint is not updated.
pub struct MemoryHost {
    pub id: JobId,
    pub payload: Value,
    pub worker: SandboxWorker,
    pub store: Arc<dyn Store>,
    pub stage: Option<String>,
    pub data: Value,
    pub saves: usize,
    pub fail_at_save: Option<usize>,
}

#[async_trait]
impl StageHost for MemoryHost {
    fn job_id(&self) -> JobId {
        self.id
    }
    fn payload(&self) -> &Value {
        &self.payload
    }
    fn worker(&self) -> &dyn WorkerPort {
        &self.worker
    }
    fn worker_name(&self) -> &str {
        "worker1"
    }
    fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
    fn stage(&self) -> Option<&str> {
        self.stage.as_deref()
    }
    fn checkpoint(&self) -> &Value {
        &self.data
    }
    async fn save_checkpoint(&mut self, stage: &str, data: Value) -> Result<(), StepError> {
        self.saves += 1;
        if self.fail_at_save == Some(self.saves) {
            return Err(StepError::Shutdown);
        }
        self.stage = Some(stage.to_owned());
        self.data = data;
        Ok(())
    }
    async fn heavy(&self) -> Result<Option<HeavyGuard>, StepError> {
        Ok(None)
    }
}

/// Runs `payload` as an `ingest` job in a hive runner over the world's worker until the
/// job is final; returns the job.
pub async fn run_in_hive(world: &World, payload: Value) -> streamvault_store::jobs::Job {
    use std::time::Duration;
    use streamvault_coord::{InProcessCoordinator, SystemClock};
    use streamvault_hive::{shutdown_channel, HiveConfig, HiveRunner, WorkerSession};
    use streamvault_ingest::{IngestHandler, INGEST_KIND};
    use streamvault_store::jobs::NewJob;

    let now = chrono::Utc::now().timestamp();
    let job = NewJob {
        kind: INGEST_KIND.into(),
        payload,
        priority: 0,
        max_attempts: 3,
        dedupe_key: None,
        run_after: now,
    };
    let (job, _) = world.store.enqueue_job(&job, now).await.expect("enqueue");
    let mut config = HiveConfig::new("test-host").with_lease(10);
    config.idle_poll = Duration::from_millis(30);
    config.choose_poll = Duration::from_millis(10);
    let coord = Arc::new(InProcessCoordinator::new(SystemClock));
    let mut runner = HiveRunner::new(world.store.clone(), coord, config, "ingest-test");
    let port = Arc::new(world.worker());
    runner
        .add_session(WorkerSession::new("worker1", port, false).with_peers([world.channels.log.0]))
        .expect("session");
    runner
        .add_handler(Arc::new(IngestHandler::new(world.pipeline())))
        .expect("handler");
    let (trigger, shutdown) = shutdown_channel();
    let task = tokio::spawn(async move { runner.run(shutdown).await.expect("runner") });
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    let done = loop {
        let j = world
            .store
            .get_job(job.id)
            .await
            .expect("get job")
            .expect("job");
        if j.state.is_final() {
            break j;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "job did not finish: {j:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    trigger.trigger();
    task.await.expect("runner task");
    done
}

/// Records what the pipeline reports.
#[derive(Default)]
pub struct Recorder {
    pub runs: std::sync::Mutex<Vec<Option<streamvault_ingest::Stage>>>,
    pub started: std::sync::Mutex<Vec<streamvault_ingest::Stage>>,
    pub uploads: std::sync::Mutex<Vec<(String, u64, u64)>>,
    pub ended: std::sync::Mutex<Vec<Result<Option<String>, String>>>,
}

impl streamvault_ingest::IngestObserver for Recorder {
    fn job_started(
        &self,
        _job: JobId,
        _request: &streamvault_ingest::IngestRequest,
        resumed_after: Option<streamvault_ingest::Stage>,
        _shown_in: Option<streamvault_ingest::StatusMessage>,
    ) {
        self.runs.lock().expect("lock").push(resumed_after);
    }
    fn job_ended(
        &self,
        _job: JobId,
        outcome: Result<&streamvault_ingest::IngestState, &streamvault_ingest::IngestError>,
    ) {
        let seen = outcome.map(|st| st.slug.clone()).map_err(|e| e.to_string());
        self.ended.lock().expect("lock").push(seen);
    }
    fn stage_started(&self, _job: JobId, stage: streamvault_ingest::Stage) {
        self.started.lock().expect("lock").push(stage);
    }
    fn upload_progress(&self, _job: JobId, file: &str, done: u64, total: u64) {
        self.uploads
            .lock()
            .expect("lock")
            .push((file.to_owned(), done, total));
    }
}

/// A bot-side `file_id` source that knows every post: `bot-<chat>-<message>`.
pub struct FixedFileIds;

#[async_trait]
impl streamvault_ingest::BotFileIds for FixedFileIds {
    async fn file_id(&self, chat: ChatId, message: i32) -> Option<(String, String)> {
        Some((format!("bot-{}-{message}", chat.0), format!("u-{message}")))
    }
}
