//! Users, referrals, comments, wishlist.

use super::{NOW, S};
use crate::contents::{insert_with_fresh_slug, ContentFields, ContentKind};
use crate::referrals::{Referral, ReferralStatus};
use crate::users::UserProfile;
use crate::wishlist::NewWishRequest;
use crate::StoreError;
use streamvault_core::{TelegramUserId, Tier};

/// A profile for user `id`.
pub fn profile(id: i64) -> UserProfile {
    UserProfile {
        id: TelegramUserId(id),
        username: Some(format!("user{id}")),
        display_name: Some(format!("User {id}")),
    }
}

/// First contact creates; later contacts refresh names; listing pages by id.
pub async fn users_touch_update_and_list(s: S) {
    let (u, created) = s.touch_user(&profile(10), NOW).await.unwrap();
    assert!(created);
    assert_eq!(
        (u.tier, u.created_at, u.last_seen_at),
        (Tier::Free, NOW, NOW)
    );
    let renamed = UserProfile {
        username: Some("renamed".into()),
        ..profile(10)
    };
    let (u2, created2) = s.touch_user(&renamed, NOW + 5).await.unwrap();
    assert!(!created2);
    assert_eq!(u2.username.as_deref(), Some("renamed"));
    assert_eq!((u2.created_at, u2.last_seen_at), (NOW, NOW + 5));
    assert_eq!(s.get_user(TelegramUserId(10)).await.unwrap(), Some(u2));
    assert_eq!(s.get_user(TelegramUserId(11)).await.unwrap(), None);
    for id in [30, 20, 40] {
        s.touch_user(&profile(id), NOW + id).await.unwrap();
    }
    let page1 = s.list_users(None, 2).await.unwrap();
    assert_eq!(
        page1.iter().map(|u| u.id.0).collect::<Vec<_>>(),
        vec![10, 20]
    );
    let page2 = s.list_users(Some(TelegramUserId(20)), 10).await.unwrap();
    assert_eq!(
        page2.iter().map(|u| u.id.0).collect::<Vec<_>>(),
        vec![30, 40]
    );
    assert_eq!(
        s.count_users_created_between(NOW, NOW + 30).await.unwrap(),
        2
    );
    assert_eq!(
        s.count_users_created_between(NOW + 1, NOW + 41)
            .await
            .unwrap(),
        3
    );
}

/// Tiers, referral codes (unique) and the one-time referrer.
pub async fn user_tiers_codes_and_referrers(s: S) {
    s.touch_user(&profile(1), NOW).await.unwrap();
    s.touch_user(&profile(2), NOW).await.unwrap();
    s.set_tier(TelegramUserId(1), Tier::Premium, Some(NOW + 86400))
        .await
        .unwrap();
    let u = s.get_user(TelegramUserId(1)).await.unwrap().unwrap();
    assert_eq!(
        (u.tier, u.premium_until),
        (Tier::Premium, Some(NOW + 86400))
    );
    assert!(matches!(
        s.set_tier(TelegramUserId(99), Tier::Banned, None).await,
        Err(StoreError::NotFound { .. })
    ));
    s.set_referral_code(TelegramUserId(1), "abc123")
        .await
        .unwrap();
    assert!(matches!(
        s.set_referral_code(TelegramUserId(2), "abc123").await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.user_by_referral_code("abc123").await.unwrap().unwrap().id,
        TelegramUserId(1)
    );
    assert!(s.user_by_referral_code("nope").await.unwrap().is_none());
    assert!(s
        .set_referred_by(TelegramUserId(2), TelegramUserId(1))
        .await
        .unwrap());
    assert!(!s
        .set_referred_by(TelegramUserId(2), TelegramUserId(1))
        .await
        .unwrap());
    let u2 = s.get_user(TelegramUserId(2)).await.unwrap().unwrap();
    assert_eq!(u2.referred_by, Some(TelegramUserId(1)));
}

/// A user is referred once; only valid referrals count.
pub async fn referrals_count_once(s: S) {
    for id in 1..=4 {
        s.touch_user(&profile(id), NOW).await.unwrap();
    }
    let r = |invitee, status| Referral {
        inviter: TelegramUserId(1),
        invitee: TelegramUserId(invitee),
        status,
        reason: (status == ReferralStatus::Rejected).then(|| "account too new".to_owned()),
        created_at: NOW + invitee,
    };
    assert!(s
        .record_referral(&r(2, ReferralStatus::Valid))
        .await
        .unwrap());
    assert!(!s
        .record_referral(&r(2, ReferralStatus::Valid))
        .await
        .unwrap());
    assert!(s
        .record_referral(&r(3, ReferralStatus::Rejected))
        .await
        .unwrap());
    assert!(s
        .record_referral(&r(4, ReferralStatus::Valid))
        .await
        .unwrap());
    assert_eq!(s.count_valid_referrals(TelegramUserId(1)).await.unwrap(), 2);
    assert_eq!(s.count_valid_referrals(TelegramUserId(2)).await.unwrap(), 0);
    let all = s.list_referrals(TelegramUserId(1)).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1], r(3, ReferralStatus::Rejected));
}

/// Newest-first pages, hidden comments left out, deletion.
pub async fn comments_paginate_and_moderate(s: S) {
    s.touch_user(&profile(7), NOW).await.unwrap();
    let c = insert_with_fresh_slug(&*s, &ContentFields::new("Film", ContentKind::Movie), NOW)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..5 {
        let cm = s
            .add_comment(c.id, TelegramUserId(7), &format!("comment {i}"), NOW + i)
            .await
            .unwrap();
        assert!(!cm.hidden);
        ids.push(cm.id);
    }
    let page = s.list_comments(c.id, None, 2).await.unwrap();
    assert_eq!(
        page.iter().map(|c| c.body.as_str()).collect::<Vec<_>>(),
        ["comment 4", "comment 3"]
    );
    let next = s.list_comments(c.id, Some(page[1].id), 10).await.unwrap();
    assert_eq!(next.len(), 3);
    assert!(s.set_comment_hidden(ids[4], true).await.unwrap());
    assert!(s.get_comment(ids[4]).await.unwrap().unwrap().hidden);
    assert_eq!(s.list_comments(c.id, None, 10).await.unwrap().len(), 4);
    assert!(s.delete_comment(ids[0]).await.unwrap());
    assert!(!s.delete_comment(ids[0]).await.unwrap());
    assert!(s.get_comment(ids[0]).await.unwrap().is_none());
    assert!(!s.set_comment_hidden(ids[0], false).await.unwrap());
    assert_eq!(s.list_comments(c.id, None, 10).await.unwrap().len(), 3);
}

/// One request per user and title/year/season (unknown year included); notified once.
pub async fn wishlist_dedupes_and_notifies_once(s: S) {
    s.touch_user(&profile(1), NOW).await.unwrap();
    s.touch_user(&profile(2), NOW).await.unwrap();
    let req = |user, year| NewWishRequest {
        user_id: TelegramUserId(user),
        title: "The Matrix".into(),
        normalized_title: "the matrix".into(),
        year,
        season: None,
    };
    let (a, new_a) = s.add_request(&req(1, None), NOW).await.unwrap();
    let (a2, new_a2) = s.add_request(&req(1, None), NOW + 1).await.unwrap();
    assert!(new_a && !new_a2);
    assert_eq!(a.id, a2.id);
    let (_, new_b) = s.add_request(&req(1, Some(1999)), NOW).await.unwrap();
    let (c, new_c) = s.add_request(&req(2, Some(1999)), NOW).await.unwrap();
    assert!(new_b && new_c);
    assert_eq!(
        s.open_requests_for_title("the matrix").await.unwrap().len(),
        3
    );
    let content = insert_with_fresh_slug(
        &*s,
        &ContentFields::new("The Matrix", ContentKind::Movie),
        NOW,
    )
    .await
    .unwrap();
    assert!(s
        .mark_request_notified(c.id, content.id, NOW + 9)
        .await
        .unwrap());
    assert!(!s
        .mark_request_notified(c.id, content.id, NOW + 10)
        .await
        .unwrap());
    assert_eq!(
        s.open_requests_for_title("the matrix").await.unwrap().len(),
        2
    );
    let mine = s.list_user_requests(TelegramUserId(2)).await.unwrap();
    assert_eq!(
        (mine[0].notified_at, mine[0].content_id),
        (Some(NOW + 9), Some(content.id))
    );
}
