//! The coordinator for a single process: all state behind mutexes, time from a [`Clock`].
//! Clones share the same state.

mod counters;
mod locks;
mod permits;
mod rate;
mod sessions;

use crate::Clock;
use std::sync::{Arc, Mutex, MutexGuard};

/// Coordination within one process (the default when no Redis is configured).
#[derive(Clone)]
pub struct InProcessCoordinator {
    inner: Arc<Inner>,
}

struct Inner {
    clock: Box<dyn Clock>,
    sessions: Mutex<sessions::Table>,
    permits: Mutex<permits::Table>,
    rates: Mutex<rate::Table>,
    counters: Mutex<counters::Table>,
    locks: Mutex<locks::Table>,
}

impl InProcessCoordinator {
    /// A coordinator that reads time from `clock`.
    pub fn new(clock: impl Clock + 'static) -> Self {
        InProcessCoordinator {
            inner: Arc::new(Inner {
                clock: Box::new(clock),
                sessions: Mutex::default(),
                permits: Mutex::default(),
                rates: Mutex::default(),
                counters: Mutex::default(),
                locks: Mutex::default(),
            }),
        }
    }

    /// Now, in microseconds since the epoch.
    fn now_micros(&self) -> i64 {
        self.inner.clock.now_micros()
    }

    /// Now, in milliseconds since the epoch.
    fn now_ms(&self) -> i64 {
        self.now_micros().div_euclid(1000)
    }
}

impl std::fmt::Debug for InProcessCoordinator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessCoordinator")
            .finish_non_exhaustive()
    }
}

/// Locks a table. Every update leaves its table consistent before it can panic, so a
/// poisoned lock is still safe to use.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
