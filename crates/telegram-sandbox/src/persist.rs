//! Atomic JSON snapshots: write a temporary file, sync it, rename it over the old one.

use serde::{de::DeserializeOwned, Serialize};
use std::io::Write;
use std::path::Path;

/// Why a snapshot could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// File system error.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The snapshot is not valid JSON for the expected type.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The error.
        source: serde_json::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a JSON snapshot; `None` when the file does not exist.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, PersistError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|source| PersistError::Json {
            path: path.display().to_string(),
            source,
        })
}

/// Writes a JSON snapshot atomically (temporary file, then rename). No fsync: a crash
/// of the process never leaves a torn file; a power loss may lose the last changes.
pub fn save<T: Serialize>(path: &Path, value: &T) -> Result<(), PersistError> {
    let bytes = serde_json::to_vec(value).map_err(|source| PersistError::Json {
        path: path.display().to_string(),
        source,
    })?;
    let temp = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&temp).map_err(io(&temp))?;
    file.write_all(&bytes).map_err(io(&temp))?;
    std::fs::rename(&temp, path).map_err(io(path))
}
