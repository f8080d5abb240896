//! The coordinator shared through Redis. Every multi-step operation is one Lua script
//! (run with EVALSHA), and every time comes from the server (`TIME` inside the scripts,
//! `PX` expiries), so processes on several machines agree on one clock.
//!
//! Keys, all under `sv:{prefix}:` (the braces are a hash tag: on a cluster every key of one
//! deployment lands in the same slot):
//! `sessions` (set of names), `session:<name>` (hash: premium, alive_until, jobs, bytes,
//! cooldown_until, dead, chosen), `choice-seq` (numbers the choices), `peers:<name>` (set
//! of channel ids), `heavy:<host>` (sorted set of `<id>:<holder>` by expiry ms),
//! `heavy-seq`, `rate:<key>` (GCRA arrival time, µs),
//! `count:<YYYY-MM-DD>` (hash), `lock:<name>` (holder).
//! The session choice and listing read the per-session keys named in the `sessions` set, so
//! they rely on the single-slot layout above rather than on declared `KEYS`.

mod counters;
mod locks;
mod permits;
mod rate;
mod sessions;

use crate::{CoordError, CoordResult};
use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Client};
use std::time::Duration;

/// The Lua helpers every script starts with (`now_us`, `now_ms`, `num`).
macro_rules! script {
    ($file:literal) => {
        redis::Script::new(concat!(
            include_str!("scripts/prelude.lua"),
            include_str!(concat!("scripts/", $file))
        ))
    };
}
use script;

/// Coordination shared by every process that uses the same Redis and key prefix.
#[derive(Clone)]
pub struct RedisCoordinator {
    conn: ConnectionManager,
    base: String,
}

impl std::fmt::Debug for RedisCoordinator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCoordinator")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl RedisCoordinator {
    /// Connects to `url` (`redis://host:port/db`), keeping every key under `sv:{prefix}:`.
    /// The prefix is 1–64 characters of `[A-Za-z0-9_.-]`. Fails within a few seconds when
    /// the server cannot be reached; later drops are reconnected in the background.
    pub async fn connect(url: &str, prefix: &str) -> CoordResult<Self> {
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        if prefix.is_empty() || prefix.len() > 64 || !prefix.chars().all(valid) {
            return Err(CoordError::Invalid(format!(
                "bad Redis key prefix {prefix:?}"
            )));
        }
        let client =
            Client::open(url).map_err(|e| CoordError::Invalid(format!("bad Redis URL: {e}")))?;
        // The defaults would retry the first connection for minutes; fail fast instead.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_number_of_retries(2)
            .set_factor(2)
            .set_max_delay(500)
            .set_connection_timeout(Duration::from_secs(3))
            .set_response_timeout(Duration::from_secs(10));
        let conn = ConnectionManager::new_with_config(client, config).await?;
        Ok(RedisCoordinator {
            conn,
            base: format!("sv:{{{prefix}}}:"),
        })
    }

    /// Deletes every key under this coordinator's prefix (tests, resetting a deployment).
    /// Returns how many keys were deleted.
    pub async fn purge(&self) -> CoordResult<u64> {
        let mut conn = self.conn.clone();
        let pattern = format!("{}*", self.base);
        let (mut cursor, mut deleted) = (0u64, 0u64);
        loop {
            let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(&pattern)
                .arg("COUNT")
                .arg(500)
                .query_async(&mut conn)
                .await?;
            if !keys.is_empty() {
                deleted += conn.del::<_, u64>(keys).await?;
            }
            if next == 0 {
                return Ok(deleted);
            }
            cursor = next;
        }
    }

    /// The full name of a key below the prefix.
    fn key(&self, parts: &[&str]) -> String {
        let mut key = self.base.clone();
        key.push_str(&parts.join(":"));
        key
    }

    /// A connection handle (cheap: the manager multiplexes one connection).
    fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }
}

/// Milliseconds of a TTL for `PX`, which refuses zero.
fn px(d: Duration) -> i64 {
    crate::types::millis(d).max(1)
}
