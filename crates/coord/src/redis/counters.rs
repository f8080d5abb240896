//! Daily counters of the Redis coordinator.

use super::{script, RedisCoordinator};
use crate::{CoordResult, DailyCounters};
use async_trait::async_trait;
use chrono::NaiveDate;
use redis::{AsyncCommands, Script};
use std::collections::BTreeMap;
use std::sync::LazyLock;

static TAKE: LazyLock<Script> = LazyLock::new(|| script!("counter_take.lua"));

/// A day's counters vanish this long after their last increment if no roll-up took them.
const RETENTION_SECS: i64 = 40 * 24 * 3600;

impl RedisCoordinator {
    fn day_key(&self, day: NaiveDate) -> String {
        self.key(&["count", &day.format("%Y-%m-%d").to_string()])
    }
}

#[async_trait]
impl DailyCounters for RedisCoordinator {
    async fn incr_counter(&self, day: NaiveDate, key: &str, by: i64) -> CoordResult<i64> {
        let day_key = self.day_key(day);
        let (value,): (i64,) = redis::pipe()
            .atomic()
            .hincr(&day_key, key, by)
            .expire(&day_key, RETENTION_SECS)
            .ignore()
            .query_async(&mut self.conn())
            .await?;
        Ok(value)
    }

    async fn counter(&self, day: NaiveDate, key: &str) -> CoordResult<i64> {
        let value: Option<i64> = self.conn().hget(self.day_key(day), key).await?;
        Ok(value.unwrap_or(0))
    }

    async fn take_day(&self, day: NaiveDate) -> CoordResult<BTreeMap<String, i64>> {
        Ok(TAKE
            .key(self.day_key(day))
            .invoke_async(&mut self.conn())
            .await?)
    }
}
