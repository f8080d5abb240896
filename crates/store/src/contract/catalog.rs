//! Jobs, reports, blocklist, metadata cache.

use super::content::movie;
use super::{NOW, S};
use crate::blocklist::{HashKind, NewBlockEntry};
use crate::contents::insert_with_fresh_slug;
use crate::jobs::{JobState, NewJob};
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
    assert_eq!((a.state, a.attempts, a.stage.as_deref()), (JobState::Queued, 0, None));
    assert_eq!(a.payload, job(None).payload);
    let (a2, new_a2) = s.enqueue_job(&job(Some("url:a")), NOW + 1).await.unwrap();
    assert!(!new_a2);
    assert_eq!(a2.id, a.id);
    let (b, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    let (c, _) = s.enqueue_job(&job(None), NOW).await.unwrap();
    assert_ne!(b.id, c.id, "jobs without a key never de-duplicate");
    s.save_checkpoint(a.id, "probe", &json!({"message_ids": [5, 6]}), NOW + 2).await.unwrap();
    let a3 = s.get_job(a.id).await.unwrap().unwrap();
    assert_eq!((a3.stage.as_deref(), a3.checkpoint.clone(), a3.updated_at), (Some("probe"), json!({"message_ids": [5, 6]}), NOW + 2));
    assert!(s.cancel_job(a.id, NOW + 3).await.unwrap());
    assert!(!s.cancel_job(a.id, NOW + 4).await.unwrap());
    assert_eq!(s.get_job(a.id).await.unwrap().unwrap().state, JobState::Cancelled);
    let (d, new_d) = s.enqueue_job(&job(Some("url:a")), NOW + 5).await.unwrap();
    assert!(new_d && d.id != a.id, "a finished job frees its dedupe key");
    assert_eq!(s.list_jobs(Some(JobState::Cancelled), 10).await.unwrap().len(), 1);
    let all = s.list_jobs(None, 10).await.unwrap();
    assert_eq!(all.iter().map(|j| j.id).collect::<Vec<_>>(), vec![d.id, c.id, b.id, a.id]);
    assert!(matches!(s.cancel_job(JobId(999_999), NOW).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(
        s.save_checkpoint(JobId(999_999), "x", &json!({}), NOW).await,
        Err(StoreError::NotFound { .. })
    ));
    let bad = NewJob { max_attempts: 0, ..job(None) };
    assert!(matches!(s.enqueue_job(&bad, NOW).await, Err(StoreError::Invalid(_))));
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
    assert_eq!((a.status, a.resolved_at, a.report.clone()), (ReportStatus::Open, None, r));
    assert_eq!(s.list_reports(ReportStatus::Open, 10).await.unwrap().len(), 2);
    let fixed = s.resolve_report(a.id, ReportStatus::Fixed, NOW + 100).await.unwrap();
    assert_eq!((fixed.status, fixed.resolved_at), (ReportStatus::Fixed, Some(NOW + 100)));
    s.resolve_report(b.id, ReportStatus::Alive, NOW + 100).await.unwrap();
    assert_eq!(s.count_reports_resolved_between(ReportStatus::Fixed, NOW, NOW + 101).await.unwrap(), 1);
    assert_eq!(s.count_reports_resolved_between(ReportStatus::Fixed, NOW + 101, NOW + 200).await.unwrap(), 0);
    assert!(s.list_reports(ReportStatus::Open, 10).await.unwrap().is_empty());
    assert!(matches!(s.resolve_report(999_999, ReportStatus::Dead, NOW).await, Err(StoreError::NotFound { .. })));
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
    let added = s
        .add_block_entries(&[e(HashKind::Sha256, &sha), e(HashKind::Md5, &"b".repeat(32)), e(HashKind::Sha256, &sha)], NOW)
        .await
        .unwrap();
    assert_eq!(added, 2);
    assert_eq!(s.add_block_entries(&[e(HashKind::Sha256, &sha)], NOW).await.unwrap(), 0);
    let found = s.find_block_entry(HashKind::Sha256, &sha).await.unwrap().unwrap();
    assert_eq!(found.entry.value, "a".repeat(64));
    assert!(s.find_block_entry(HashKind::Sha1, &"a".repeat(40)).await.unwrap().is_none());
    assert!(s.find_block_entry(HashKind::Md5, &"a".repeat(64)).await.unwrap().is_none());
    s.add_block_entries(&[e(HashKind::Pdq, &"f0".repeat(32))], NOW).await.unwrap();
    assert_eq!(s.list_block_entries(HashKind::Pdq).await.unwrap().len(), 1);
    let bad = NewBlockEntry { value: "xyz".into(), ..e(HashKind::Md5, &"c".repeat(32)) };
    assert!(matches!(s.add_block_entries(&[bad], NOW).await, Err(StoreError::Invalid(_))));
    assert!(HashKind::Sha1.normalize("abc").is_err());
    assert!(s.remove_block_entry(found.id).await.unwrap());
    assert!(!s.remove_block_entry(found.id).await.unwrap());
    assert!(s.find_block_entry(HashKind::Sha256, &sha).await.unwrap().is_none());
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
    assert_eq!(s.get_metadata("tmdb", "movie/603").await.unwrap().as_ref(), Some(&m));
    assert!(s.get_metadata("omdb", "movie/603").await.unwrap().is_none());
    let newer = CachedMetadata { body: json!({"id": 603, "title": "Matrix"}), fetched_at: NOW + 60, ..m };
    s.put_metadata(&newer).await.unwrap();
    assert_eq!(s.get_metadata("tmdb", "movie/603").await.unwrap(), Some(newer));
}
