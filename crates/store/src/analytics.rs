//! Daily statistics for the admin report.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One UTC day's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyStats {
    /// The day.
    pub day: NaiveDate,
    /// Users whose first contact was that day.
    pub new_users: i64,
    /// Bytes served by the streaming front.
    pub bandwidth_bytes: i64,
    /// Dead links fixed.
    pub dead_links_fixed: i64,
    /// nginx cache size in use.
    pub cache_used_bytes: i64,
    /// nginx cache `max_size`.
    pub cache_max_bytes: i64,
    /// When the report was posted (scheduled jobs run once per day).
    pub reported_at: Option<UnixTime>,
}

/// Storage of daily statistics.
#[async_trait]
pub trait DailyStatsStore {
    /// Stores (or replaces) a day's figures.
    async fn upsert_daily_stats(&self, stats: &DailyStats) -> StoreResult<()>;
    /// Days in `[from, to]`, oldest first.
    async fn daily_stats_range(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<DailyStats>>;
}
