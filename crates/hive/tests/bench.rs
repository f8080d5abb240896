//! The swarm benchmark's own correctness (small runs; the figures are measured by the
//! benchmark itself, not asserted as timings).

mod common;

use common::{redis_url, swarm_program};
use streamvault_hive::bench::{run_swarm, ChildProgram, SwarmOptions};

fn small(tasks: usize) -> SwarmOptions {
    SwarmOptions {
        tasks,
        sessions: 6,
        task_min_ms: 20,
        task_max_ms: 60,
        flood_rate: 0.1,
        ..SwarmOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_completes_every_task_once() {
    let report = run_swarm(&small(120), None).await.expect("bench");
    eprint!("{}", report.to_text());
    assert_eq!((report.tasks_done, report.tasks_lost), (120, 0));
    assert_eq!((report.duplicate_effects, report.missing_effects), (0, 0));
    assert_eq!(report.handed_to_cooling, 0);
    assert!(report.injected_floods > 0 && report.flood_handovers >= report.injected_floods);
    assert!(report.peak_heavy >= 1 && report.peak_heavy <= u64::from(report.heavy_limit));
    assert_eq!(report.per_session.len(), 6);
    assert_eq!(report.per_session.values().sum::<u64>(), 120);
    assert_eq!(report.coordinator, "in-process");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_never_exceed_the_heavy_limit_together() {
    let opts = SwarmOptions {
        processes: 3,
        redis_url: Some(redis_url()),
        heavy_share: 1.0,
        heavy_limit: 2,
        ..small(90)
    };
    let child = ChildProgram {
        program: swarm_program(),
        args: vec!["child".into()],
    };
    let report = run_swarm(&opts, Some(&child)).await.expect("bench");
    eprint!("{}", report.to_text());
    assert_eq!((report.tasks_done, report.tasks_lost), (90, 0));
    assert_eq!(report.duplicate_effects, 0);
    assert_eq!(report.handed_to_cooling, 0);
    assert_eq!(report.peak_heavy, 2, "the limit was reached, never passed");
    assert!(report.heavy_waits > 0, "tasks had to wait for a permit");
    assert_eq!(report.per_session.len(), 6);
    assert_eq!(report.coordinator, "redis");
}

#[tokio::test]
async fn bad_options_are_refused_before_anything_runs() {
    let several_without_redis = SwarmOptions {
        processes: 2,
        ..SwarmOptions::default()
    };
    let err = run_swarm(&several_without_redis, None)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("--redis"), "{err}");
    let bad_rate = SwarmOptions {
        flood_rate: 1.5,
        ..SwarmOptions::default()
    };
    assert!(run_swarm(&bad_rate, None).await.is_err());
}
