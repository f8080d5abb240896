//! The store contract, run against both backends. Each test gets its own database:
//! a fresh SQLite file in a temp dir, or a fresh PostgreSQL database that is dropped after.
//! PostgreSQL comes from `TEST_DATABASE_URL` (default the local server); when it cannot be
//! reached the tests fail: they never skip.

use rand::Rng;
use sqlx::{Connection, Executor};
use std::sync::Arc;
use streamvault_store::contract::TestStore;
use streamvault_store_sql::{OpenOptions, SqlStore};

async fn sqlite_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("contract.db").display()
    );
    let store = SqlStore::connect(&url, &OpenOptions::default())
        .await
        .expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestStore {
        store: Arc::new(store),
        guard: Box::new(dir),
    }
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Drops the per-test database when the test ends, even when it panicked.
struct DropDatabase {
    admin_url: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
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

async fn postgres_store() -> TestStore {
    let admin = admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| {
            panic!(
            "PostgreSQL is required for the postgres contract tests and was not reachable ({e}); \
             start it (scripts/test does) or point TEST_DATABASE_URL at a server"
        )
        });
    let name = format!("sv_test_{:016x}", rand::thread_rng().gen::<u64>());
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
    let store = SqlStore::connect(url.as_str(), &OpenOptions::default())
        .await
        .expect("open postgres");
    store.migrate().await.expect("migrate postgres");
    TestStore {
        store: Arc::new(store),
        guard: Box::new(guard),
    }
}

mod sqlite {
    streamvault_store::store_contract_tests!(super::sqlite_store);
}

mod postgres {
    streamvault_store::store_contract_tests!(super::postgres_store);
}
