//! Worker-session registry of the in-process coordinator.

use super::{lock, InProcessCoordinator};
use crate::types::millis;
use crate::{CoordError, CoordResult, Requirements, SessionRegistry, SessionSpec, SessionState};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

/// Every session ever registered, by name.
#[derive(Default)]
pub(super) struct Table(BTreeMap<String, Record>);

#[derive(Default)]
struct Record {
    premium: bool,
    alive_until_ms: i64,
    jobs: u64,
    bytes: u64,
    cooldown_until_ms: i64,
    dead: Option<String>,
    peers: HashSet<i64>,
    /// Order of the last choice of this session (0: never chosen), for the tie-break.
    chosen: u64,
}

impl Record {
    fn state(&self, id: &str, now_ms: i64) -> SessionState {
        let left = self.cooldown_until_ms - now_ms;
        SessionState {
            id: id.to_owned(),
            premium: self.premium,
            alive: self.alive_until_ms > now_ms,
            jobs: self.jobs,
            bytes: self.bytes,
            cooldown: (left > 0).then(|| Duration::from_millis(left.unsigned_abs())),
            dead: self.dead.clone(),
            peers: self.peers.len() as u64,
        }
    }
}

impl Table {
    fn get(&mut self, id: &str) -> CoordResult<&mut Record> {
        self.0
            .get_mut(id)
            .ok_or_else(|| CoordError::UnknownSession(id.to_owned()))
    }
}

/// `value + delta`, kept within `0..=u64::MAX`.
fn saturating_add(value: u64, delta: i64) -> u64 {
    if delta >= 0 {
        value.saturating_add(delta.unsigned_abs())
    } else {
        value.saturating_sub(delta.unsigned_abs())
    }
}

#[async_trait]
impl SessionRegistry for InProcessCoordinator {
    async fn register(&self, session: &str, spec: SessionSpec, ttl: Duration) -> CoordResult<()> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.sessions);
        let record = table.0.entry(session.to_owned()).or_default();
        record.premium = spec.premium;
        record.alive_until_ms = now.saturating_add(millis(ttl));
        record.jobs = 0;
        record.bytes = 0;
        record.dead = None;
        Ok(())
    }

    async fn heartbeat(&self, session: &str, ttl: Duration) -> CoordResult<()> {
        let now = self.now_ms();
        lock(&self.inner.sessions).get(session)?.alive_until_ms = now.saturating_add(millis(ttl));
        Ok(())
    }

    async fn deregister(&self, session: &str) -> CoordResult<()> {
        lock(&self.inner.sessions).get(session)?.alive_until_ms = 0;
        Ok(())
    }

    async fn note_peer(&self, session: &str, channel: i64) -> CoordResult<()> {
        lock(&self.inner.sessions)
            .get(session)?
            .peers
            .insert(channel);
        Ok(())
    }

    async fn add_load(&self, session: &str, jobs: i64, bytes: i64) -> CoordResult<()> {
        let mut table = lock(&self.inner.sessions);
        let record = table.get(session)?;
        record.jobs = saturating_add(record.jobs, jobs);
        record.bytes = saturating_add(record.bytes, bytes);
        Ok(())
    }

    async fn choose(&self, req: &Requirements) -> CoordResult<Option<String>> {
        self.choose_filtered(req, None)
    }

    async fn choose_among(
        &self,
        req: &Requirements,
        among: &[String],
    ) -> CoordResult<Option<String>> {
        self.choose_filtered(req, Some(among))
    }

    async fn cooldown(&self, session: &str, wait: Duration) -> CoordResult<()> {
        let until = self.now_ms().saturating_add(millis(wait));
        let mut table = lock(&self.inner.sessions);
        let record = table.get(session)?;
        record.cooldown_until_ms = record.cooldown_until_ms.max(until);
        Ok(())
    }

    async fn cooldown_remaining(&self, session: &str) -> CoordResult<Option<Duration>> {
        let now = self.now_ms();
        Ok(lock(&self.inner.sessions)
            .get(session)?
            .state(session, now)
            .cooldown)
    }

    async fn mark_dead(&self, session: &str, reason: &str) -> CoordResult<()> {
        lock(&self.inner.sessions).get(session)?.dead = Some(reason.to_owned());
        Ok(())
    }

    async fn sessions(&self) -> CoordResult<Vec<SessionState>> {
        let now = self.now_ms();
        let table = lock(&self.inner.sessions);
        Ok(table.0.iter().map(|(id, r)| r.state(id, now)).collect())
    }
}

impl InProcessCoordinator {
    /// The least-busy eligible session, among `among` when given; reserves one job on it.
    fn choose_filtered(
        &self,
        req: &Requirements,
        among: Option<&[String]>,
    ) -> CoordResult<Option<String>> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.sessions);
        let best = table
            .0
            .iter()
            .filter(|(id, _)| among.is_none_or(|names| names.iter().any(|n| n == *id)))
            .filter(|(id, r)| {
                let has_peer = req.needs_peer.is_some_and(|peer| r.peers.contains(&peer));
                r.state(id, now).is_eligible(req, has_peer)
            })
            .min_by_key(|(id, r)| (r.jobs, r.bytes, r.chosen, id.as_str()))
            .map(|(id, _)| id.clone());
        if let Some(id) = &best {
            let order = table.0.values().map(|r| r.chosen).max().unwrap_or(0) + 1;
            let record = table.get(id)?;
            record.jobs = record.jobs.saturating_add(1);
            record.chosen = order;
        }
        Ok(best)
    }
}
