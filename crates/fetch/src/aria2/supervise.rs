//! The supervisor task: restarts `aria2c` when it dies (with backoff), stops it on request.

use std::time::Duration;

use tokio::process::Child;
use tokio::sync::{oneshot, watch};

use super::daemon::Launch;
use super::rpc::DaemonState;

/// Watches `child`; on exit starts a new one (state `Starting`, then `Ready` with the next
/// generation); on `stop` shuts it down and publishes `Stopped`.
pub(super) async fn supervise(
    launch: Launch,
    mut child: Child,
    tx: watch::Sender<DaemonState>,
    mut stop: oneshot::Receiver<()>,
) {
    let mut generation = 0;
    let mut backoff = Duration::from_millis(100);
    loop {
        let port = match *tx.borrow() {
            DaemonState::Ready { port, .. } => port,
            _ => 0,
        };
        tokio::select! {
            status = child.wait() => {
                tracing::warn!(?status, "aria2c died; restarting it");
            }
            _ = &mut stop => {
                launch.stop(child, port).await;
                tx.send_replace(DaemonState::Stopped);
                return;
            }
        }
        tx.send_replace(DaemonState::Starting);
        loop {
            generation += 1;
            tokio::select! {
                started = launch.start_ready() => match started {
                    Ok((c, port)) => {
                        let pid = c.id().unwrap_or(0);
                        child = c;
                        tx.send_replace(DaemonState::Ready { port, pid, generation });
                        backoff = Duration::from_millis(100);
                        break;
                    }
                    Err(e) => tracing::warn!(error = %e, ?backoff, "aria2c restart failed"),
                },
                _ = &mut stop => {
                    tx.send_replace(DaemonState::Stopped);
                    return;
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(backoff) => {}
                _ = &mut stop => {
                    tx.send_replace(DaemonState::Stopped);
                    return;
                }
            }
            backoff = (backoff * 2).min(Duration::from_secs(30));
        }
    }
}
