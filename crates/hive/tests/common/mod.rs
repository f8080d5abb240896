//! Test helpers: real stores (a SQLite file, a fresh PostgreSQL database), Redis, the
//! sandbox, the swarm example program, and polling.
#![allow(dead_code)]

pub mod hive;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use streamvault_hive::bench::open_store;
use streamvault_store::Store;

/// A store with what keeps it alive (temp dir or database dropper).
pub struct TestStore {
    pub store: Arc<dyn Store>,
    pub url: String,
    _guard: Box<dyn std::any::Any + Send>,
}

pub async fn sqlite_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("hive.db").display());
    let store = open_store(&url).await.expect("open sqlite");
    TestStore {
        store,
        url,
        _guard: Box::new(dir),
    }
}

/// A fresh PostgreSQL database (fails when PostgreSQL cannot be reached: never skips).
pub async fn postgres_store() -> TestStore {
    let db = streamvault_store_sql::testing::fresh_postgres("hive").await;
    let store = open_store(&db.url).await.expect("open postgres");
    TestStore {
        store,
        url: db.url.clone(),
        _guard: Box::new(db),
    }
}

/// Redis for the tests (fails when unreachable: never skips).
pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// The swarm example program, built by `cargo test` with the other targets; built here
/// when a single test target was asked for.
pub fn swarm_program() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test>");
    let program = profile_dir
        .join("examples")
        .join(format!("swarm{}", std::env::consts::EXE_SUFFIX));
    if !program.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "-p", "streamvault-hive", "--example", "swarm"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build --example swarm");
        assert!(status.success(), "building the swarm example failed");
    }
    assert!(
        program.exists(),
        "no swarm example at {}",
        program.display()
    );
    program
}

/// Polls `check` every 20 ms until it is true; panics with `what` after `timeout`.
pub async fn wait_until<F, Fut>(timeout: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
