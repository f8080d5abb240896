//! aria2's status objects. aria2 sends every number as a decimal string.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use super::error::Aria2Error;

/// The `status` field of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Downloading or seeding.
    Active,
    /// Queued.
    Waiting,
    /// Paused.
    Paused,
    /// Stopped with an error.
    Error,
    /// Finished.
    Complete,
    /// Removed by a user.
    Removed,
}

/// One file of a download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Where aria2 writes it.
    pub path: PathBuf,
    /// Its size in bytes.
    pub length: u64,
    /// Bytes done.
    pub completed: u64,
}

/// The fields of `aria2.tellStatus` this crate uses, with numbers parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadStatus {
    /// The download's GID.
    pub gid: String,
    /// Its state.
    pub state: State,
    /// Total bytes (0 until known).
    pub total: u64,
    /// Bytes done.
    pub completed: u64,
    /// Bytes per second.
    pub speed: u64,
    /// `errorCode` when it stopped (`"0"` for success).
    pub error_code: Option<String>,
    /// `errorMessage` when it stopped with an error.
    pub error_message: Option<String>,
    /// GIDs of the downloads this one turned into (torrent/magnet metadata → content).
    pub followed_by: Vec<String>,
    /// Its files.
    pub files: Vec<FileEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawStatus {
    gid: String,
    status: String,
    #[serde(default)]
    total_length: Option<String>,
    #[serde(default)]
    completed_length: Option<String>,
    #[serde(default)]
    download_speed: Option<String>,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
    #[serde(default)]
    followed_by: Vec<String>,
    #[serde(default)]
    files: Vec<RawFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    path: String,
    #[serde(default)]
    length: Option<String>,
    #[serde(default)]
    completed_length: Option<String>,
}

fn num(field: &str, v: Option<&String>) -> Result<u64, Aria2Error> {
    match v {
        None => Ok(0),
        Some(s) => s
            .parse()
            .map_err(|_| Aria2Error::BadResponse(format!("{field} is not a number: {s:?}"))),
    }
}

impl DownloadStatus {
    /// Parses a `tellStatus` result.
    pub fn from_json(v: Value) -> Result<Self, Aria2Error> {
        let raw: RawStatus = serde_json::from_value(v)
            .map_err(|e| Aria2Error::BadResponse(format!("tellStatus: {e}")))?;
        let state = match raw.status.as_str() {
            "active" => State::Active,
            "waiting" => State::Waiting,
            "paused" => State::Paused,
            "error" => State::Error,
            "complete" => State::Complete,
            "removed" => State::Removed,
            other => return Err(Aria2Error::BadResponse(format!("status {other:?}"))),
        };
        let files = raw
            .files
            .iter()
            .map(|f| {
                Ok(FileEntry {
                    path: PathBuf::from(&f.path),
                    length: num("length", f.length.as_ref())?,
                    completed: num("completedLength", f.completed_length.as_ref())?,
                })
            })
            .collect::<Result<_, Aria2Error>>()?;
        Ok(DownloadStatus {
            total: num("totalLength", raw.total_length.as_ref())?,
            completed: num("completedLength", raw.completed_length.as_ref())?,
            speed: num("downloadSpeed", raw.download_speed.as_ref())?,
            gid: raw.gid,
            state,
            error_code: raw.error_code,
            error_message: raw.error_message,
            followed_by: raw.followed_by,
            files,
        })
    }
}

/// `aria2.getGlobalStat`, numbers parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalStat {
    /// Overall download speed, bytes per second.
    pub download_speed: u64,
    /// Active downloads.
    pub num_active: u64,
    /// Waiting downloads.
    pub num_waiting: u64,
    /// Stopped downloads (in this session).
    pub num_stopped: u64,
}

impl GlobalStat {
    /// Parses a `getGlobalStat` result.
    pub fn from_json(v: Value) -> Result<Self, Aria2Error> {
        let field = |k: &str| {
            num(
                k,
                v.get(k).and_then(Value::as_str).map(str::to_owned).as_ref(),
            )
        };
        Ok(GlobalStat {
            download_speed: field("downloadSpeed")?,
            num_active: field("numActive")?,
            num_waiting: field("numWaiting")?,
            num_stopped: field("numStopped")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_recorded_status() {
        // Shape as aria2 1.36 sends it (numbers as strings).
        let v = json!({
            "gid": "2089b05ecca3d829", "status": "complete", "totalLength": "34896138",
            "completedLength": "34896138", "downloadSpeed": "0", "errorCode": "0",
            "followedBy": ["d2a5b7f1c0e8a9b4"], "dir": "/tmp",
            "files": [{"index": "1", "path": "/tmp/a.torrent", "length": "3000",
                       "completedLength": "3000", "selected": "true", "uris": []}]
        });
        let s = DownloadStatus::from_json(v).expect("parse");
        assert_eq!(s.state, State::Complete);
        assert_eq!(s.total, 34_896_138);
        assert_eq!(s.followed_by, vec!["d2a5b7f1c0e8a9b4".to_owned()]);
        assert_eq!(s.files[0].length, 3000);
        let bad = json!({"gid": "1", "status": "active", "totalLength": "12x"});
        assert!(DownloadStatus::from_json(bad).is_err());
        let g = GlobalStat::from_json(json!({"downloadSpeed": "10", "numActive": "1",
            "numWaiting": "0", "numStopped": "2", "numStoppedTotal": "2", "uploadSpeed": "0"}))
        .expect("stat");
        assert_eq!(g.num_stopped, 2);
    }
}
