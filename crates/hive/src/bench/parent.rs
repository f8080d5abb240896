//! The benchmark driver: prepares the run, starts the members (in this process or as
//! children), waits for every task to end, stops the members and reports.

use super::member::{member_coordinator, run_member, MemberReport, MemberSpec};
use super::options::{ChildProgram, SwarmOptions};
use super::process::MemberProcess;
use super::report::{tally, SwarmReport};
use super::tasks::{enqueue_tasks, open_store};
use super::BenchError;
use crate::shutdown_channel;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use streamvault_coord::RedisCoordinator;
use streamvault_core::JobId;
use streamvault_store::jobs::JobState;
use streamvault_store::Store;

/// How often the driver looks at the queue.
const POLL: Duration = Duration::from_millis(100);

/// Runs the swarm benchmark. With more than one process, `child` says how to start a
/// child hive process (required then).
pub async fn run_swarm(
    opts: &SwarmOptions,
    child: Option<&ChildProgram>,
) -> Result<SwarmReport, BenchError> {
    opts.validate().map_err(BenchError::Options)?;
    if opts.processes > 1 && child.is_none() {
        return Err(BenchError::Options(
            "several processes need a child program".into(),
        ));
    }
    let tmp = tempfile::tempdir()?;
    let database_url = match &opts.database_url {
        Some(url) => url.clone(),
        None => format!(
            "sqlite://{}?mode=rwc",
            tmp.path().join("bench.db").display()
        ),
    };
    let store = open_store(&database_url).await?;
    let run_id = format!("{:08x}", rand::random::<u32>());
    let range = (opts.task_min_ms, opts.task_max_ms);
    let seed = rand::random();
    let ids = enqueue_tasks(&*store, &run_id, opts.tasks, opts.heavy_share, range, seed).await?;
    let specs = member_specs(opts, &run_id, &database_url);

    let started = Instant::now();
    let (wall, reports) = match (opts.processes, child) {
        (1, _) => run_in_process(&*store, &ids, opts.timeout, &specs[0]).await?,
        (_, program) => {
            let program = program.ok_or_else(|| BenchError::Options("no child program".into()))?;
            let mut children = Vec::new();
            for spec in &specs {
                children.push(MemberProcess::spawn(program, spec).await?);
            }
            let gone = || children.iter_mut().all(MemberProcess::has_exited);
            wait_for_tasks(&*store, &ids, opts.timeout, gone).await?;
            (started.elapsed(), finish_children(children).await?)
        }
    };

    let t = tally(&*store, &run_id, &ids).await?;
    if let Some(url) = &opts.redis_url {
        RedisCoordinator::connect(url, &specs[0].redis_prefix)
            .await?
            .purge()
            .await?;
    }
    let mut report = SwarmReport {
        tasks: opts.tasks as u64,
        sessions: opts.sessions as u64,
        processes: opts.processes as u64,
        coordinator: if opts.redis_url.is_some() {
            "redis"
        } else {
            "in-process"
        }
        .into(),
        database: store.backend_name().into(),
        flood_rate: opts.flood_rate,
        heavy_limit: opts.heavy_limit,
        tasks_done: t.done,
        tasks_lost: opts.tasks as u64 - t.done.min(opts.tasks as u64),
        duplicate_effects: t.duplicate_effects,
        missing_effects: t.missing_effects,
        wall_secs: wall.as_secs_f64(),
        ..SwarmReport::default()
    };
    report.add_members(&reports);
    Ok(report)
}

/// One spec per process; sessions are split as evenly as possible.
fn member_specs(opts: &SwarmOptions, run_id: &str, database_url: &str) -> Vec<MemberSpec> {
    (0..opts.processes)
        .map(|p| MemberSpec {
            run_id: run_id.into(),
            owner: format!("bench-{run_id}-m{p}"),
            sessions: (0..opts.sessions)
                .filter(|s| s % opts.processes == p)
                .map(|s| format!("bench-{run_id}-s{s:02}"))
                .collect(),
            database_url: database_url.into(),
            redis_url: opts.redis_url.clone(),
            redis_prefix: format!("bench-{run_id}"),
            flood_rate: opts.flood_rate,
            flood_seconds: opts.flood_seconds,
            heavy_limit: opts.heavy_limit,
            lease_secs: opts.lease_secs,
        })
        .collect()
}

/// Runs one member in this process until every task ended; returns the wall time and
/// the member's report.
async fn run_in_process(
    store: &dyn Store,
    ids: &[JobId],
    timeout: Duration,
    spec: &MemberSpec,
) -> Result<(Duration, Vec<MemberReport>), BenchError> {
    let started = Instant::now();
    let coord = member_coordinator(spec).await?;
    let (trigger, shutdown) = shutdown_channel();
    let member = run_member(spec, coord, shutdown);
    tokio::pin!(member);
    let early = tokio::select! {
        report = &mut member => Some(report),
        waited = wait_for_tasks(store, ids, timeout, || false) => { waited?; None }
    };
    let wall = started.elapsed();
    trigger.trigger();
    let report = match early {
        Some(report) => report?,
        None => member.await?,
    };
    Ok((wall, vec![report]))
}

/// Waits until none of `ids` is queued or running, the timeout passes, or `gone` says
/// every member has stopped.
async fn wait_for_tasks(
    store: &dyn Store,
    ids: &[JobId],
    timeout: Duration,
    mut gone: impl FnMut() -> bool,
) -> Result<(), BenchError> {
    let wanted: HashSet<JobId> = ids.iter().copied().collect();
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        let mut pending = 0;
        for state in [JobState::Queued, JobState::Running] {
            let jobs = store.list_jobs(Some(state), u32::MAX).await?;
            pending += jobs.iter().filter(|j| wanted.contains(&j.id)).count();
        }
        if pending == 0 || gone() {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    Ok(())
}

/// Asks every child at once to stop (each finishes its running jobs within its grace)
/// and collects their reports.
async fn finish_children(children: Vec<MemberProcess>) -> Result<Vec<MemberReport>, BenchError> {
    let waits: Vec<_> = children
        .into_iter()
        .map(|c| tokio::spawn(c.finish()))
        .collect();
    let mut reports = Vec::new();
    for wait in waits {
        let report = wait
            .await
            .map_err(|e| BenchError::Child(format!("collecting a report: {e}")))??;
        reports.push(report);
    }
    Ok(reports)
}
