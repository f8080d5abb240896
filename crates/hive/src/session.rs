//! The worker sessions one hive process drives, and what it knows about them locally.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use streamvault_coord::{CoordError, Coordinator, SessionSpec};
use streamvault_telegram::WorkerPort;
use tokio::time::Instant;

/// One Telegram account session the hive can give work to.
#[derive(Clone)]
pub struct WorkerSession {
    /// Name in the coordinator, unique across every hive process sharing it.
    pub name: String,
    /// The session's Telegram port.
    pub port: Arc<dyn WorkerPort>,
    /// The account has Premium (uploads up to 4 GB).
    pub premium: bool,
    /// Channels whose peer the session has (reported to the coordinator at start).
    pub peers: Vec<i64>,
}

impl WorkerSession {
    /// A session without reported peers.
    pub fn new(name: impl Into<String>, port: Arc<dyn WorkerPort>, premium: bool) -> Self {
        WorkerSession {
            name: name.into(),
            port,
            premium,
            peers: Vec::new(),
        }
    }

    /// The same session, reporting the peers of `channels`.
    pub fn with_peers(mut self, channels: impl IntoIterator<Item = i64>) -> Self {
        self.peers.extend(channels);
        self
    }
}

impl std::fmt::Debug for WorkerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerSession")
            .field("name", &self.name)
            .field("premium", &self.premium)
            .field("peers", &self.peers)
            .finish_non_exhaustive()
    }
}

/// Whether any local session could take a job now (local knowledge: the cooldowns and
/// deaths this process itself reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Availability {
    /// At least one session is neither cooling nor dead.
    Ready,
    /// Every live session is cooling until at least this instant.
    CoolingUntil(Instant),
    /// Every session is dead.
    AllDead,
}

#[derive(Debug, Default, Clone, Copy)]
struct Local {
    cooling_until: Option<Instant>,
    dead: bool,
}

/// The process's sessions by name, with their local state.
pub(crate) struct LocalSessions {
    by_name: BTreeMap<String, WorkerSession>,
    names: Vec<String>,
    state: Mutex<BTreeMap<String, Local>>,
}

impl LocalSessions {
    pub(crate) fn new(sessions: Vec<WorkerSession>) -> Self {
        let by_name: BTreeMap<String, WorkerSession> =
            sessions.into_iter().map(|s| (s.name.clone(), s)).collect();
        let names: Vec<String> = by_name.keys().cloned().collect();
        let state = names
            .iter()
            .map(|n| (n.clone(), Local::default()))
            .collect();
        LocalSessions {
            by_name,
            names,
            state: Mutex::new(state),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&WorkerSession> {
        self.by_name.get(name)
    }

    /// Every name, sorted.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    fn with_state<R>(&self, f: impl FnOnce(&mut BTreeMap<String, Local>) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn note_cooldown(&self, name: &str, wait: Duration) {
        let until = Instant::now() + wait;
        self.with_state(|s| {
            if let Some(l) = s.get_mut(name) {
                l.cooling_until = Some(l.cooling_until.map_or(until, |u| u.max(until)));
            }
        });
    }

    pub(crate) fn note_dead(&self, name: &str) {
        self.with_state(|s| {
            if let Some(l) = s.get_mut(name) {
                l.dead = true;
            }
        });
    }

    pub(crate) fn is_cooling(&self, name: &str) -> bool {
        let now = Instant::now();
        self.with_state(|s| {
            s.get(name)
                .and_then(|l| l.cooling_until)
                .is_some_and(|u| u > now)
        })
    }

    fn is_dead(&self, name: &str) -> bool {
        self.with_state(|s| s.get(name).is_some_and(|l| l.dead))
    }

    pub(crate) fn availability(&self) -> Availability {
        let now = Instant::now();
        self.with_state(|s| {
            let live: Vec<&Local> = s.values().filter(|l| !l.dead).collect();
            if live.is_empty() {
                return Availability::AllDead;
            }
            let cooling: Option<Vec<Instant>> = live
                .iter()
                .map(|l| l.cooling_until.filter(|u| *u > now))
                .collect();
            match cooling.and_then(|c| c.into_iter().min()) {
                Some(until) => Availability::CoolingUntil(until),
                None => Availability::Ready,
            }
        })
    }

    /// Registers every session (alive for `ttl`) and reports its peers.
    pub(crate) async fn register_all(
        &self,
        coord: &dyn Coordinator,
        ttl: Duration,
    ) -> Result<(), CoordError> {
        for s in self.by_name.values() {
            self.register_one(coord, s, ttl).await?;
        }
        Ok(())
    }

    async fn register_one(
        &self,
        coord: &dyn Coordinator,
        s: &WorkerSession,
        ttl: Duration,
    ) -> Result<(), CoordError> {
        let spec = SessionSpec { premium: s.premium };
        coord.register(&s.name, spec, ttl).await?;
        for peer in &s.peers {
            coord.note_peer(&s.name, *peer).await?;
        }
        Ok(())
    }

    /// Keeps every live session alive; registers again a session the coordinator forgot.
    pub(crate) async fn heartbeat_all(&self, coord: &dyn Coordinator, ttl: Duration) {
        for s in self.by_name.values().filter(|s| !self.is_dead(&s.name)) {
            let result = match coord.heartbeat(&s.name, ttl).await {
                Err(CoordError::UnknownSession(_)) => self.register_one(coord, s, ttl).await,
                other => other,
            };
            if let Err(e) = result {
                tracing::warn!(session = %s.name, error = %e, "session heartbeat failed");
            }
        }
    }

    /// Takes every session out of rotation (shutdown).
    pub(crate) async fn deregister_all(&self, coord: &dyn Coordinator) {
        for name in &self.names {
            if let Err(e) = coord.deregister(name).await {
                tracing::warn!(session = %name, error = %e, "deregistering failed");
            }
        }
    }
}
