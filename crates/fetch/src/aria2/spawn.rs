//! Starting one `aria2c` process: free port, argument vector, stderr into the log.
//!
//! aria2 is a long-running child, which the run-to-completion
//! [`streamvault_media::Process`] does not model; it is spawned here with the same
//! rules (argument vector, stdin closed, `kill_on_drop`, typed `NotInstalled`).

use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;

use streamvault_media::{install_hint, ProcessError};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::daemon::Aria2Config;
use super::error::Aria2Error;

/// Spawns `aria2c` with RPC on a free loopback port; returns the child and the port.
pub(super) fn spawn_aria2c(
    config: &Aria2Config,
    conf_file: &Path,
) -> Result<(Child, u16), Aria2Error> {
    let port = free_port().map_err(|e| Aria2Error::Unavailable(format!("no free port: {e}")))?;
    let program = config.program.to_string_lossy().into_owned();
    let mut child = Command::new(&config.program)
        .args(arguments(config, conf_file, port))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ProcessError::NotInstalled {
                    program,
                    install_hint: install_hint("aria2c"),
                }
            } else {
                ProcessError::Io { program, source }
            }
        })?;
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                tracing::debug!(target: "aria2c", "{line}");
            }
        });
    }
    Ok((child, port))
}

/// The argument vector. The secret is in `conf_file`, never here.
fn arguments(config: &Aria2Config, conf_file: &Path, port: u16) -> Vec<OsString> {
    let mut dir = OsString::from("--dir=");
    dir.push(&config.dir);
    let mut conf = OsString::from("--conf-path=");
    conf.push(conf_file);
    let mut args: Vec<OsString> = vec![
        "--enable-rpc=true".into(),
        "--rpc-listen-all=false".into(),
        "--rpc-allow-origin-all=true".into(),
        format!("--rpc-listen-port={port}").into(),
        conf,
        dir,
        "--continue=true".into(),
        "--daemon=false".into(),
        format!("--stop-with-process={}", std::process::id()).into(),
        // Torrents: keep the metadata in memory, stop when done instead of seeding.
        "--follow-torrent=mem".into(),
        "--seed-time=0".into(),
        // Same name on retry (resume), never `name.1.mkv`.
        "--auto-file-renaming=false".into(),
        "--allow-overwrite=true".into(),
        "--auto-save-interval=1".into(),
        "--file-allocation=none".into(),
        "--console-log-level=warn".into(),
        "--summary-interval=0".into(),
        "--show-console-readout=false".into(),
    ];
    args.extend(config.extra_args.iter().map(OsString::from));
    args
}

/// A port that was free a moment ago (the daemon retries on a collision).
fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}
