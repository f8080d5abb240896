//! The sandbox handle: one world in memory, persisted under a directory.

use crate::clock::{Clock, SystemClock};
use crate::config::SandboxConfig;
use crate::files::FileStore;
use crate::limiter::Limiter;
use crate::model::World;
use crate::persist::{self, PersistError};
use crate::seed;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;

/// Why the sandbox could not be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// Reading or writing the snapshot failed.
    #[error(transparent)]
    Persist(#[from] PersistError),
    /// File system error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub(crate) struct Inner {
    pub(crate) dir: PathBuf,
    world: Mutex<World>,
    limiter: Mutex<Limiter>,
    changed: Notify,
    dirty: AtomicBool,
    pub(crate) files: FileStore,
    pub(crate) config: SandboxConfig,
    pub(crate) clock: Arc<dyn Clock>,
}

/// A simulated Telegram. Cheap to clone; all clones share one world.
#[derive(Clone)]
pub struct Sandbox {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

/// Snapshot file name inside the sandbox directory.
pub const WORLD_FILE: &str = "world.json";

impl Sandbox {
    /// Opens the world in `dir` with default settings and the system clock; a new
    /// directory gets the default world (one bot, one user, two workers, one channel).
    pub fn open(dir: &Path) -> Result<Self, SandboxError> {
        Self::open_with(dir, SandboxConfig::default(), Arc::new(SystemClock))
    }

    /// Opens the world in `dir` with explicit settings and clock.
    pub fn open_with(
        dir: &Path,
        config: SandboxConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(dir)?;
        let files = FileStore::open(&dir.join("files"))?;
        let path = dir.join(WORLD_FILE);
        let world = match persist::load::<World>(&path)? {
            Some(world) => world,
            None => {
                let world = seed::default_world(&mut rand::thread_rng());
                persist::save(&path, &world)?;
                world
            }
        };
        Ok(Self {
            inner: Arc::new(Inner {
                dir: dir.to_owned(),
                world: Mutex::new(world),
                limiter: Mutex::new(Limiter::default()),
                changed: Notify::new(),
                dirty: AtomicBool::new(false),
                files,
                config,
                clock,
            }),
        })
    }

    /// The sandbox directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The settings in force.
    pub fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    /// Current time in Unix milliseconds, from the sandbox clock.
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves a consistent-enough world for a simulator.
        self.inner
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reads the world.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the world when `f` succeeds, then saves it and wakes long polls.
    /// A refused change (`Err`) still keeps what `f` did (counters) but is not saved now.
    pub(crate) fn write<R, E: From<PersistError>>(
        &self,
        f: impl FnOnce(&mut World) -> Result<R, E>,
    ) -> Result<R, E> {
        let result = {
            let mut world = self.lock();
            let result = f(&mut world);
            if result.is_ok() {
                persist::save(&self.inner.dir.join(WORLD_FILE), &*world)?;
                self.inner.dirty.store(false, Ordering::SeqCst);
            }
            result
        };
        if result.is_ok() {
            self.inner.changed.notify_waiters();
        }
        result
    }

    /// Changes counters only: kept in memory and saved with the next [`Self::write`] or
    /// [`Self::flush`], so hot paths (every `getFile` chunk) do not rewrite the snapshot.
    pub(crate) fn touch<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let result = f(&mut self.lock());
        self.inner.dirty.store(true, Ordering::SeqCst);
        result
    }

    /// Saves the world if counters changed since the last save.
    pub fn flush(&self) -> Result<(), SandboxError> {
        if self.inner.dirty.swap(false, Ordering::SeqCst) {
            persist::save(&self.inner.dir.join(WORLD_FILE), &*self.lock())?;
        }
        Ok(())
    }

    /// Takes one token from each bucket, or returns the seconds to wait.
    pub(crate) fn take_rate(&self, keys: &[(String, crate::config::Rate)]) -> Result<(), u32> {
        let now = self.now_ms();
        self.inner
            .limiter
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(keys, now)
    }

    /// Polls `check` until it yields something or `timeout` passes, waking on changes.
    pub(crate) async fn wait_for<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&Sandbox) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = check(self) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return check(self);
            }
        }
    }
}
