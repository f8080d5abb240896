//! Embedded, versioned migrations with a record table, run under a lock so several
//! processes starting at once migrate exactly once.

use crate::backend::Backend;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Row};

/// One embedded migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Increasing version.
    pub version: i64,
    /// Short name.
    pub name: &'static str,
    /// The SQL script.
    pub sql: &'static str,
}

const SQLITE: &[Migration] = &[Migration {
    version: 1,
    name: "initial",
    sql: include_str!("../migrations/sqlite/0001_initial.sql"),
}];

const POSTGRES: &[Migration] = &[Migration {
    version: 1,
    name: "initial",
    sql: include_str!("../migrations/postgres/0001_initial.sql"),
}];

/// Arbitrary constant naming StreamVault's PostgreSQL advisory lock.
const PG_LOCK_KEY: i64 = 0x5354_5256_4c54;

/// The migrations of a backend, in order.
pub fn migrations(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

/// State of one migration in a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationState {
    /// Applied, same script.
    Applied,
    /// Not applied yet.
    Pending,
    /// Applied from a different script (edited after release): refuse to run.
    Changed,
    /// Applied by a newer StreamVault that this binary does not know.
    Unknown,
}

/// A migration and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Version.
    pub version: i64,
    /// Name.
    pub name: String,
    /// State.
    pub state: MigrationState,
    /// When applied (unix seconds).
    pub applied_at: Option<i64>,
}

/// Why migrating failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The database failed.
    #[error("migration failed: {0}")]
    Database(#[from] sqlx::Error),
    /// A released migration was edited, or the database is newer than this binary.
    #[error("migration {version} ({name}) {problem}")]
    Mismatch {
        /// Version.
        version: i64,
        /// Name.
        name: String,
        /// What is wrong and what to do.
        problem: &'static str,
    },
}

/// FNV-1a over the script: enough to notice an edited migration.
fn checksum(sql: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn create_record_table(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, \
             name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)"
        }
        Backend::Postgres => {
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
             name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"
        }
    }
}

async fn applied(
    conn: &mut PoolConnection<Any>,
) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
    )
    .fetch_all(&mut **conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

fn compare(backend: Backend, applied: &[(i64, String, String, i64)]) -> Vec<MigrationStatus> {
    let mut out: Vec<MigrationStatus> = migrations(backend)
        .iter()
        .map(|m| {
            let found = applied.iter().find(|a| a.0 == m.version);
            let state = match found {
                None => MigrationState::Pending,
                Some(a) if a.2 == checksum(m.sql) => MigrationState::Applied,
                Some(_) => MigrationState::Changed,
            };
            MigrationStatus {
                version: m.version,
                name: m.name.to_owned(),
                state,
                applied_at: found.map(|a| a.3),
            }
        })
        .collect();
    for a in applied {
        if !migrations(backend).iter().any(|m| m.version == a.0) {
            out.push(MigrationStatus {
                version: a.0,
                name: a.1.clone(),
                state: MigrationState::Unknown,
                applied_at: Some(a.3),
            });
        }
    }
    out
}

fn refuse_mismatch(status: &[MigrationStatus]) -> Result<(), MigrateError> {
    for s in status {
        let problem = match s.state {
            MigrationState::Changed => {
                "was applied from a different script: restore the released migration file"
            }
            MigrationState::Unknown => {
                "was applied by a newer StreamVault: upgrade this binary before using this database"
            }
            _ => continue,
        };
        return Err(MigrateError::Mismatch {
            version: s.version,
            name: s.name.clone(),
            problem,
        });
    }
    Ok(())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Lists every migration and its state (creates the record table if missing).
pub async fn status(
    pool: &AnyPool,
    backend: Backend,
) -> Result<Vec<MigrationStatus>, MigrateError> {
    let mut conn = pool.acquire().await?;
    conn.execute(create_record_table(backend)).await?;
    let applied = applied(&mut conn).await?;
    Ok(compare(backend, &applied))
}

/// Applies pending migrations under a database-wide lock; returns the versions applied.
pub async fn run(pool: &AnyPool, backend: Backend) -> Result<Vec<i64>, MigrateError> {
    let mut conn = pool.acquire().await?;
    match backend {
        Backend::Sqlite => {
            // One IMMEDIATE transaction holds the write lock for the whole run.
            conn.execute("BEGIN IMMEDIATE").await?;
            let result = apply_pending(&mut conn, backend).await;
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            conn.execute(end).await?;
            result
        }
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut *conn)
                .await?;
            conn.execute("BEGIN").await?;
            let result = apply_pending(&mut conn, backend).await;
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            let ended = conn.execute(end).await;
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut *conn)
                .await?;
            ended?;
            result
        }
    }
}

async fn apply_pending(
    conn: &mut PoolConnection<Any>,
    backend: Backend,
) -> Result<Vec<i64>, MigrateError> {
    conn.execute(create_record_table(backend)).await?;
    let status = compare(backend, &applied(conn).await?);
    refuse_mismatch(&status)?;
    let mut done = Vec::new();
    for m in migrations(backend) {
        if status
            .iter()
            .any(|s| s.version == m.version && s.state == MigrationState::Applied)
        {
            continue;
        }
        sqlx::raw_sql(m.sql).execute(&mut **conn).await?;
        sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(m.version)
            .bind(m.name)
            .bind(checksum(m.sql))
            .bind(now())
            .execute(&mut **conn)
            .await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        done.push(m.version);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let v = |b| {
            migrations(b)
                .iter()
                .map(|m| (m.version, m.name))
                .collect::<Vec<_>>()
        };
        assert_eq!(v(Backend::Sqlite), v(Backend::Postgres));
    }

    #[test]
    fn edited_and_unknown_migrations_are_refused() {
        let applied = vec![
            (1, "initial".to_owned(), "0000".to_owned(), 5),
            (99, "future".to_owned(), "x".to_owned(), 6),
        ];
        let status = compare(Backend::Sqlite, &applied);
        assert_eq!(status[0].state, MigrationState::Changed);
        assert_eq!(status[1].state, MigrationState::Unknown);
        assert!(refuse_mismatch(&status).is_err());
    }
}
