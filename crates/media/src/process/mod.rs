//! One wrapper for every external program the toolkit runs.
//!
//! A [`Process`] is a program plus an argument vector (never a shell string), run with
//! `tokio::process`, standard input closed, `kill_on_drop`, and an optional timeout. Its
//! failures are typed: the program is not installed (with an install hint), it timed out
//! (and was killed), or it exited unsuccessfully (with the tail of its standard error).

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::Command;

use crate::tools::install_hint;

mod error;
mod pipes;

pub use error::ProcessError;
use pipes::{read_limited, read_tail};

/// How many bytes of standard error are kept for error messages.
const STDERR_TAIL_BYTES: usize = 2048;
/// Default cap on captured standard output.
const DEFAULT_STDOUT_LIMIT: usize = 64 << 20;

/// What a successful run produced.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Captured standard output (empty when not captured).
    pub stdout: Vec<u8>,
    /// The last bytes of standard error, lossily decoded and trimmed.
    pub stderr_tail: String,
}

/// An external program invocation: program, argument vector, timeout.
#[derive(Debug, Clone)]
pub struct Process {
    program: OsString,
    args: Vec<OsString>,
    timeout: Option<Duration>,
    stdout_limit: usize,
}

impl Process {
    /// A new invocation of `program` (a name looked up on `PATH`, or a path).
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        Process {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            timeout: None,
            stdout_limit: DEFAULT_STDOUT_LIMIT,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Kills the program when it runs longer than `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Caps captured standard output (default 64 MiB); more is an error.
    pub fn stdout_limit(mut self, bytes: usize) -> Self {
        self.stdout_limit = bytes;
        self
    }

    /// The program name, for messages.
    pub fn program(&self) -> String {
        self.program.to_string_lossy().into_owned()
    }

    /// The argument vector.
    pub fn get_args(&self) -> &[OsString] {
        &self.args
    }

    /// Runs to completion, capturing standard output; a non-zero exit is an error.
    pub async fn output(self) -> Result<Output, ProcessError> {
        self.execute(true, true).await
    }

    /// Runs to completion with standard output discarded; a non-zero exit is an error.
    pub async fn run(self) -> Result<Output, ProcessError> {
        self.execute(false, true).await
    }

    /// Runs to completion capturing standard output, and returns it whatever the exit
    /// status (some programs print their banner and exit non-zero).
    pub async fn output_any_status(self) -> Result<Output, ProcessError> {
        self.execute(true, false).await
    }

    async fn execute(self, capture: bool, check: bool) -> Result<Output, ProcessError> {
        let program = self.program();
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .stdin(Stdio::null())
            .stdout(if capture {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd.spawn().map_err(|e| spawn_error(&program, e))?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let limit = self.stdout_limit;
        let work = async {
            tokio::join!(
                read_limited(stdout, limit),
                read_tail(stderr, STDERR_TAIL_BYTES),
                child.wait()
            )
        };
        let joined = match self.timeout {
            Some(after) => match tokio::time::timeout(after, work).await {
                Ok(joined) => joined,
                Err(_) => {
                    // Kill and reap now rather than leaving it to the drop of `child`.
                    let _ = child.start_kill();
                    let _ = child.wait().await;
                    return Err(ProcessError::TimedOut { program, after });
                }
            },
            None => work.await,
        };
        let io = |source| ProcessError::Io {
            program: program.clone(),
            source,
        };
        let (stdout, stderr_tail, status) = joined;
        let (stdout, overflow) = stdout.map_err(io)?;
        let stderr_tail = stderr_tail.map_err(io)?;
        let status = status.map_err(io)?;
        if check && !status.success() {
            return Err(ProcessError::Failed {
                program,
                status,
                stderr_tail,
            });
        }
        if overflow {
            return Err(ProcessError::OutputTooLarge { program, limit });
        }
        Ok(Output {
            stdout,
            stderr_tail,
        })
    }
}

fn spawn_error(program: &str, source: std::io::Error) -> ProcessError {
    if source.kind() == std::io::ErrorKind::NotFound {
        let name = Path::new(program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| program.to_owned());
        ProcessError::NotInstalled {
            program: program.to_owned(),
            install_hint: install_hint(&name),
        }
    } else {
        ProcessError::Io {
            program: program.to_owned(),
            source,
        }
    }
}
