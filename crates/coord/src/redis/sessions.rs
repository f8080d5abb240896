//! Worker-session registry of the Redis coordinator.

use super::{script, RedisCoordinator};
use crate::types::millis;
use crate::{CoordError, CoordResult, Requirements, SessionRegistry, SessionSpec, SessionState};
use async_trait::async_trait;
use redis::Script;
use std::sync::LazyLock;
use std::time::Duration;

static REGISTER: LazyLock<Script> = LazyLock::new(|| script!("session_register.lua"));
static TOUCH: LazyLock<Script> = LazyLock::new(|| script!("session_touch.lua"));
static LOAD: LazyLock<Script> = LazyLock::new(|| script!("session_load.lua"));
static COOLDOWN_LEFT: LazyLock<Script> = LazyLock::new(|| script!("session_cooldown_left.lua"));
static CHOOSE: LazyLock<Script> = LazyLock::new(|| script!("session_choose.lua"));
static LIST: LazyLock<Script> = LazyLock::new(|| script!("session_list.lua"));

/// One row of `session_list.lua`.
type Row = (String, u8, u8, u64, u64, u64, u8, String, u64);

impl RedisCoordinator {
    /// Runs one `session_touch.lua` operation on a registered session.
    async fn touch(&self, session: &str, op: &str, value: &str) -> CoordResult<()> {
        let done: i64 = TOUCH
            .key(self.key(&["session", session]))
            .key(self.key(&["peers", session]))
            .arg(op)
            .arg(value)
            .invoke_async(&mut self.conn())
            .await?;
        known(session, done)
    }
}

impl RedisCoordinator {
    /// Runs `session_choose.lua`, restricted to `among` when given.
    async fn choose_filtered(
        &self,
        req: &Requirements,
        among: Option<&[String]>,
    ) -> CoordResult<Option<String>> {
        let peer = req.needs_peer.map(|p| p.to_string()).unwrap_or_default();
        let mut call = CHOOSE.key(self.key(&["sessions"]));
        call.arg(&self.base)
            .arg(u8::from(req.needs_premium))
            .arg(peer)
            .arg(u8::from(among.is_some()));
        for name in among.unwrap_or_default() {
            call.arg(name);
        }
        Ok(call.invoke_async(&mut self.conn()).await?)
    }
}

/// Maps a script's "unknown session" answer (0) to the error.
fn known(session: &str, done: i64) -> CoordResult<()> {
    match done {
        0 => Err(CoordError::UnknownSession(session.to_owned())),
        _ => Ok(()),
    }
}

#[async_trait]
impl SessionRegistry for RedisCoordinator {
    async fn register(&self, session: &str, spec: SessionSpec, ttl: Duration) -> CoordResult<()> {
        let () = REGISTER
            .key(self.key(&["sessions"]))
            .key(self.key(&["session", session]))
            .arg(session)
            .arg(u8::from(spec.premium))
            .arg(millis(ttl))
            .invoke_async(&mut self.conn())
            .await?;
        Ok(())
    }

    async fn heartbeat(&self, session: &str, ttl: Duration) -> CoordResult<()> {
        self.touch(session, "heartbeat", &millis(ttl).to_string())
            .await
    }

    async fn deregister(&self, session: &str) -> CoordResult<()> {
        self.touch(session, "deregister", "").await
    }

    async fn note_peer(&self, session: &str, channel: i64) -> CoordResult<()> {
        self.touch(session, "peer", &channel.to_string()).await
    }

    async fn add_load(&self, session: &str, jobs: i64, bytes: i64) -> CoordResult<()> {
        let done: i64 = LOAD
            .key(self.key(&["session", session]))
            .arg(jobs)
            .arg(bytes)
            .invoke_async(&mut self.conn())
            .await?;
        known(session, done)
    }

    async fn choose(&self, req: &Requirements) -> CoordResult<Option<String>> {
        self.choose_filtered(req, None).await
    }

    async fn choose_among(
        &self,
        req: &Requirements,
        among: &[String],
    ) -> CoordResult<Option<String>> {
        self.choose_filtered(req, Some(among)).await
    }

    async fn cooldown(&self, session: &str, wait: Duration) -> CoordResult<()> {
        self.touch(session, "cooldown", &millis(wait).to_string())
            .await
    }

    async fn cooldown_remaining(&self, session: &str) -> CoordResult<Option<Duration>> {
        let left: i64 = COOLDOWN_LEFT
            .key(self.key(&["session", session]))
            .invoke_async(&mut self.conn())
            .await?;
        match left {
            ..0 => Err(CoordError::UnknownSession(session.to_owned())),
            0 => Ok(None),
            ms => Ok(Some(Duration::from_millis(ms.unsigned_abs()))),
        }
    }

    async fn mark_dead(&self, session: &str, reason: &str) -> CoordResult<()> {
        self.touch(session, "dead", reason).await
    }

    async fn sessions(&self) -> CoordResult<Vec<SessionState>> {
        let rows: Vec<Row> = LIST
            .key(self.key(&["sessions"]))
            .arg(&self.base)
            .invoke_async(&mut self.conn())
            .await?;
        let mut states: Vec<SessionState> = rows
            .into_iter()
            .map(
                |(id, premium, alive, jobs, bytes, left, dead, reason, peers)| SessionState {
                    id,
                    premium: premium == 1,
                    alive: alive == 1,
                    jobs,
                    bytes,
                    cooldown: (left > 0).then(|| Duration::from_millis(left)),
                    dead: (dead == 1).then_some(reason),
                    peers,
                },
            )
            .collect();
        states.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(states)
    }
}
