//! GCRA rate limiter of the Redis coordinator.

use super::{script, RedisCoordinator};
use crate::{CoordResult, Rate, RateDecision, RateLimiter};
use async_trait::async_trait;
use redis::Script;
use std::sync::LazyLock;
use std::time::Duration;

static GCRA: LazyLock<Script> = LazyLock::new(|| script!("gcra.lua"));

#[async_trait]
impl RateLimiter for RedisCoordinator {
    async fn check_rate(&self, key: &str, rate: Rate) -> CoordResult<RateDecision> {
        let emission = rate.emission_micros()?;
        let (allowed, wait_us): (u8, u64) = GCRA
            .key(self.key(&["rate", key]))
            .arg(emission)
            .arg(rate.count)
            .invoke_async(&mut self.conn())
            .await?;
        Ok(match allowed {
            1 => RateDecision::Allowed,
            _ => RateDecision::Limited {
                retry_after: Duration::from_micros(wait_us),
            },
        })
    }
}
