//! Running one claimed job: choose a session, run a step, hand over on FloodWait or a
//! dead session, then complete, retry, fail or release the job.

use crate::context::{Checkpoint, JobContext};
use crate::error::StepError;
use crate::handler::JobHandler;
use crate::lease::LeaseKeeper;
use crate::policy::{backoff_delay, decide, retry_at, Disposition};
use crate::runner::{unix_now, Shared};
use crate::session::{Availability, WorkerSession};
use crate::shutdown::Shutdown;
use crate::stats::Count;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::Requirements;
use streamvault_store::jobs::{FailureAction, Job, JobState};
use tokio::time::Instant;

/// How long a job waits for a local session that can take it before it is retried later.
const CHOOSE_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs a claimed job to its end (or until its lease is lost or the hive shuts down).
pub(crate) async fn run_job(shared: Arc<Shared>, job: Job, shutdown: Shutdown) {
    let job = Arc::new(job);
    let lease = LeaseKeeper::start(shared.clone(), job.id);
    let end = match shared.handlers.get(&job.kind).cloned() {
        Some(handler) => steps(&shared, &job, &*handler, &lease, &shutdown).await,
        None => Err(StepError::Permanent(format!("no handler for {}", job.kind))),
    };
    drop(lease);
    finish(&shared, &job, end).await;
}

/// Runs steps until one succeeds (returns its session) or a failure ends the claim.
async fn steps(
    shared: &Arc<Shared>,
    job: &Arc<Job>,
    handler: &dyn JobHandler,
    lease: &LeaseKeeper,
    shutdown: &Shutdown,
) -> Result<String, StepError> {
    let req = handler.requirements(job);
    let mut checkpoint = Checkpoint {
        stage: job.stage.clone(),
        data: job.checkpoint.clone(),
    };
    let mut handovers = 0;
    loop {
        let session = choose(shared, &req, lease, shutdown).await?;
        let name = session.name.clone();
        if is_cooling(shared, &name).await {
            // Another step on this session met a FloodWait since the choice: no new work
            // for it until the wait ends. Choose again.
            shared.stats.add(Count::ChoseCooling);
            release(shared, &name).await;
            tokio::time::sleep(shared.config.choose_poll).await;
            continue;
        }
        let mut ctx = JobContext::new(shared.clone(), job.clone(), session, checkpoint);
        let result = tokio::select! {
            r = handler.run(&mut ctx) => r,
            () = lease.lost() => Err(StepError::LeaseLost),
            () = aborted(shared) => Err(StepError::Shutdown),
        };
        checkpoint = ctx.into_checkpoint();
        release(shared, &name).await;
        let error = match result {
            Ok(()) => return Ok(name),
            Err(e) => e,
        };
        match decide(&error) {
            Disposition::HandOver { cooldown } => {
                shared.sessions.note_cooldown(&name, cooldown);
                shared.coord.cooldown(&name, cooldown).await?;
                shared.stats.add(Count::FloodHandover);
                tracing::info!(job = %job.id, session = %name, ?cooldown, "flood wait: handing the job over");
            }
            Disposition::RetireSession { reason } => {
                shared.coord.mark_dead(&name, &reason).await?;
                shared.sessions.note_dead(&name);
                shared.stats.add(Count::DeadHandover);
                tracing::error!(job = %job.id, session = %name, %reason, "session dead: out of rotation");
            }
            _ => return Err(error),
        }
        handovers += 1;
        if handovers > shared.config.max_handovers {
            return Err(StepError::Transient(format!(
                "handed over {handovers} times: {error}"
            )));
        }
    }
}

/// The least-busy local session that can take the job (one job reserved on it), waiting
/// while none can.
async fn choose(
    shared: &Shared,
    req: &Requirements,
    lease: &LeaseKeeper,
    shutdown: &Shutdown,
) -> Result<WorkerSession, StepError> {
    let started = Instant::now();
    let mut wait = shared.config.choose_poll;
    loop {
        // Without a session yet there is no work to finish: give the job back at once.
        // With every local session dead, another process may still run it.
        if shutdown.is_triggered() || shared.sessions.availability() == Availability::AllDead {
            return Err(StepError::Shutdown);
        }
        if lease.is_lost() {
            return Err(StepError::LeaseLost);
        }
        let names = shared.sessions.names();
        if let Some(name) = shared.coord.choose_among(req, names).await? {
            return match shared.sessions.get(&name) {
                Some(s) => Ok(s.clone()),
                None => Err(StepError::Permanent(format!(
                    "chose unknown session {name}"
                ))),
            };
        }
        if started.elapsed() > CHOOSE_TIMEOUT {
            return Err(StepError::Transient(
                "no local session could take the job".into(),
            ));
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = shutdown.wait() => {}
            () = lease.lost() => {}
        }
        wait = (wait * 2).min(shared.config.choose_poll * 8);
    }
}

/// Whether the session is cooling down, as this process knows it or the coordinator says.
async fn is_cooling(shared: &Shared, name: &str) -> bool {
    shared.sessions.is_cooling(name)
        || matches!(shared.coord.cooldown_remaining(name).await, Ok(Some(left)) if !left.is_zero())
}

/// Gives back the job reserved on the session by its choice.
async fn release(shared: &Shared, name: &str) {
    if let Err(e) = shared.coord.add_load(name, -1, 0).await {
        tracing::warn!(session = %name, error = %e, "releasing a session reservation failed");
    }
}

async fn aborted(shared: &Shared) {
    let mut rx = shared.abort.clone();
    if rx.wait_for(|a| *a).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Records how the claim ended.
async fn finish(shared: &Shared, job: &Job, end: Result<String, StepError>) {
    let (store, owner, now) = (&shared.store, shared.owner.as_str(), unix_now());
    let error = match end {
        Ok(session) => {
            match store.complete_job(job.id, owner, now).await {
                Ok(true) => shared.stats.completed_on(&session),
                Ok(false) => shared.stats.add(Count::LeaseLost),
                Err(e) => tracing::warn!(job = %job.id, error = %e, "completing failed"),
            }
            return;
        }
        Err(e) => e,
    };
    let action = match decide(&error) {
        Disposition::Abandon => {
            shared.stats.add(Count::LeaseLost);
            return;
        }
        Disposition::Release => {
            match store.release_job(job.id, owner, now).await {
                Ok(true) => shared.stats.add(Count::Released),
                Ok(false) => shared.stats.add(Count::LeaseLost),
                Err(e) => tracing::warn!(job = %job.id, error = %e, "releasing failed"),
            }
            return;
        }
        Disposition::Fail => FailureAction::Fail,
        Disposition::Block => FailureAction::Block,
        Disposition::Retry | Disposition::HandOver { .. } | Disposition::RetireSession { .. } => {
            let attempt = u32::try_from(job.attempts).unwrap_or(1);
            let delay = backoff_delay(&shared.config.backoff, attempt, rand::random());
            FailureAction::Retry {
                run_after: retry_at(now, delay),
            }
        }
    };
    tracing::warn!(job = %job.id, kind = %job.kind, error = %error, ?action, "job step failed");
    match store
        .fail_job(job.id, owner, &error.to_string(), action, now)
        .await
    {
        Ok(Some(JobState::Queued)) => shared.stats.add(Count::Retried),
        // Failed, blocked, or dead after its last attempt.
        Ok(Some(_)) => shared.stats.add(Count::Failed),
        Ok(None) => shared.stats.add(Count::LeaseLost),
        Err(e) => tracing::warn!(job = %job.id, error = %e, "recording the failure failed"),
    }
}
