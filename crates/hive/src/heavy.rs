//! Heavy-task permits held by a job step: waited for, refreshed, given back.

use crate::error::StepError;
use crate::runner::Shared;
use crate::stats::Count;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{Coordinator, HeavyPermit};
use tokio::task::JoinHandle;

/// First and longest pause between attempts to get a permit on a full host.
const FIRST_WAIT: Duration = Duration::from_millis(10);
const LONGEST_WAIT: Duration = Duration::from_millis(200);

/// A held heavy-task permit. Refreshed in the background while held; given back by
/// [`HeavyGuard::release`], or (in the background) when dropped.
pub struct HeavyGuard {
    coord: Arc<dyn Coordinator>,
    permit: Option<HeavyPermit>,
    refresher: JoinHandle<()>,
}

impl std::fmt::Debug for HeavyGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeavyGuard")
            .field("permit", &self.permit)
            .finish_non_exhaustive()
    }
}

impl HeavyGuard {
    /// Waits until the host has a free slot, then holds it for `holder`.
    pub(crate) async fn acquire(shared: &Shared, holder: String) -> Result<Self, StepError> {
        let cfg = &shared.config;
        let mut wait = FIRST_WAIT;
        let mut counted = false;
        loop {
            let granted = shared
                .coord
                .acquire_heavy(&cfg.heavy_host, &holder, cfg.heavy_limit, cfg.heavy_ttl)
                .await?;
            if let Some(permit) = granted {
                let refresher =
                    tokio::spawn(refresh(shared.coord.clone(), permit.clone(), cfg.heavy_ttl));
                return Ok(HeavyGuard {
                    coord: shared.coord.clone(),
                    permit: Some(permit),
                    refresher,
                });
            }
            if !counted {
                shared.stats.add(Count::HeavyWait);
                counted = true;
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(LONGEST_WAIT);
        }
    }

    /// The permit held.
    pub fn permit(&self) -> Option<&HeavyPermit> {
        self.permit.as_ref()
    }

    /// Gives the permit back now.
    pub async fn release(mut self) -> Result<(), StepError> {
        self.refresher.abort();
        if let Some(permit) = self.permit.take() {
            self.coord.release_heavy(&permit).await?;
        }
        Ok(())
    }
}

impl Drop for HeavyGuard {
    fn drop(&mut self) {
        self.refresher.abort();
        if let Some(permit) = self.permit.take() {
            let coord = self.coord.clone();
            // Dropped without `release` (the step was cancelled): give it back in the
            // background; if no runtime is left, the permit lapses after its TTL.
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    if let Err(e) = coord.release_heavy(&permit).await {
                        tracing::warn!(error = %e, "releasing a heavy permit failed");
                    }
                });
            }
        }
    }
}

async fn refresh(coord: Arc<dyn Coordinator>, permit: HeavyPermit, ttl: Duration) {
    loop {
        tokio::time::sleep(ttl / 3).await;
        match coord.refresh_heavy(&permit, ttl).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(holder = %permit.holder, "heavy permit lapsed while held");
                return;
            }
            Err(e) => tracing::warn!(error = %e, "refreshing a heavy permit failed"),
        }
    }
}
