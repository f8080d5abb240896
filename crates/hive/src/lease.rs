//! Keeping a running job's lease: renewed in the background, with a signal when lost.

use crate::runner::{unix_now, Shared};
use std::sync::Arc;
use streamvault_core::JobId;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Renews one job's lease until stopped; says when the lease was lost.
pub(crate) struct LeaseKeeper {
    task: JoinHandle<()>,
    lost: watch::Receiver<bool>,
}

impl LeaseKeeper {
    /// Starts renewing `job`'s lease every `lease_heartbeat`.
    pub(crate) fn start(shared: Arc<Shared>, job: JobId) -> Self {
        let (tx, lost) = watch::channel(false);
        let task = tokio::spawn(async move {
            let cfg = &shared.config;
            loop {
                tokio::time::sleep(cfg.lease_heartbeat).await;
                let renewed = shared
                    .store
                    .heartbeat_job(job, &shared.owner, cfg.lease_secs, unix_now())
                    .await;
                match renewed {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job = %job, "lease lost");
                        tx.send_replace(true);
                        return;
                    }
                    // The store may come back before the lease lapses; if it does not,
                    // the next heartbeat reports the loss.
                    Err(e) => tracing::warn!(job = %job, error = %e, "lease heartbeat failed"),
                }
            }
        });
        LeaseKeeper { task, lost }
    }

    /// Waits until the lease is lost (never returns while it is held).
    pub(crate) async fn lost(&self) {
        let mut rx = self.lost.clone();
        if rx.wait_for(|lost| *lost).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// Whether the lease was lost.
    pub(crate) fn is_lost(&self) -> bool {
        *self.lost.borrow()
    }
}

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        self.task.abort();
    }
}
