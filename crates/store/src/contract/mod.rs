//! The contract every storage backend must pass. A backend's test file calls
//! [`store_contract_tests!`](crate::store_contract_tests) with a factory that returns a
//! fresh, migrated, isolated store; each case becomes its own `#[tokio::test]`.

mod catalog;
mod content;
mod people;
mod races;
mod system;

pub use catalog::*;
pub use content::*;
pub use people::*;
pub use races::*;
pub use system::*;

use crate::Store;
use std::sync::Arc;

/// A store under test plus whatever keeps its database alive (temp dir, database to drop).
pub struct TestStore {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Dropped after the test: removes the isolated database.
    pub guard: Box<dyn std::any::Any + Send>,
}

/// A fixed "now" so tests never depend on the clock.
pub const NOW: i64 = 1_800_000_000;

/// Expands every contract case into a `#[tokio::test]` using `$factory().await` to get a
/// fresh [`TestStore`].
#[macro_export]
macro_rules! store_contract_tests {
    ($factory:path) => {
        $crate::store_contract_tests!(@cases $factory;
            users_touch_update_and_list, user_tiers_codes_and_referrers, referrals_count_once,
            contents_round_trip, slug_collision_is_reported, fix_slugs_gives_every_legacy_entry_a_slug,
            tombstoned_content_is_never_read, telegram_refs_round_trip, downloads_round_trip,
            media_info_and_screenshots_round_trip, jobs_enqueue_dedupe_checkpoint_cancel,
            wishlist_dedupes_and_notifies_once, reports_resolve_and_count, comments_paginate_and_moderate,
            blocklist_dedupes_and_normalizes, metadata_cache_replaces, tenants_billing_and_visitors,
            daily_stats_upsert_and_range, magic_links_states, ad_links_and_access_grants,
            audit_log_appends, settings_round_trip, ping_answers, play_lookup_reads_user_and_content, foreign_keys_are_enforced,
            racing_inserts_for_one_slug_have_one_winner, magic_link_consumed_once_by_twenty_racers,
            concurrent_touches_create_a_user_once, jobs_lease_lifecycle, jobs_failures_retry_then_die,
            expired_lease_is_reclaimed_mid_job, many_claimers_race_for_few_jobs
        );
    };
    (@cases $factory:path; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $case() {
                let test_store: $crate::contract::TestStore = $factory().await;
                $crate::contract::$case(test_store.store.clone()).await;
                drop(test_store);
            }
        )+
    };
}
pub use crate::store_contract_tests;

/// Shorthand for the assertions' `Arc<dyn Store>` parameter.
pub type S = Arc<dyn Store>;
