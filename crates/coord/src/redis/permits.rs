//! Heavy-task permits of the Redis coordinator.

use super::{px, script, RedisCoordinator};
use crate::{CoordError, CoordResult, HeavyPermit, HeavyPermits};
use async_trait::async_trait;
use redis::Script;
use std::sync::LazyLock;
use std::time::Duration;

static ACQUIRE: LazyLock<Script> = LazyLock::new(|| script!("permit_acquire.lua"));
static TOUCH: LazyLock<Script> = LazyLock::new(|| script!("permit_touch.lua"));
static LIST: LazyLock<Script> = LazyLock::new(|| script!("permit_list.lua"));

/// The sorted-set member of a permit.
fn member(permit: &HeavyPermit) -> String {
    format!("{}:{}", permit.id, permit.holder)
}

impl RedisCoordinator {
    async fn touch_permit(
        &self,
        permit: &HeavyPermit,
        op: &str,
        ttl: Duration,
    ) -> CoordResult<bool> {
        let live: i64 = TOUCH
            .key(self.key(&["heavy", &permit.host]))
            .arg(member(permit))
            .arg(op)
            .arg(px(ttl))
            .invoke_async(&mut self.conn())
            .await?;
        Ok(live == 1)
    }
}

#[async_trait]
impl HeavyPermits for RedisCoordinator {
    async fn acquire_heavy(
        &self,
        host: &str,
        holder: &str,
        limit: u32,
        ttl: Duration,
    ) -> CoordResult<Option<HeavyPermit>> {
        let id: Option<u64> = ACQUIRE
            .key(self.key(&["heavy", host]))
            .key(self.key(&["heavy-seq"]))
            .arg(holder)
            .arg(limit)
            .arg(px(ttl))
            .invoke_async(&mut self.conn())
            .await?;
        Ok(id.map(|id| HeavyPermit {
            host: host.to_owned(),
            holder: holder.to_owned(),
            id,
        }))
    }

    async fn refresh_heavy(&self, permit: &HeavyPermit, ttl: Duration) -> CoordResult<bool> {
        self.touch_permit(permit, "refresh", ttl).await
    }

    async fn release_heavy(&self, permit: &HeavyPermit) -> CoordResult<bool> {
        self.touch_permit(permit, "release", Duration::ZERO).await
    }

    async fn heavy_permits(&self, host: &str) -> CoordResult<Vec<HeavyPermit>> {
        let members: Vec<String> = LIST
            .key(self.key(&["heavy", host]))
            .invoke_async(&mut self.conn())
            .await?;
        let mut permits = members
            .into_iter()
            .map(|m| {
                let parsed = m
                    .split_once(':')
                    .and_then(|(id, holder)| Some((id.parse().ok()?, holder)));
                let (id, holder) = parsed
                    .ok_or_else(|| CoordError::Backend(format!("unreadable permit {m:?}")))?;
                Ok(HeavyPermit {
                    host: host.to_owned(),
                    holder: holder.to_owned(),
                    id,
                })
            })
            .collect::<CoordResult<Vec<_>>>()?;
        permits.sort_by_key(|p| p.id);
        Ok(permits)
    }
}
