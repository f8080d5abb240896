//! Typed failures of external programs.

use std::process::ExitStatus;
use std::time::Duration;

/// Why running an external program failed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The program is not on `PATH` (or the given path does not exist).
    #[error("{program} is not installed; install it with: {install_hint}")]
    NotInstalled {
        /// Program name as given.
        program: String,
        /// How to install it, e.g. `apt-get install ffmpeg`.
        install_hint: String,
    },
    /// The program ran longer than its timeout and was killed.
    #[error("{program} timed out after {after:?} and was killed")]
    TimedOut {
        /// Program name as given.
        program: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The program exited unsuccessfully.
    #[error("{program} failed ({status}): {stderr_tail}")]
    Failed {
        /// Program name as given.
        program: String,
        /// Its exit status.
        status: ExitStatus,
        /// The last bytes of its standard error, lossily decoded and trimmed.
        stderr_tail: String,
    },
    /// The program printed more to standard output than the caller allowed.
    #[error("{program} printed more than {limit} bytes to standard output")]
    OutputTooLarge {
        /// Program name as given.
        program: String,
        /// The limit in bytes.
        limit: usize,
    },
    /// Any other I/O error while starting or talking to the program.
    #[error("could not run {program}: {source}")]
    Io {
        /// Program name as given.
        program: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
