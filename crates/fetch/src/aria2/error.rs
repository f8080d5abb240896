//! Typed failures of aria2: the daemon, the JSON-RPC call, and the download itself.

use streamvault_media::ProcessError;

/// Why an aria2 operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Aria2Error {
    /// `aria2c` could not be started (not installed, or it exits at once).
    #[error("aria2c could not start: {0}")]
    Start(#[from] ProcessError),
    /// The daemon did not answer RPC in time, or it has been shut down.
    #[error("aria2 daemon not available: {0}")]
    Unavailable(String),
    /// The HTTP exchange with the RPC endpoint failed.
    #[error("aria2 RPC transport: {0}")]
    Transport(String),
    /// aria2 answered with a JSON-RPC error object.
    #[error("aria2 RPC error {code}: {message}")]
    Rpc {
        /// The JSON-RPC error code (aria2 uses 1 for most failures).
        code: i64,
        /// aria2's message, e.g. `Unauthorized` or `GID … is not found`.
        message: String,
    },
    /// aria2's answer did not have the documented shape.
    #[error("unexpected aria2 answer: {0}")]
    BadResponse(String),
    /// The download stopped with `status=error`.
    #[error("aria2 download failed (error {code}): {message}")]
    DownloadFailed {
        /// aria2's `errorCode` (a decimal string, see aria2's EXIT STATUS list).
        code: String,
        /// aria2's `errorMessage`.
        message: String,
    },
    /// The download was removed (by someone else, or after a stall).
    #[error("aria2 download was removed")]
    Removed,
    /// No progress for longer than allowed; the download was removed.
    #[error("aria2 download stalled for {secs} s")]
    Stalled {
        /// The stall limit in seconds.
        secs: u64,
    },
}

impl Aria2Error {
    /// Whether trying again may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Aria2Error::Unavailable(_) | Aria2Error::Transport(_) | Aria2Error::Stalled { .. } => {
                true
            }
            // aria2 exit codes: 2 timeout, 6 network problem, 19 name resolution, 22 bad
            // HTTP response (e.g. 5xx), 29 server overloaded.
            Aria2Error::DownloadFailed { code, .. } => {
                matches!(code.as_str(), "2" | "6" | "19" | "22" | "29")
            }
            _ => false,
        }
    }

    /// Whether this is aria2 saying it does not know the GID (e.g. after a restart).
    pub fn is_unknown_gid(&self) -> bool {
        matches!(self, Aria2Error::Rpc { message, .. } if message.contains("is not found"))
    }
}
