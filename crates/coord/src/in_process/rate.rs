//! GCRA rate limiter of the in-process coordinator.

use super::{lock, InProcessCoordinator};
use crate::{CoordResult, Rate, RateDecision, RateLimiter};
use async_trait::async_trait;
use std::collections::HashMap;
use std::time::Duration;

/// Theoretical arrival time (µs) per key. Keys whose time has passed are equivalent to
/// absent ones and are dropped now and then.
#[derive(Default)]
pub(super) struct Table(HashMap<String, i64>);

/// Above this many keys, passed ones are swept before inserting.
const SWEEP_ABOVE: usize = 10_000;

#[async_trait]
impl RateLimiter for InProcessCoordinator {
    async fn check_rate(&self, key: &str, rate: Rate) -> CoordResult<RateDecision> {
        let emission = rate.emission_micros()?;
        let now = self.now_micros();
        let mut table = lock(&self.inner.rates);
        let tat = table.0.get(key).copied().unwrap_or(now).max(now);
        let new_tat = tat.saturating_add(emission);
        let allow_at = new_tat.saturating_sub(emission.saturating_mul(i64::from(rate.count)));
        if now < allow_at {
            let wait = (allow_at - now).unsigned_abs();
            return Ok(RateDecision::Limited {
                retry_after: Duration::from_micros(wait),
            });
        }
        if table.0.len() > SWEEP_ABOVE {
            table.0.retain(|_, tat| *tat > now);
        }
        table.0.insert(key.to_owned(), new_tat);
        Ok(RateDecision::Allowed)
    }
}
