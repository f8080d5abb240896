//! Swarm coordination for StreamVault (SPEC.md §8): what the hive processes share and
//! need fast. Worker-session load and FloodWait cooldowns, heavy-task permits, rate
//! limits, daily counters and TTL locks. Durable jobs live in the store, not here.
//!
//! One trait per concern; [`Coordinator`] is all of them and is what the product holds
//! as `Arc<dyn Coordinator>` (its methods are callable as is; on a concrete type, bring
//! the concern traits into scope with `use streamvault_coord::prelude::*`).
//! [`InProcessCoordinator`] serves one process; [`RedisCoordinator`] shares the same
//! state between processes and machines.

mod clock;
mod error;
mod in_process;
mod redis;
mod types;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{CoordError, CoordResult};
pub use in_process::InProcessCoordinator;
pub use redis::RedisCoordinator;
pub use types::{
    HeavyPermit, Rate, RateDecision, Requirements, SessionSpec, SessionState,
    DEFAULT_HEAVY_TASK_LIMIT,
};

use async_trait::async_trait;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::time::Duration;

/// The concern traits, to call coordinator methods on a concrete implementation.
pub mod prelude {
    pub use crate::{
        Coordinator, DailyCounters, HeavyPermits, RateLimiter, SessionRegistry, TtlLocks,
    };
}

/// Every coordination service together. Implemented for any type that has them all.
pub trait Coordinator:
    SessionRegistry + HeavyPermits + RateLimiter + DailyCounters + TtlLocks
{
}

impl<T: SessionRegistry + HeavyPermits + RateLimiter + DailyCounters + TtlLocks> Coordinator for T {}

/// The registry of worker sessions: liveness, load, cooldowns, bans and the least-busy
/// choice. Every call except `register`/`sessions` fails with
/// [`CoordError::UnknownSession`] for a session that was never registered.
#[async_trait]
pub trait SessionRegistry: Send + Sync {
    /// Registers (or re-registers after a restart) a session: alive for `ttl`, load reset
    /// to zero, dead mark cleared (it is logged in again). Its cooldown and peers are kept:
    /// they belong to the Telegram account, not to the process.
    async fn register(&self, session: &str, spec: SessionSpec, ttl: Duration) -> CoordResult<()>;
    /// Keeps the session alive for another `ttl` from now.
    async fn heartbeat(&self, session: &str, ttl: Duration) -> CoordResult<()>;
    /// Takes the session out of rotation at once (graceful shutdown); it stays listed.
    async fn deregister(&self, session: &str) -> CoordResult<()>;
    /// Records that the session has the channel's peer (it can post to / read from it).
    async fn note_peer(&self, session: &str, channel: i64) -> CoordResult<()>;
    /// Adds to (or, with negative values, subtracts from) the session's jobs and bytes in
    /// flight. Loads never go below zero.
    async fn add_load(&self, session: &str, jobs: i64, bytes: i64) -> CoordResult<()>;
    /// Picks the least-busy eligible session (fewest jobs, then fewest bytes, then the one
    /// chosen least recently, then lowest name) and reserves one job on it in the same
    /// atomic step, so concurrent choosers spread out and ties rotate instead of piling
    /// onto one session. `None` when no session is eligible. The caller releases the
    /// reservation with `add_load(session, -1, 0)` when the job leaves the session.
    async fn choose(&self, req: &Requirements) -> CoordResult<Option<String>>;
    /// Like [`SessionRegistry::choose`], but only among the sessions named in `among`
    /// (a hive process can only drive the sessions it is logged in to). Names that were
    /// never registered are ignored; `None` when none of the listed sessions is eligible.
    async fn choose_among(
        &self,
        req: &Requirements,
        among: &[String],
    ) -> CoordResult<Option<String>>;
    /// Puts the session in cooldown (FloodWait) for `wait`, seen by every process sharing
    /// the backend. A shorter cooldown never cuts a longer one short.
    async fn cooldown(&self, session: &str, wait: Duration) -> CoordResult<()>;
    /// Time left in the session's cooldown, `None` when it is not cooling down.
    async fn cooldown_remaining(&self, session: &str) -> CoordResult<Option<Duration>>;
    /// Takes the session out of rotation for good (banned, deauthorized) with a reason.
    async fn mark_dead(&self, session: &str, reason: &str) -> CoordResult<()>;
    /// Every known session with its state, sorted by name (diagnostics).
    async fn sessions(&self) -> CoordResult<Vec<SessionState>>;
}

/// Per-host permits for heavy tasks. A permit lapses `ttl` after its last grant or
/// refresh, so the permits of a holder that died are freed without it.
#[async_trait]
pub trait HeavyPermits: Send + Sync {
    /// Grants a permit on `host` to `holder` when fewer than `limit` live permits exist
    /// (atomically, expired ones dropped first); `None` when the host is full.
    async fn acquire_heavy(
        &self,
        host: &str,
        holder: &str,
        limit: u32,
        ttl: Duration,
    ) -> CoordResult<Option<HeavyPermit>>;
    /// Extends the permit to `ttl` from now. `false` when it had already lapsed (it is
    /// gone: stop the heavy work or acquire again).
    async fn refresh_heavy(&self, permit: &HeavyPermit, ttl: Duration) -> CoordResult<bool>;
    /// Gives the permit back. `false` when it had already lapsed or been released.
    async fn release_heavy(&self, permit: &HeavyPermit) -> CoordResult<bool>;
    /// The host's live permits, sorted by id (diagnostics; `len()` is the count in use).
    async fn heavy_permits(&self, host: &str) -> CoordResult<Vec<HeavyPermit>>;
}

/// A keyed rate limiter (GCRA: `rate.count` events per `rate.period`, bursts up to
/// `rate.count`).
#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one event for `key` if it fits the rate, or says how long to wait.
    async fn check_rate(&self, key: &str, rate: Rate) -> CoordResult<RateDecision>;
}

/// Counters per UTC day and key (visitors per tenant, bytes served), rolled up by a job.
#[async_trait]
pub trait DailyCounters: Send + Sync {
    /// Adds `by` to the counter and returns its new value.
    async fn incr_counter(&self, day: NaiveDate, key: &str, by: i64) -> CoordResult<i64>;
    /// The counter's value (0 when never counted).
    async fn counter(&self, day: NaiveDate, key: &str) -> CoordResult<i64>;
    /// Every counter of the day, removed in the same atomic step (for the roll-up job:
    /// an increment lands either in this result or in the next one, never lost).
    async fn take_day(&self, day: NaiveDate) -> CoordResult<BTreeMap<String, i64>>;
}

/// Named locks that lapse after a TTL, for scheduled jobs that must run on one process.
#[async_trait]
pub trait TtlLocks: Send + Sync {
    /// Takes the lock for `ttl`; `true` when `holder` now has it (also when it already
    /// had it: the TTL is then renewed), `false` when someone else holds it.
    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> CoordResult<bool>;
    /// Releases the lock if `holder` has it; `false` otherwise (nothing changes).
    async fn unlock(&self, name: &str, holder: &str) -> CoordResult<bool>;
}
