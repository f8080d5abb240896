//! Members as child processes. Protocol: the parent writes the [`MemberSpec`] as one JSON
//! line on the child's stdin and keeps stdin open; closing it asks the child to shut down
//! gracefully. The child then prints its [`MemberReport`] as one JSON line on stdout.

use super::member::{member_coordinator, run_member, MemberReport, MemberSpec};
use super::options::ChildProgram;
use super::BenchError;
use crate::shutdown_channel;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};

/// A member running as a child process.
#[derive(Debug)]
pub struct MemberProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    owner: String,
}

impl MemberProcess {
    /// Starts `program` and hands it `spec`.
    pub async fn spawn(program: &ChildProgram, spec: &MemberSpec) -> Result<Self, BenchError> {
        let mut child = Command::new(&program.program)
            .args(&program.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                BenchError::Child(format!("cannot start {}: {e}", program.program.display()))
            })?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| BenchError::Child("no stdin".into()))?;
        let mut line = serde_json::to_string(spec)
            .map_err(|e| BenchError::Child(format!("cannot encode the spec: {e}")))?;
        line.push('\n');
        stdin.write_all(line.as_bytes()).await?;
        stdin.flush().await?;
        Ok(MemberProcess {
            child,
            stdin: Some(stdin),
            owner: spec.owner.clone(),
        })
    }

    /// The member's lease owner name.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// The OS process id, while it runs.
    pub fn id(&self) -> Option<u32> {
        self.child.id()
    }

    /// Whether the process has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Kills the process with SIGKILL (`kill -9`): no cleanup, no report.
    pub async fn kill_hard(&mut self) -> Result<(), BenchError> {
        self.child.kill().await?;
        Ok(())
    }

    /// Asks the member to shut down gracefully and returns its report.
    pub async fn finish(mut self) -> Result<MemberReport, BenchError> {
        drop(self.stdin.take());
        let mut out = String::new();
        if let Some(mut stdout) = self.child.stdout.take() {
            stdout.read_to_string(&mut out).await?;
        }
        let status = self.child.wait().await?;
        if !status.success() {
            return Err(BenchError::Child(format!(
                "{} exited with {status}",
                self.owner
            )));
        }
        let line = out
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        serde_json::from_str(line)
            .map_err(|e| BenchError::Child(format!("{} sent no report ({e}): {out:?}", self.owner)))
    }
}

/// The child side: reads the spec from stdin, runs the member until stdin closes, prints
/// the report on stdout. The binary's hidden `bench swarm-child` subcommand calls this.
pub async fn swarm_child_main() -> Result<(), BenchError> {
    let mut stdin = BufReader::new(tokio::io::stdin());
    let mut line = String::new();
    stdin.read_line(&mut line).await?;
    let spec: MemberSpec = serde_json::from_str(&line)
        .map_err(|e| BenchError::Child(format!("bad member spec on stdin: {e}")))?;
    let coord = member_coordinator(&spec).await?;
    let (trigger, shutdown) = shutdown_channel();
    tokio::spawn(async move {
        // Anything more on stdin is ignored; its end is the signal to stop.
        let mut rest = Vec::new();
        let _ = stdin.read_to_end(&mut rest).await;
        trigger.trigger();
    });
    let report = run_member(&spec, coord, shutdown).await?;
    let json = serde_json::to_string(&report)
        .map_err(|e| BenchError::Child(format!("cannot encode the report: {e}")))?;
    let mut stdout = tokio::io::stdout();
    stdout.write_all(json.as_bytes()).await?;
    stdout.write_all(b"\n").await?;
    stdout.flush().await?;
    Ok(())
}
