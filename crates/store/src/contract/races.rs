//! Races done for real with concurrent tasks.

use super::content::movie;
use super::people::profile;
use super::{NOW, S};
use crate::auth::MagicLinkUse;
use crate::jobs::NewJob;
use crate::StoreError;
use futures::future::join_all;
use streamvault_core::{Slug, TelegramUserId};

/// Two inserts racing for one slug: exactly one wins, the other gets `SlugTaken`.
pub async fn racing_inserts_for_one_slug_have_one_winner(s: S) {
    for round in 0..10 {
        let slug = Slug::parse(&format!("Race{round:03}")).unwrap();
        let tasks = (0..2).map(|i| {
            let (s, slug) = (s.clone(), slug.clone());
            tokio::spawn(async move {
                s.insert_content(&movie(&format!("racer {i}")), Some(&slug), NOW)
                    .await
            })
        });
        let results: Vec<_> = join_all(tasks)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let wins = results.iter().filter(|r| r.is_ok()).count();
        let taken = results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::SlugTaken(_))))
            .count();
        assert_eq!((wins, taken), (1, 1), "round {round}: {results:?}");
    }
    assert_eq!(s.list_contents(None, 100).await.unwrap().len(), 10);
}

/// One magic link consumed by 20 concurrent callers: exactly one success.
pub async fn magic_link_consumed_once_by_twenty_racers(s: S) {
    s.insert_magic_link("race", TelegramUserId(9), NOW + 600, NOW)
        .await
        .unwrap();
    let tasks = (0..20).map(|_| {
        let s = s.clone();
        tokio::spawn(async move { s.consume_magic_link("race", NOW + 1).await })
    });
    let results: Vec<_> = join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    let winners = results
        .iter()
        .filter(|r| **r == MagicLinkUse::Consumed(TelegramUserId(9)))
        .count();
    let replays = results
        .iter()
        .filter(|r| **r == MagicLinkUse::AlreadyUsed)
        .count();
    assert_eq!((winners, replays), (1, 19), "{results:?}");
}

/// Many first contacts of one user at once create it exactly once.
pub async fn concurrent_touches_create_a_user_once(s: S) {
    let tasks = (0..10).map(|_| {
        let s = s.clone();
        tokio::spawn(async move { s.touch_user(&profile(500), NOW).await })
    });
    let results: Vec<_> = join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|(_, created)| *created).count(), 1);
}

/// Many claimers racing for few jobs: every job is claimed exactly once.
pub async fn many_claimers_race_for_few_jobs(s: S) {
    for i in 0..5 {
        let j = NewJob {
            kind: "ingest".into(),
            payload: serde_json::json!({"n": i}),
            priority: 0,
            max_attempts: 3,
            dedupe_key: None,
            run_after: NOW,
        };
        s.enqueue_job(&j, NOW).await.unwrap();
    }
    let tasks = (0..20).map(|w| {
        let s = s.clone();
        tokio::spawn(async move { s.claim_job(&format!("w{w}"), &[], 60, NOW).await })
    });
    let claimed: Vec<_> = join_all(tasks)
        .await
        .into_iter()
        .filter_map(|r| r.unwrap().unwrap())
        .collect();
    let mut ids: Vec<_> = claimed.iter().map(|j| j.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!((claimed.len(), ids.len()), (5, 5), "{claimed:?}");
}
