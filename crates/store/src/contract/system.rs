//! Tenants, statistics, auth tokens, audit log, settings, integrity.

use super::content::movie;
use super::{NOW, S};
use crate::analytics::DailyStats;
use crate::audit::AuditEntry;
use crate::auth::{AccessGrant, AdLink, MagicLinkUse};
use crate::contents::insert_with_fresh_slug;
use crate::telegram_refs::{NewTelegramRef, RefRole};
use crate::tenants::{NewTenant, TenantStatus};
use crate::StoreError;
use chrono::NaiveDate;
use serde_json::json;
use streamvault_core::{ContentId, TelegramUserId, TenantId};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Tenants: unique domains, billing states, payments, monthly visitors.
pub async fn tenants_billing_and_visitors(s: S) {
    let t = NewTenant {
        name: "Site One".into(),
        domain: "Site1.Example".into(),
        owner_email: Some("owner@example.test".into()),
        owner_telegram_id: Some(TelegramUserId(77)),
        next_bill_date: date(2026, 12, 1),
    };
    let a = s.create_tenant(&t, NOW).await.unwrap();
    assert_eq!(
        (a.status, a.tenant.domain.as_str(), a.tenant.next_bill_date),
        (TenantStatus::Active, "site1.example", date(2026, 12, 1))
    );
    assert!(matches!(
        s.create_tenant(&t, NOW).await,
        Err(StoreError::Conflict { .. })
    ));
    let b = s
        .create_tenant(
            &NewTenant {
                domain: "two.example".into(),
                owner_email: None,
                owner_telegram_id: None,
                ..t
            },
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        s.tenant_by_domain("SITE1.example")
            .await
            .unwrap()
            .map(|t| t.id),
        Some(a.id)
    );
    assert_eq!(
        s.list_tenants()
            .await
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect::<Vec<_>>(),
        vec![a.id, b.id]
    );
    let due = s
        .set_tenant_status(a.id, TenantStatus::Suspended, NOW + 1)
        .await
        .unwrap();
    assert_eq!(
        (due.status, due.updated_at),
        (TenantStatus::Suspended, NOW + 1)
    );
    let paid = s
        .record_payment(a.id, date(2027, 1, 1), NOW + 2)
        .await
        .unwrap();
    assert_eq!(
        (paid.status, paid.tenant.next_bill_date),
        (TenantStatus::Active, date(2027, 1, 1))
    );
    assert_eq!(s.get_tenant(a.id).await.unwrap(), Some(paid));
    assert!(matches!(
        s.set_tenant_status(TenantId(999), TenantStatus::Active, NOW)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    s.add_monthly_visitors(a.id, "2026-11", 120).await.unwrap();
    s.add_monthly_visitors(a.id, "2026-11", 30).await.unwrap();
    s.add_monthly_visitors(b.id, "2026-11", 5).await.unwrap();
    assert_eq!(s.monthly_visitors(a.id, "2026-11").await.unwrap(), 150);
    assert_eq!(s.monthly_visitors(a.id, "2026-10").await.unwrap(), 0);
    assert!(matches!(
        s.add_monthly_visitors(a.id, "2026-13", 1).await,
        Err(StoreError::Invalid(_))
    ));
}

/// Daily statistics: upsert replaces a day; ranges are inclusive and ordered.
pub async fn daily_stats_upsert_and_range(s: S) {
    let day = |d, users| DailyStats {
        day: date(2026, 11, d),
        new_users: users,
        bandwidth_bytes: 10_000_000_000,
        dead_links_fixed: 2,
        cache_used_bytes: 40 << 30,
        cache_max_bytes: 100 << 30,
        reported_at: None,
    };
    for d in [3, 1, 2] {
        s.upsert_daily_stats(&day(d, i64::from(d))).await.unwrap();
    }
    let replaced = DailyStats {
        reported_at: Some(NOW),
        ..day(2, 50)
    };
    s.upsert_daily_stats(&replaced).await.unwrap();
    let got = s
        .daily_stats_range(date(2026, 11, 2), date(2026, 11, 3))
        .await
        .unwrap();
    assert_eq!(got, vec![replaced, day(3, 3)]);
    assert_eq!(
        s.daily_stats_range(date(2026, 10, 1), date(2026, 12, 1))
            .await
            .unwrap()
            .len(),
        3
    );
}

/// Magic links: consumed once, then replay; expiry; unknown ids.
pub async fn magic_links_states(s: S) {
    s.insert_magic_link("jti-1", TelegramUserId(5), NOW + 600, NOW)
        .await
        .unwrap();
    s.insert_magic_link("jti-old", TelegramUserId(5), NOW - 1, NOW - 601)
        .await
        .unwrap();
    assert!(matches!(
        s.insert_magic_link("jti-1", TelegramUserId(6), NOW + 600, NOW)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.consume_magic_link("jti-1", NOW + 10).await.unwrap(),
        MagicLinkUse::Consumed(TelegramUserId(5))
    );
    assert_eq!(
        s.consume_magic_link("jti-1", NOW + 11).await.unwrap(),
        MagicLinkUse::AlreadyUsed
    );
    assert_eq!(
        s.consume_magic_link("jti-old", NOW).await.unwrap(),
        MagicLinkUse::Expired
    );
    assert_eq!(
        s.consume_magic_link("never", NOW).await.unwrap(),
        MagicLinkUse::Unknown
    );
    s.insert_magic_link("jti-2", TelegramUserId(5), NOW + 600, NOW)
        .await
        .unwrap();
    assert_eq!(
        s.consume_magic_link("jti-2", NOW + 600).await.unwrap(),
        MagicLinkUse::Expired,
        "expiry is exclusive"
    );
}

/// Ad links by alias; access grants valid until expiry.
pub async fn ad_links_and_access_grants(s: S) {
    let c = insert_with_fresh_slug(&*s, &movie("Pack"), NOW)
        .await
        .unwrap();
    let link = AdLink {
        content_id: c.id,
        alias: "sv-abc".into(),
        target_url: "https://site.test/access/tok".into(),
        short_url: "https://short.test/xxxx".into(),
        created_at: NOW,
    };
    s.create_ad_link(&link).await.unwrap();
    assert!(matches!(
        s.create_ad_link(&link).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.ad_link_by_alias("sv-abc").await.unwrap(), Some(link));
    assert!(s.ad_link_by_alias("nope").await.unwrap().is_none());
    let g = AccessGrant {
        token_hash: "h".repeat(64),
        content_id: c.id,
        user_id: None,
        expires_at: NOW + 3600,
    };
    s.add_access_grant(&g, NOW).await.unwrap();
    assert_eq!(
        s.valid_access_grant(&g.token_hash, NOW + 3599)
            .await
            .unwrap(),
        Some(g.clone())
    );
    assert!(s
        .valid_access_grant(&g.token_hash, NOW + 3600)
        .await
        .unwrap()
        .is_none());
    assert!(s.valid_access_grant("other", NOW).await.unwrap().is_none());
}

/// The audit log appends and pages newest first.
pub async fn audit_log_appends(s: S) {
    let e = |action: &str| AuditEntry {
        id: 0,
        actor: "tg:1".into(),
        action: action.into(),
        target: Some("content:1".into()),
        details: json!({"reason": "test"}),
        created_at: NOW,
    };
    let a = s.append_audit(&e("takedown")).await.unwrap();
    let b = s.append_audit(&e("edit")).await.unwrap();
    assert!(b > a);
    let all = s.list_audit(None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["edit", "takedown"]
    );
    assert_eq!(
        all[1],
        AuditEntry {
            id: a,
            ..e("takedown")
        }
    );
    assert_eq!(s.list_audit(Some(b), 10).await.unwrap().len(), 1);
}

/// The gatekeeper's one-query read: user tier plus the visible content of a slug.
pub async fn play_lookup_reads_user_and_content(s: S) {
    use crate::contents::{ContentFields, ContentKind, ContentStatus};
    use crate::users::UserProfile;
    use streamvault_core::{Slug, Tier};
    let slug = Slug::parse("Play123").unwrap();
    assert_eq!(
        s.play_lookup(TelegramUserId(1), &slug).await.unwrap(),
        None,
        "unknown user"
    );
    s.touch_user(
        &UserProfile {
            id: TelegramUserId(1),
            username: None,
            display_name: None,
        },
        NOW,
    )
    .await
    .unwrap();
    s.set_tier(TelegramUserId(1), Tier::Premium, Some(NOW + 5))
        .await
        .unwrap();
    let none = s
        .play_lookup(TelegramUserId(1), &slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (none.tier, none.premium_until, none.content),
        (Tier::Premium, Some(NOW + 5), None)
    );
    let fields = ContentFields {
        status: ContentStatus::Published,
        file_name: Some("f.mkv".into()),
        ..ContentFields::new("F", ContentKind::Movie)
    };
    let c = s.insert_content(&fields, Some(&slug), NOW).await.unwrap();
    let found = s
        .play_lookup(TelegramUserId(1), &slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        found.content,
        Some((c.id, ContentStatus::Published, Some("f.mkv".into())))
    );
    s.tombstone_content(c.id, "tg:1", "x", NOW).await.unwrap();
    assert_eq!(
        s.play_lookup(TelegramUserId(1), &slug)
            .await
            .unwrap()
            .unwrap()
            .content,
        None,
        "removed content is invisible"
    );
}

/// The health check answers.
pub async fn ping_answers(s: S) {
    s.ping().await.unwrap();
    assert!(matches!(s.backend_name(), "sqlite" | "postgres"));
}

/// Settings are JSON values by key.
pub async fn settings_round_trip(s: S) {
    assert!(s.get_setting("public_mode").await.unwrap().is_none());
    s.set_setting("public_mode", &json!(true)).await.unwrap();
    s.set_setting("public_mode", &json!({"enabled": false}))
        .await
        .unwrap();
    assert_eq!(
        s.get_setting("public_mode").await.unwrap(),
        Some(json!({"enabled": false}))
    );
    assert!(s.delete_setting("public_mode").await.unwrap());
    assert!(!s.delete_setting("public_mode").await.unwrap());
}

/// Rows that point at missing parents are refused on both backends.
pub async fn foreign_keys_are_enforced(s: S) {
    let orphan = NewTelegramRef {
        content_id: ContentId(31_337),
        role: RefRole::Video,
        channel_id: -100,
        message_id: 1,
        media_group_id: None,
        bot_file_id: None,
        file_unique_id: None,
        uploaded_by: None,
        part: 0,
    };
    assert!(matches!(
        s.add_telegram_ref(&orphan, NOW).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.add_comment(ContentId(31_337), TelegramUserId(1), "hi", NOW)
            .await,
        Err(StoreError::Invalid(_))
    ));
}
