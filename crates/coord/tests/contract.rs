//! The coordinator contract, run against both implementations: `in_process::*` with a
//! manual clock, `redis::*` against the Redis at `REDIS_URL` (default the local server),
//! each test under its own random key prefix that is deleted afterwards. When Redis
//! cannot be reached the Redis tests fail: they never skip.

mod cases;

/// Expands every contract case into a `#[tokio::test]` inside `mod $name`, each getting a
/// fresh harness from `$factory().await`.
macro_rules! coord_contract_tests {
    ($name:ident, $factory:path) => {
        coord_contract_tests!(@cases $name, $factory;
            registered_session_is_alive_until_its_heartbeat_lapses, unknown_sessions_are_reported,
            choice_prefers_least_busy_and_reserves_a_job, choice_only_takes_eligible_sessions,
            concurrent_choices_spread_evenly, cooldown_is_shared_and_only_lengthens,
            dead_sessions_leave_rotation_until_registered_again, choice_among_takes_only_the_listed_sessions,
            ties_go_to_the_session_chosen_least_recently,
            heavy_permits_respect_the_limit_per_host, concurrent_permit_requests_grant_exactly_the_limit,
            lapsed_holders_free_their_permits, rate_limiter_allows_a_burst_then_says_when,
            rate_limiter_rejects_empty_rates, ttl_lock_is_exclusive_renewable_and_lapses,
            concurrent_lock_attempts_have_one_winner, daily_counters_count_and_roll_up,
            increments_racing_a_roll_up_are_never_lost
        );
    };
    (@cases $name:ident, $factory:path; $($case:ident),+ $(,)?) => {
        mod $name {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let harness = $factory().await;
                    crate::cases::$case(&harness).await;
                }
            )+
        }
    };
}

coord_contract_tests!(in_process, crate::cases::harness::in_process);
coord_contract_tests!(redis, crate::cases::harness::redis);
