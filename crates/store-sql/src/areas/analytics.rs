use crate::errors::map_err;
use crate::rows::{day, day_text, get};
use crate::SqlStore;
use async_trait::async_trait;
use chrono::NaiveDate;
use streamvault_store::analytics::{DailyStats, DailyStatsStore};
use streamvault_store::StoreResult;

#[async_trait]
impl DailyStatsStore for SqlStore {
    async fn upsert_daily_stats(&self, s: &DailyStats) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO daily_stats (day, new_users, bandwidth_bytes, dead_links_fixed, cache_used_bytes, \
             cache_max_bytes, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (day) DO UPDATE SET \
             new_users = excluded.new_users, bandwidth_bytes = excluded.bandwidth_bytes, \
             dead_links_fixed = excluded.dead_links_fixed, cache_used_bytes = excluded.cache_used_bytes, \
             cache_max_bytes = excluded.cache_max_bytes, reported_at = excluded.reported_at",
        )
        .bind(day_text(s.day))
        .bind(s.new_users)
        .bind(s.bandwidth_bytes)
        .bind(s.dead_links_fixed)
        .bind(s.cache_used_bytes)
        .bind(s.cache_max_bytes)
        .bind(s.reported_at)
        .execute(&self.pool)
        .await
        .map_err(map_err("daily stats"))?;
        Ok(())
    }

    async fn daily_stats_range(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<DailyStats>> {
        sqlx::query(
            "SELECT day, new_users, bandwidth_bytes, dead_links_fixed, cache_used_bytes, cache_max_bytes, reported_at \
             FROM daily_stats WHERE day >= $1 AND day <= $2 ORDER BY day",
        )
        .bind(day_text(from))
        .bind(day_text(to))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("daily stats"))?
        .iter()
        .map(|r| {
            Ok(DailyStats {
                day: day(r, "day")?,
                new_users: get(r, "new_users")?,
                bandwidth_bytes: get(r, "bandwidth_bytes")?,
                dead_links_fixed: get(r, "dead_links_fixed")?,
                cache_used_bytes: get(r, "cache_used_bytes")?,
                cache_max_bytes: get(r, "cache_max_bytes")?,
                reported_at: get(r, "reported_at")?,
            })
        })
        .collect()
    }
}
