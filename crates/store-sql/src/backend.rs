//! Choosing and opening a backend from a database URL.

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default embedded database.
pub const DEFAULT_SQLITE_URL: &str = "sqlite://./data/streamvault.db";

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Short name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// Picks the backend from a URL's scheme; anything else is refused loudly.
    pub fn from_url(url: &str) -> Result<Backend, OpenError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(OpenError::UnknownScheme {
                scheme: scheme.to_owned(),
            }),
        }
    }
}

/// Pool and safety options.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Largest number of pooled connections.
    pub max_connections: u32,
    /// How long to wait for a connection (and, on SQLite, for a lock).
    pub acquire_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// Why a store could not be opened. Never contains a password.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Neither `sqlite://` nor `postgres://`.
    #[error(
        "unsupported database URL scheme {scheme:?}: use sqlite://PATH (embedded) or postgres://USER@HOST/DB"
    )]
    UnknownScheme {
        /// The scheme found.
        scheme: String,
    },
    /// A SQLite file that does not exist at a non-default location.
    #[error(
        "no SQLite database at {path}: refusing to create one at a location that may be a typo; \
         fix DATABASE_URL, or append ?mode=rwc to create it"
    )]
    SqliteMissing {
        /// The path from the URL.
        path: PathBuf,
    },
    /// The directory for the default database could not be made.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The database refused or could not be reached.
    #[error("cannot connect to the {backend} database: {message}")]
    Connect {
        /// Backend name.
        backend: &'static str,
        /// Driver message (credentials stripped).
        message: String,
    },
}

/// Splits `sqlite://path?query` / `sqlite:path?query` into path and query.
fn sqlite_path_and_query(url: &str) -> (&str, Option<&str>) {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    }
}

/// Applies the "never create a database at a mistyped path" rule and returns the URL to
/// hand to the driver.
fn sqlite_url_for_open(url: &str) -> Result<String, OpenError> {
    let (path, query) = sqlite_path_and_query(url);
    let opted_in = query.is_some_and(|q| q.split('&').any(|kv| kv == "mode=rwc"));
    if path == ":memory:" || opted_in {
        return Ok(url.to_owned());
    }
    if url == DEFAULT_SQLITE_URL {
        let parent = Path::new(path).parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| OpenError::DataDir {
            path: parent.to_path_buf(),
            source,
        })?;
        return Ok(format!("{url}?mode=rwc"));
    }
    if !Path::new(path).exists() {
        return Err(OpenError::SqliteMissing {
            path: PathBuf::from(path),
        });
    }
    Ok(url.to_owned())
}

/// Removes `user:password@` from a message so driver errors never leak credentials.
pub(crate) fn redact_url_credentials(text: &str, url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if u.password().is_some() => {
            let password = u.password().unwrap_or_default();
            text.replace(password, "***")
        }
        _ => text.to_owned(),
    }
}

pub(crate) async fn connect(
    url: &str,
    options: &OpenOptions,
) -> Result<(AnyPool, Backend), OpenError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)?;
    let driver_url = match backend {
        Backend::Sqlite => sqlite_url_for_open(url)?,
        Backend::Postgres => url.to_owned(),
    };
    let busy_ms = options.acquire_timeout.as_millis();
    let pool = AnyPoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.acquire_timeout)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; the busy timeout makes
                    // concurrent writers wait for the lock instead of failing at once.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str())
                        .await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect(&driver_url)
        .await
        .map_err(|e| OpenError::Connect {
            backend: backend.name(),
            message: redact_url_credentials(&e.to_string(), url),
        })?;
    Ok((pool, backend))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_backend() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        let err = Backend::from_url("mysql://u@h/db").unwrap_err();
        assert!(err.to_string().contains("\"mysql\""), "{err}");
    }

    #[test]
    fn mistyped_sqlite_path_is_refused() {
        let err = sqlite_url_for_open("sqlite:///nonexistent/dir/typo.db").unwrap_err();
        assert!(matches!(err, OpenError::SqliteMissing { .. }));
        assert!(err.to_string().contains("?mode=rwc"));
    }

    #[test]
    fn explicit_opt_in_and_memory_are_allowed() {
        assert!(sqlite_url_for_open("sqlite:///tmp/new.db?mode=rwc").is_ok());
        assert!(sqlite_url_for_open("sqlite::memory:").is_ok());
    }

    #[test]
    fn credentials_are_redacted() {
        let url = "postgres://app:hunter2@db.example/app";
        let msg = redact_url_credentials("failed for postgres://app:hunter2@db.example/app", url);
        assert!(!msg.contains("hunter2"), "{msg}");
    }
}
