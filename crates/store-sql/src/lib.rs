//! SQL storage for StreamVault: SQLite (embedded default) and PostgreSQL (scale).
//!
//! One implementation of every [`streamvault_store`] trait serves both databases through
//! `sqlx::Any`: the schemas keep to column types both drivers map the same way (integers,
//! floats, booleans, text), and the SQL is written in the subset both dialects share.
//! What differs — opening rules, migrations, locking — lives in [`backend`] and the
//! per-dialect migration folders.

mod areas;
pub mod backend;
mod errors;
pub mod migrate;
mod rows;
#[cfg(feature = "test-support")]
pub mod testing;

pub use backend::{Backend, OpenError, OpenOptions, DEFAULT_SQLITE_URL};
pub use migrate::{MigrationState, MigrationStatus};

use sqlx::AnyPool;

/// A connected SQL store. Cheap to clone (a pool handle).
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for SqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl SqlStore {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) under the opening rules of
    /// [`backend`]. Does not migrate: call [`SqlStore::migrate`].
    pub async fn connect(url: &str, options: &OpenOptions) -> Result<Self, OpenError> {
        let (pool, backend) = backend::connect(url, options).await?;
        Ok(SqlStore { pool, backend })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations; returns the versions applied now.
    pub async fn migrate(&self) -> Result<Vec<i64>, migrate::MigrateError> {
        migrate::run(&self.pool, self.backend).await
    }

    /// Every known migration and whether it is applied.
    pub async fn migration_status(&self) -> Result<Vec<MigrationStatus>, migrate::MigrateError> {
        migrate::status(&self.pool, self.backend).await
    }

    /// Closes the pool, waiting for connections to return.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait::async_trait]
impl streamvault_store::Store for SqlStore {
    fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    async fn ping(&self) -> streamvault_store::StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(errors::map_err("health check"))
    }
}
