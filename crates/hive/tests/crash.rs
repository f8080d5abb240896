//! Three hive processes share Redis and PostgreSQL; one is killed with SIGKILL mid-run.
//! Its jobs must be reclaimed within two lease periods, and every job must complete
//! exactly once in effect (no duplicate, none lost).

mod common;

use common::{postgres_store, redis_url, swarm_program, wait_until};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use streamvault_coord::RedisCoordinator;
use streamvault_hive::bench::{enqueue_tasks, tally, ChildProgram, MemberProcess, MemberSpec};
use streamvault_store::jobs::{Job, JobState};
use streamvault_store::Store;

const LEASE_SECS: i64 = 2;
const TASKS: usize = 150;

async fn running_of(store: &dyn Store, owner: &str) -> Vec<Job> {
    let running = store.list_jobs(Some(JobState::Running), 1000).await;
    running
        .expect("list running jobs")
        .into_iter()
        .filter(|j| j.lease_owner.as_deref() == Some(owner))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_hive_loses_its_leases_and_its_jobs_complete_once_elsewhere() {
    let db = postgres_store().await;
    let store = db.store.clone();
    let run_id = format!("{:08x}", rand::random::<u32>());
    let ids = enqueue_tasks(&*store, &run_id, TASKS, 0.3, (150, 250), 7)
        .await
        .expect("enqueue");
    let prefix = format!("hive-crash-{run_id}");
    let coord = RedisCoordinator::connect(&redis_url(), &prefix)
        .await
        .unwrap_or_else(|e| panic!("Redis is required for this test ({e})"));
    let program = ChildProgram {
        program: swarm_program(),
        args: vec!["child".into()],
    };
    let mut members = Vec::new();
    for m in 0..3 {
        let spec = MemberSpec {
            run_id: run_id.clone(),
            owner: format!("crash-{run_id}-m{m}"),
            sessions: (0..3)
                .map(|s| format!("crash-{run_id}-m{m}-s{s}"))
                .collect(),
            database_url: db.url.clone(),
            redis_url: Some(redis_url()),
            redis_prefix: prefix.clone(),
            flood_rate: 0.05,
            flood_seconds: 1,
            heavy_limit: 5,
            lease_secs: LEASE_SECS,
        };
        members.push(MemberProcess::spawn(&program, &spec).await.expect("spawn"));
    }

    // Kill the first member once it holds jobs and the run is well under way.
    let victim_owner = members[0].owner().to_owned();
    wait_until(
        Duration::from_secs(60),
        "the victim to hold jobs",
        || async {
            let done = store.list_jobs(Some(JobState::Succeeded), 1000).await;
            let done = done.expect("list").len();
            done >= 20 && !running_of(&*store, &victim_owner).await.is_empty()
        },
    )
    .await;
    let mut victim = members.remove(0);
    let killed_at = Instant::now();
    victim.kill_hard().await.expect("kill -9");
    let orphans: HashSet<_> = running_of(&*store, &victim_owner)
        .await
        .iter()
        .map(|j| j.id)
        .collect();
    assert!(!orphans.is_empty(), "the victim held no job when killed");
    wait_until(
        Duration::from_secs(10),
        "the orphans to be reclaimed",
        || async { running_of(&*store, &victim_owner).await.is_empty() },
    )
    .await;
    let reclaimed_after = killed_at.elapsed();
    let limit = Duration::from_secs(2 * LEASE_SECS as u64);
    assert!(
        reclaimed_after <= limit,
        "reclaimed after {reclaimed_after:?}, more than two leases"
    );

    let wanted: HashSet<_> = ids.iter().copied().collect();
    wait_until(Duration::from_secs(120), "every task to end", || async {
        let all = store.list_jobs(None, 1000).await.expect("list");
        all.iter()
            .filter(|j| wanted.contains(&j.id))
            .all(|j| j.state.is_final())
    })
    .await;
    let mut resumed = 0;
    for survivor in members {
        let report = survivor.finish().await.expect("a survivor's report");
        assert_eq!(report.cooling_requests, 0);
        resumed += report.resumed_effects;
    }
    let t = tally(&*store, &run_id, &ids).await.expect("tally");
    eprintln!(
        "killed with {} jobs held; reclaimed after {reclaimed_after:?}; {resumed} resumed \
         tasks found their effect already recorded; {t:?}",
        orphans.len()
    );
    assert_eq!(t.done, TASKS as u64, "{t:?}");
    assert_eq!((t.failed, t.unfinished), (0, 0), "{t:?}");
    assert_eq!(t.duplicate_effects, 0, "{t:?}");
    assert_eq!(t.missing_effects, 0, "{t:?}");
    for id in &orphans {
        let job = store.get_job(*id).await.expect("get").expect("job");
        assert_eq!(job.state, JobState::Succeeded);
        let reclaimed = job.errors.to_string().contains("lease expired");
        assert!(reclaimed, "job {id} was not reclaimed: {job:?}");
    }
    coord.purge().await.expect("purge");
}
