//! Pure rules: what happens to a job after a failed step, and how long to back off.
//! Randomness (the jitter) is passed in, so the rules are tested exactly.

use crate::config::Backoff;
use crate::error::StepError;
use std::time::Duration;
use streamvault_coord::CoordError;
use streamvault_telegram::WorkerError;

/// What the runner does after a step failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// The session must wait (FloodWait): cool it down for `cooldown` and give the job,
    /// with its checkpoint, to another session at once.
    HandOver {
        /// How long the session gets no work.
        cooldown: Duration,
    },
    /// The session is gone (banned, deauthorized): take it out of rotation and give the
    /// job to another session.
    RetireSession {
        /// Why, for the coordinator and the alert.
        reason: String,
    },
    /// Transient: record the failure and run the job again after a backoff.
    Retry,
    /// Permanent: the job fails.
    Fail,
    /// The blocklist stopped the job.
    Block,
    /// The lease is gone: leave the job alone (someone else owns it now).
    Abandon,
    /// Shutdown: give the job back unfinished.
    Release,
}

/// Decides from the error's type alone.
pub fn decide(error: &StepError) -> Disposition {
    match error {
        StepError::Worker(w) => match w {
            WorkerError::FloodWait { seconds } => Disposition::HandOver {
                cooldown: Duration::from_secs(u64::from((*seconds).max(1))),
            },
            WorkerError::SessionDead { reason } => Disposition::RetireSession {
                reason: reason.clone(),
            },
            // The session may learn the peer or a fresh reference on the next attempt.
            WorkerError::PeerUnknown
            | WorkerError::FileReferenceExpired
            | WorkerError::Transport { .. } => Disposition::Retry,
            WorkerError::TooLarge { .. } | WorkerError::InvalidRequest { .. } => Disposition::Fail,
        },
        StepError::Store(e) if e.is_transient() => Disposition::Retry,
        StepError::Store(_) => Disposition::Fail,
        StepError::Coord(CoordError::Backend(_)) => Disposition::Retry,
        StepError::Coord(_) => Disposition::Fail,
        StepError::LeaseLost => Disposition::Abandon,
        StepError::Shutdown => Disposition::Release,
        StepError::Transient(_) => Disposition::Retry,
        StepError::Permanent(_) => Disposition::Fail,
        StepError::Blocked(_) => Disposition::Block,
    }
}

/// The delay before attempt `attempt + 1` after attempt `attempt` (1-based) failed:
/// `base · 2^(attempt-1)`, capped at `max`, then "equal jitter": half of it fixed and
/// half scaled by `jitter` (a number in `[0, 1)`), so retries of many jobs that failed
/// together spread out but never come sooner than half the nominal delay.
pub fn backoff_delay(policy: &Backoff, attempt: u32, jitter: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(32);
    let nominal = policy
        .base
        .checked_mul(1u32 << doublings.min(31))
        .unwrap_or(policy.max)
        .min(policy.max);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = nominal / 2;
    half + half.mul_f64(jitter)
}

/// The store's `run_after` (whole unix seconds) for a retry after `delay` from `now`,
/// rounded up so the delay is never cut short.
pub fn retry_at(now: i64, delay: Duration) -> i64 {
    let secs = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
    now.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use streamvault_store::StoreError;

    const POLICY: Backoff = Backoff {
        base: Duration::from_secs(5),
        max: Duration::from_secs(60),
    };

    #[test]
    fn backoff_doubles_then_caps_and_jitter_stays_within_half() {
        let no_jitter: Vec<u64> = (1..=6)
            .map(|a| backoff_delay(&POLICY, a, 0.0).as_millis() as u64)
            .collect();
        assert_eq!(no_jitter, [2500, 5000, 10_000, 20_000, 30_000, 30_000]);
        let full: Vec<u64> = (1..=6)
            .map(|a| backoff_delay(&POLICY, a, 0.999_999).as_secs())
            .collect();
        assert_eq!(full, [4, 9, 19, 39, 59, 59]);
        assert_eq!(backoff_delay(&POLICY, 2, 0.5), Duration::from_millis(7500));
        assert_eq!(backoff_delay(&POLICY, 0, 0.0), Duration::from_millis(2500));
        assert_eq!(backoff_delay(&POLICY, u32::MAX, 0.0), POLICY.max / 2);
        assert_eq!(backoff_delay(&POLICY, 3, f64::NAN), Duration::from_secs(10));
        assert_eq!(backoff_delay(&POLICY, 3, 7.0), Duration::from_secs(20));
    }

    #[test]
    fn retry_time_rounds_up_to_whole_seconds() {
        assert_eq!(retry_at(100, Duration::from_millis(2500)), 103);
        assert_eq!(retry_at(100, Duration::from_secs(2)), 102);
        assert_eq!(retry_at(i64::MAX - 1, Duration::from_secs(5)), i64::MAX);
    }

    #[test]
    fn flood_waits_hand_over_and_dead_sessions_retire() {
        let flood = StepError::Worker(WorkerError::FloodWait { seconds: 31 });
        assert_eq!(
            decide(&flood),
            Disposition::HandOver {
                cooldown: Duration::from_secs(31)
            }
        );
        let zero = StepError::Worker(WorkerError::FloodWait { seconds: 0 });
        assert_eq!(
            decide(&zero),
            Disposition::HandOver {
                cooldown: Duration::from_secs(1)
            }
        );
        let dead = StepError::Worker(WorkerError::SessionDead {
            reason: "SESSION_REVOKED".into(),
        });
        assert_eq!(
            decide(&dead),
            Disposition::RetireSession {
                reason: "SESSION_REVOKED".into()
            }
        );
    }

    #[test]
    fn retry_or_drop_follows_the_error_type() {
        let cases = [
            (
                StepError::Worker(WorkerError::PeerUnknown),
                Disposition::Retry,
            ),
            (
                StepError::Worker(WorkerError::Transport { reason: "x".into() }),
                Disposition::Retry,
            ),
            (
                StepError::Worker(WorkerError::TooLarge { reason: "x".into() }),
                Disposition::Fail,
            ),
            (
                StepError::Store(StoreError::Backend("down".into())),
                Disposition::Retry,
            ),
            (
                StepError::Store(StoreError::Invalid("x".into())),
                Disposition::Fail,
            ),
            (
                StepError::Coord(CoordError::Backend("down".into())),
                Disposition::Retry,
            ),
            (StepError::LeaseLost, Disposition::Abandon),
            (StepError::Shutdown, Disposition::Release),
            (StepError::Transient("x".into()), Disposition::Retry),
            (StepError::Permanent("x".into()), Disposition::Fail),
            (StepError::Blocked("x".into()), Disposition::Block),
        ];
        for (error, expected) in cases {
            assert_eq!(decide(&error), expected, "{error}");
        }
    }
}
