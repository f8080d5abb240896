//! Jobs, reports, blocklist, metadata cache.

use super::content::movie;
use super::{NOW, S};
use crate::blocklist::{HashKind, NewBlockEntry};
use crate::contents::insert_with_fresh_slug;
use crate::jobs::{FailureAction, JobState, NewJob};
use crate::metadata::CachedMetadata;
use crate::reports::{NewReport, ReportStatus};
use crate::StoreError;
use serde_json::json;
use streamvault_core::{JobId, TelegramUserId};

fn job(key: Option<&str>) -> NewJob {
    NewJob {
        kind: "ingest".into(),
        payload: json!({"source": "https://example.test/a.mkv"}),
        priority: 0,
        max_attempts: 5,
        dedupe_key: key.map(str::to_owned),
        run_after: NOW,
    }
}

/// Enqueue (with de-duplication while active), checkpoints, listing and cancelling.
pub async fn jobs_enqueue_dedupe_checkpoint_cancel(s: S) {
    let (a, new_a) = s.enqueue_job(&job(Some("url:a")), NOW).await.unwrap();
    assert!(new_a);
    assert_eq!(
        (a.state, a.attempts, a.stage.as_deref()),
        (JobState::Queued, 0, None)
    );
    assert_eq!(a.payload, job(None).payload);
    let (a2, new_a2) = s.enqueue_job(&job(Some("url:a")), NOW + 1).await.unwrap();
    assert!(!new_a2);
    assert_eq!(a2.id, a.id);
    let (b, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    let (c, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    assert_ne!(b.id, c.id, "jobs without a key never de-duplicate");
    let claimed = s
        .claim_job("w1", &["ingest"], 60, NOW + 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        claimed.id, a.id,
        "the oldest ready job of the kind comes first"
    );
    assert!(s
        .save_checkpoint(
            a.id,
            "w1",
            "probe",
            &json!({"message_ids": [5, 6]}),
            NOW + 2
        )
        .await
        .unwrap());
    assert!(
        !s.save_checkpoint(a.id, "w2", "probe", &json!({}), NOW + 2)
            .await
            .unwrap(),
        "only the lease owner saves"
    );
    let a3 = s.get_job(a.id).await.unwrap().unwrap();
    assert_eq!(
        (a3.stage.as_deref(), a3.checkpoint.clone(), a3.updated_at),
        (Some("probe"), json!({"message_ids": [5, 6]}), NOW + 2)
    );
    assert!(s.cancel_job(a.id, NOW + 3).await.unwrap());
    assert!(!s.cancel_job(a.id, NOW + 4).await.unwrap());
    assert_eq!(
        s.get_job(a.id).await.unwrap().unwrap().state,
        JobState::Cancelled
    );
    let (d, new_d) = s.enqueue_job(&job(Some("url:a")), NOW + 5).await.unwrap();
    assert!(new_d && d.id != a.id, "a finished job frees its dedupe key");
    assert_eq!(
        s.list_jobs(Some(JobState::Cancelled), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let all = s.list_jobs(None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|j| j.id).collect::<Vec<_>>(),
        vec![d.id, c.id, b.id, a.id]
    );
    assert!(matches!(
        s.cancel_job(JobId(999_999), NOW).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(!s
        .save_checkpoint(JobId(999_999), "w1", "x", &json!({}), NOW)
        .await
        .unwrap());
    let bad = NewJob {
        max_attempts: 0,
        ..job(None)
    };
    assert!(matches!(
        s.enqueue_job(&bad, NOW).await,
        Err(StoreError::Invalid(_))
    ));
}

/// Reports: open → resolved, and counting by resolution time.
pub async fn reports_resolve_and_count(s: S) {
    let c = insert_with_fresh_slug(&*s, &movie("M"), NOW).await.unwrap();
    let r = NewReport {
        content_id: c.id,
        download_id: None,
        url: "https://host.test/file/1".into(),
        reporter: Some(TelegramUserId(5)),
        reason: Some("404".into()),
    };
    let a = s.add_report(&r, NOW).await.unwrap();
    let b = s.add_report(&r, NOW + 1).await.unwrap();
    assert_eq!(
        (a.status, a.resolved_at, a.report.clone()),
        (ReportStatus::Open, None, r)
    );
    assert_eq!(
        s.list_reports(ReportStatus::Open, 10).await.unwrap().len(),
        2
    );
    let fixed = s
        .resolve_report(a.id, ReportStatus::Fixed, NOW + 100)
        .await
        .unwrap();
    assert_eq!(
        (fixed.status, fixed.resolved_at),
        (ReportStatus::Fixed, Some(NOW + 100))
    );
    s.resolve_report(b.id, ReportStatus::Alive, NOW + 100)
        .await
        .unwrap();
    assert_eq!(
        s.count_reports_resolved_between(ReportStatus::Fixed, NOW, NOW + 101)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.count_reports_resolved_between(ReportStatus::Fixed, NOW + 101, NOW + 200)
            .await
            .unwrap(),
        0
    );
    assert!(s
        .list_reports(ReportStatus::Open, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        s.resolve_report(999_999, ReportStatus::Dead, NOW).await,
        Err(StoreError::NotFound { .. })
    ));
}

/// Blocklist: duplicates skipped, lookups normalize case, values validated.
pub async fn blocklist_dedupes_and_normalizes(s: S) {
    let e = |kind: HashKind, v: &str| NewBlockEntry {
        kind,
        value: kind.normalize(v).unwrap(),
        reason: Some("known bad".into()),
        source: Some("list.csv".into()),
    };
    let sha = "A".repeat(64);
    assert!(s.block_kinds_in_use().await.unwrap().is_empty());
    let added = s
        .add_block_entries(
            &[
                e(HashKind::Sha256, &sha),
                e(HashKind::Md5, &"b".repeat(32)),
                e(HashKind::Sha256, &sha),
            ],
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(added, 2);
    assert_eq!(
        s.add_block_entries(&[e(HashKind::Sha256, &sha)], NOW)
            .await
            .unwrap(),
        0
    );
    let found = s
        .find_block_entry(HashKind::Sha256, &sha)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.entry.value, "a".repeat(64));
    assert!(s
        .find_block_entry(HashKind::Sha1, &"a".repeat(40))
        .await
        .unwrap()
        .is_none());
    assert!(s
        .find_block_entry(HashKind::Md5, &"a".repeat(64))
        .await
        .unwrap()
        .is_none());
    s.add_block_entries(&[e(HashKind::Pdq, &"f0".repeat(32))], NOW)
        .await
        .unwrap();
    assert_eq!(s.list_block_entries(HashKind::Pdq).await.unwrap().len(), 1);
    let mut kinds = s.block_kinds_in_use().await.unwrap();
    kinds.sort_by_key(|k| k.as_str());
    assert_eq!(kinds, [HashKind::Md5, HashKind::Pdq, HashKind::Sha256]);
    let bad = NewBlockEntry {
        value: "xyz".into(),
        ..e(HashKind::Md5, &"c".repeat(32))
    };
    assert!(matches!(
        s.add_block_entries(&[bad], NOW).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(HashKind::Sha1.normalize("abc").is_err());
    assert!(s.remove_block_entry(found.id).await.unwrap());
    assert!(!s.remove_block_entry(found.id).await.unwrap());
    assert!(s
        .find_block_entry(HashKind::Sha256, &sha)
        .await
        .unwrap()
        .is_none());
}

/// The metadata cache stores and replaces provider answers.
pub async fn metadata_cache_replaces(s: S) {
    assert!(s.get_metadata("tmdb", "movie/603").await.unwrap().is_none());
    let m = CachedMetadata {
        provider: "tmdb".into(),
        key: "movie/603".into(),
        body: json!({"id": 603, "title": "The Matrix", "genres": [{"id": 28, "name": "Action"}]}),
        fetched_at: NOW,
    };
    s.put_metadata(&m).await.unwrap();
    assert_eq!(
        s.get_metadata("tmdb", "movie/603").await.unwrap().as_ref(),
        Some(&m)
    );
    assert!(s.get_metadata("omdb", "movie/603").await.unwrap().is_none());
    let newer = CachedMetadata {
        body: json!({"id": 603, "title": "Matrix"}),
        fetched_at: NOW + 60,
        ..m
    };
    s.put_metadata(&newer).await.unwrap();
    assert_eq!(
        s.get_metadata("tmdb", "movie/603").await.unwrap(),
        Some(newer)
    );
}

/// Claim → heartbeat → complete; release refunds the attempt; kinds, priority and
/// `run_after` decide what is claimed.
pub async fn jobs_lease_lifecycle(s: S) {
    let (low, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    let (high, _) = s
        .enqueue_job(
            &NewJob {
                priority: 5,
                ..job(None)
            },
            NOW,
        )
        .await
        .unwrap();
    let (later, _) = s
        .enqueue_job(
            &NewJob {
                priority: 9,
                run_after: NOW + 100,
                ..job(None)
            },
            NOW,
        )
        .await
        .unwrap();
    let (mirror, _) = s
        .enqueue_job(
            &NewJob {
                kind: "mirror".into(),
                ..job(None)
            },
            NOW,
        )
        .await
        .unwrap();
    let first = s
        .claim_job("w1", &["ingest"], 30, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        first.id, high.id,
        "highest priority first; future run_after waits"
    );
    assert_eq!(
        (
            first.state,
            first.attempts,
            first.lease_owner.as_deref(),
            first.lease_expires_at
        ),
        (JobState::Running, 1, Some("w1"), Some(NOW + 30))
    );
    assert_eq!(
        s.claim_job("w2", &["mirror"], 30, NOW)
            .await
            .unwrap()
            .unwrap()
            .id,
        mirror.id
    );
    assert_eq!(
        s.claim_job("w2", &[], 30, NOW).await.unwrap().unwrap().id,
        low.id
    );
    assert!(s.claim_job("w3", &[], 30, NOW).await.unwrap().is_none());
    assert_eq!(
        s.claim_job("w3", &[], 30, NOW + 100)
            .await
            .unwrap()
            .unwrap()
            .id,
        later.id
    );
    assert!(s.heartbeat_job(high.id, "w1", 30, NOW + 20).await.unwrap());
    assert_eq!(
        s.get_job(high.id).await.unwrap().unwrap().lease_expires_at,
        Some(NOW + 50)
    );
    assert!(!s.heartbeat_job(high.id, "w9", 30, NOW + 20).await.unwrap());
    assert_eq!(
        s.reclaim_expired_leases(NOW + 40).await.unwrap(),
        2,
        "the renewed lease survives, the others lapse"
    );
    assert!(s.complete_job(high.id, "w1", NOW + 45).await.unwrap());
    assert!(
        !s.complete_job(high.id, "w1", NOW + 46).await.unwrap(),
        "completing twice does nothing"
    );
    let done = s.get_job(high.id).await.unwrap().unwrap();
    assert_eq!((done.state, done.lease_owner), (JobState::Succeeded, None));
    let again = s
        .claim_job("w4", &["mirror"], 30, NOW + 50)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (mirror.id, 2));
    assert!(s.release_job(mirror.id, "w4", NOW + 51).await.unwrap());
    let released = s.get_job(mirror.id).await.unwrap().unwrap();
    assert_eq!(
        (released.state, released.attempts, released.lease_owner),
        (JobState::Queued, 1, None)
    );
}

/// Typed failures: retry with backoff until attempts run out (then dead), fail, block;
/// every failure is kept in the error history.
pub async fn jobs_failures_retry_then_die(s: S) {
    let (j, _) = s
        .enqueue_job(
            &NewJob {
                max_attempts: 2,
                ..job(None)
            },
            NOW,
        )
        .await
        .unwrap();
    s.claim_job("w", &[], 30, NOW).await.unwrap().unwrap();
    let retry = FailureAction::Retry {
        run_after: NOW + 10,
    };
    assert_eq!(
        s.fail_job(j.id, "w", "timeout", retry, NOW + 1)
            .await
            .unwrap(),
        Some(JobState::Queued)
    );
    assert_eq!(
        s.fail_job(j.id, "w", "late", retry, NOW + 1).await.unwrap(),
        None,
        "the lease is gone"
    );
    assert!(
        s.claim_job("w", &[], 30, NOW + 5).await.unwrap().is_none(),
        "backoff: not before run_after"
    );
    s.claim_job("w", &[], 30, NOW + 10).await.unwrap().unwrap();
    assert_eq!(
        s.fail_job(j.id, "w", "timeout again", retry, NOW + 11)
            .await
            .unwrap(),
        Some(JobState::Dead)
    );
    let dead = s.get_job(j.id).await.unwrap().unwrap();
    assert_eq!(dead.last_error.as_deref(), Some("timeout again"));
    let history: Vec<_> = dead
        .errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["error"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(history, ["timeout", "timeout again"]);
    let (f, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    s.claim_job("w", &[], 30, NOW + 20).await.unwrap().unwrap();
    assert_eq!(
        s.fail_job(f.id, "w", "404", FailureAction::Fail, NOW + 21)
            .await
            .unwrap(),
        Some(JobState::Failed)
    );
    let (b, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    s.claim_job("w", &[], 30, NOW + 30).await.unwrap().unwrap();
    assert_eq!(
        s.fail_job(
            b.id,
            "w",
            "sha256 on blocklist",
            FailureAction::Block,
            NOW + 31
        )
        .await
        .unwrap(),
        Some(JobState::Blocked)
    );
    assert!(
        s.claim_job("w", &[], 30, NOW + 1000)
            .await
            .unwrap()
            .is_none(),
        "final jobs never run again"
    );
}

/// A lease that expires mid-job: the job is reclaimed and claimed by another worker; the
/// first worker's late writes are refused; out of attempts a reclaimed job is dead.
pub async fn expired_lease_is_reclaimed_mid_job(s: S) {
    let (j, _) = s
        .enqueue_job(
            &NewJob {
                max_attempts: 2,
                ..job(None)
            },
            NOW,
        )
        .await
        .unwrap();
    s.claim_job("dying", &[], 30, NOW).await.unwrap().unwrap();
    assert!(s
        .save_checkpoint(j.id, "dying", "fetch", &json!({"bytes": 10}), NOW + 5)
        .await
        .unwrap());
    assert_eq!(
        s.reclaim_expired_leases(NOW + 30).await.unwrap(),
        0,
        "not expired at the boundary"
    );
    assert_eq!(s.reclaim_expired_leases(NOW + 31).await.unwrap(), 1);
    let next = s
        .claim_job("healthy", &[], 30, NOW + 32)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            next.attempts,
            next.stage.as_deref(),
            next.checkpoint.clone()
        ),
        (2, Some("fetch"), json!({"bytes": 10})),
        "resumes at the checkpoint"
    );
    assert!(!s
        .save_checkpoint(j.id, "dying", "upload", &json!({}), NOW + 33)
        .await
        .unwrap());
    assert!(!s.complete_job(j.id, "dying", NOW + 33).await.unwrap());
    assert_eq!(s.reclaim_expired_leases(NOW + 100).await.unwrap(), 1);
    let dead = s.get_job(j.id).await.unwrap().unwrap();
    assert_eq!(
        (dead.state, dead.last_error.as_deref()),
        (JobState::Dead, Some("lease expired"))
    );
}
