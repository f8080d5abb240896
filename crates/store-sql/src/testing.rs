//! Fresh, isolated databases for tests (feature `test-support`): a SQLite file in a temp
//! dir, or a new PostgreSQL database from `TEST_DATABASE_URL` (default the local server)
//! that is dropped when the test ends, even when it panicked. An unreachable PostgreSQL
//! fails the test with a clear message: tests never skip.

use rand::Rng;
use sqlx::{Connection, Executor};

/// A database for one test; it disappears when this is dropped.
pub struct TestDatabase {
    /// Its URL (not migrated).
    pub url: String,
    _guard: Box<dyn std::any::Any + Send>,
}

/// A new SQLite database file.
pub fn fresh_sqlite() -> TestDatabase {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    TestDatabase {
        url,
        _guard: Box::new(dir),
    }
}

/// The server-level URL tests create their databases from.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

struct DropDatabase {
    admin_url: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside any async context we can rely on: use a short-lived runtime.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut conn = sqlx::PgConnection::connect(&url).await?;
                conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                    .await?;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}: {dropped:?}", self.name);
        }
    }
}

/// A new PostgreSQL database named `sv_{label}_{random}`.
pub async fn fresh_postgres(label: &str) -> TestDatabase {
    let admin = admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is required for this test and was not reachable ({e}); \
             start it (scripts/test does) or point TEST_DATABASE_URL at a server"
            )
        });
    let name = format!("sv_{label}_{:016x}", rand::thread_rng().gen::<u64>());
    conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await
        .expect("create test database");
    conn.close().await.ok();
    let guard = DropDatabase {
        admin_url: admin.clone(),
        name: name.clone(),
    };
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    TestDatabase {
        url: url.to_string(),
        _guard: Box::new(guard),
    }
}
