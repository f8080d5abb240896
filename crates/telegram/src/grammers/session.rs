//! A grammers session stored as a JSON file (written atomically after every change), so
//! authorization keys and the access hashes learned from updates survive restarts
//! without the libsql C build that grammers' SQLite storage needs.

use grammers_session::types::{DcOption, PeerId, PeerInfo, UpdateState, UpdatesState};
use grammers_session::{BoxFuture, Session, SessionData};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Why the session file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FileSessionError {
    /// Reading or writing the file failed.
    #[error("session file {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        reason: String,
    },
    /// A thread panicked while holding the session.
    #[error("session lock poisoned")]
    Poisoned,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    home_dc: i32,
    dc_options: Vec<DcOption>,
    peers: Vec<PeerInfo>,
    updates_state: UpdatesState,
}

/// A session persisted in one JSON file. It holds secrets (authorization keys): keep the
/// file private.
pub struct FileSession {
    path: PathBuf,
    data: Mutex<SessionData>,
}

impl FileSession {
    /// Opens the session at `path`, or starts an empty one that will be written there.
    pub fn open(path: &Path) -> Result<Self, FileSessionError> {
        let io = |e: &dyn std::fmt::Display| FileSessionError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let mut data = SessionData::default();
        match std::fs::read(path) {
            Ok(bytes) => {
                let s: Stored = serde_json::from_slice(&bytes).map_err(|e| io(&e))?;
                data.home_dc = s.home_dc;
                data.dc_options
                    .extend(s.dc_options.into_iter().map(|o| (o.id, o)));
                data.peer_infos = s.peers.into_iter().map(|p| (p.id(), p)).collect();
                data.updates_state = s.updates_state;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&e)),
        }
        Ok(Self {
            path: path.to_owned(),
            data: Mutex::new(data),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, SessionData>, FileSessionError> {
        self.data.lock().map_err(|_| FileSessionError::Poisoned)
    }

    /// Changes the data and writes the file (temporary file, sync, rename).
    fn update(&self, f: impl FnOnce(&mut SessionData)) -> Result<(), FileSessionError> {
        let mut data = self.lock()?;
        f(&mut data);
        let stored = Stored {
            home_dc: data.home_dc,
            dc_options: data.dc_options.values().cloned().collect(),
            peers: data.peer_infos.values().cloned().collect(),
            updates_state: data.updates_state.clone(),
        };
        let io = |e: &dyn std::fmt::Display| FileSessionError::Io {
            path: self.path.display().to_string(),
            reason: e.to_string(),
        };
        let bytes = serde_json::to_vec(&stored).map_err(|e| io(&e))?;
        let temp = self.path.with_extension("session.tmp");
        let mut file = std::fs::File::create(&temp).map_err(|e| io(&e))?;
        file.write_all(&bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| io(&e))?;
        std::fs::rename(&temp, &self.path).map_err(|e| io(&e))
    }

    /// Number of cached peers (for diagnostics and tests).
    pub fn cached_peers(&self) -> usize {
        self.lock().map(|d| d.peer_infos.len()).unwrap_or(0)
    }
}

impl Session for FileSession {
    type Error = FileSessionError;

    fn home_dc_id(&self) -> Result<i32, Self::Error> {
        Ok(self.lock()?.home_dc)
    }

    fn set_home_dc_id(&self, dc_id: i32) -> BoxFuture<'_, Result<(), Self::Error>> {
        Box::pin(async move { self.update(|d| d.home_dc = dc_id) })
    }

    fn dc_option(&self, dc_id: i32) -> Result<Option<DcOption>, Self::Error> {
        Ok(self.lock()?.dc_options.get(&dc_id).cloned())
    }

    fn set_dc_option(&self, dc_option: &DcOption) -> BoxFuture<'_, Result<(), Self::Error>> {
        let option = dc_option.clone();
        Box::pin(async move {
            self.update(|d| {
                d.dc_options.insert(option.id, option);
            })
        })
    }

    fn peer(&self, peer: PeerId) -> BoxFuture<'_, Result<Option<PeerInfo>, Self::Error>> {
        Box::pin(async move { Ok(self.lock()?.peer_infos.get(&peer).cloned()) })
    }

    fn cache_peer(&self, peer: PeerInfo) -> BoxFuture<'_, Result<(), Self::Error>> {
        Box::pin(async move { self.update(|d| merge(d, peer)) })
    }

    fn cache_peers(&self, peers: Vec<PeerInfo>) -> BoxFuture<'_, Result<(), Self::Error>> {
        Box::pin(async move {
            if peers.is_empty() {
                return Ok(());
            }
            self.update(|d| peers.into_iter().for_each(|p| merge(d, p)))
        })
    }

    fn updates_state(&self) -> BoxFuture<'_, Result<UpdatesState, Self::Error>> {
        Box::pin(async move { Ok(self.lock()?.updates_state.clone()) })
    }

    fn set_update_state(&self, update: UpdateState) -> BoxFuture<'_, Result<(), Self::Error>> {
        Box::pin(async move {
            self.update(|d| match update {
                UpdateState::All(s) => d.updates_state = s,
                UpdateState::Primary { pts, date, seq } => {
                    d.updates_state.pts = pts;
                    d.updates_state.date = date;
                    d.updates_state.seq = seq;
                }
                UpdateState::Secondary { qts } => d.updates_state.qts = qts,
                UpdateState::Channel { id, pts } => {
                    d.updates_state.channels.retain(|c| c.id != id);
                    d.updates_state
                        .channels
                        .push(grammers_session::types::ChannelState { id, pts });
                }
            })
        })
    }
}

fn merge(d: &mut SessionData, peer: PeerInfo) {
    d.peer_infos
        .entry(peer.id())
        .or_insert_with(|| peer.clone())
        .extend_info(&peer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_session::types::{ChannelKind, PeerAuth};

    #[tokio::test]
    async fn peers_and_dc_survive_reopening() {
        let dir = std::env::temp_dir().join(format!("sv-session-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("w1.session");
        let _ = std::fs::remove_file(&path);
        let s = FileSession::open(&path).expect("open");
        let id = PeerId::channel(1_234_567).expect("channel id");
        let peer = PeerInfo::Channel {
            id: 1_234_567,
            auth: Some(PeerAuth::from_hash(99)),
            kind: Some(ChannelKind::Broadcast),
        };
        s.cache_peers(vec![peer]).await.expect("cache");
        s.set_home_dc_id(4).await.expect("dc");
        let again = FileSession::open(&path).expect("reopen");
        assert_eq!(again.home_dc_id().expect("dc"), 4);
        let found = again.peer_ref(id).await.expect("peer ref").expect("cached");
        assert_eq!(found.auth.hash(), 99);
        assert!(
            again.dc_option(2).expect("dc option").is_some(),
            "known DCs stay available"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
