//! A benchmark task resumed after its process died between saving the `effect` stage and
//! completing records its effect only if it was not recorded yet: exactly once.

mod common;

use common::{sqlite_store, wait_until};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{InProcessCoordinator, SystemClock};
use streamvault_hive::bench::{
    enqueue_tasks, record_effect, run_member, tally, MemberSpec, TASK_KIND,
};
use streamvault_hive::shutdown_channel;
use streamvault_store::jobs::JobState;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_task_records_its_effect_exactly_once() {
    let db = sqlite_store().await;
    let store = db.store.clone();
    let run_id = "resume";
    let ids = enqueue_tasks(&*store, run_id, 2, 0.0, (10, 10), 1)
        .await
        .expect("enqueue");
    // A process that died: it reached the `effect` stage of both tasks and recorded the
    // effect of the first one only. Its leases end (released here, as a reclaim would).
    let now = chrono::Utc::now().timestamp();
    for id in &ids {
        let job = store
            .claim_job("ghost", &[TASK_KIND], 60, now)
            .await
            .expect("claim");
        assert_eq!(job.map(|j| j.id), Some(*id));
    }
    for (i, id) in ids.iter().enumerate() {
        let saved = store
            .save_checkpoint(*id, "ghost", "effect", &json!({}), now)
            .await;
        assert!(saved.expect("checkpoint"));
        if i == 0 {
            record_effect(&*store, run_id, *id, "ghost", "s")
                .await
                .expect("effect");
        }
        assert!(store.release_job(*id, "ghost", now).await.expect("release"));
    }

    let spec = MemberSpec {
        run_id: run_id.into(),
        owner: "heir".into(),
        sessions: vec!["heir-s0".into()],
        database_url: db.url.clone(),
        redis_url: None,
        redis_prefix: "unused".into(),
        flood_rate: 0.0,
        flood_seconds: 1,
        heavy_limit: 5,
        lease_secs: 2,
    };
    let (trigger, shutdown) = shutdown_channel();
    let coord = Arc::new(InProcessCoordinator::new(SystemClock));
    let member = run_member(&spec, coord, shutdown);
    let waiter = async {
        wait_until(Duration::from_secs(10), "both tasks to succeed", || async {
            let mut done = 0;
            for id in &ids {
                let job = store.get_job(*id).await.expect("get").expect("job");
                done += usize::from(job.state == JobState::Succeeded);
            }
            done == 2
        })
        .await;
        trigger.trigger();
    };
    let (report, ()) = tokio::join!(member, waiter);
    let report = report.expect("member");
    assert_eq!(report.resumed_effects, 1, "{report:?}");
    let t = tally(&*store, run_id, &ids).await.expect("tally");
    assert_eq!(
        (t.done, t.duplicate_effects, t.missing_effects),
        (2, 0, 0),
        "{t:?}"
    );
}
