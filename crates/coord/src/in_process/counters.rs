//! Daily counters of the in-process coordinator.

use super::{lock, InProcessCoordinator};
use crate::{CoordResult, DailyCounters};
use async_trait::async_trait;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Counters per day and key. A day disappears when it is taken.
#[derive(Default)]
pub(super) struct Table(HashMap<NaiveDate, BTreeMap<String, i64>>);

#[async_trait]
impl DailyCounters for InProcessCoordinator {
    async fn incr_counter(&self, day: NaiveDate, key: &str, by: i64) -> CoordResult<i64> {
        let mut table = lock(&self.inner.counters);
        let value = table
            .0
            .entry(day)
            .or_default()
            .entry(key.to_owned())
            .or_default();
        *value = value.saturating_add(by);
        Ok(*value)
    }

    async fn counter(&self, day: NaiveDate, key: &str) -> CoordResult<i64> {
        let table = lock(&self.inner.counters);
        Ok(table
            .0
            .get(&day)
            .and_then(|keys| keys.get(key))
            .copied()
            .unwrap_or(0))
    }

    async fn take_day(&self, day: NaiveDate) -> CoordResult<BTreeMap<String, i64>> {
        Ok(lock(&self.inner.counters)
            .0
            .remove(&day)
            .unwrap_or_default())
    }
}
