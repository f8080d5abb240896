//! TTL locks of the Redis coordinator.

use super::{px, script, RedisCoordinator};
use crate::{CoordResult, TtlLocks};
use async_trait::async_trait;
use redis::Script;
use std::sync::LazyLock;
use std::time::Duration;

static ACQUIRE: LazyLock<Script> = LazyLock::new(|| script!("lock_acquire.lua"));
static RELEASE: LazyLock<Script> = LazyLock::new(|| script!("lock_release.lua"));

#[async_trait]
impl TtlLocks for RedisCoordinator {
    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> CoordResult<bool> {
        let got: i64 = ACQUIRE
            .key(self.key(&["lock", name]))
            .arg(holder)
            .arg(px(ttl))
            .invoke_async(&mut self.conn())
            .await?;
        Ok(got == 1)
    }

    async fn unlock(&self, name: &str, holder: &str) -> CoordResult<bool> {
        let released: i64 = RELEASE
            .key(self.key(&["lock", name]))
            .arg(holder)
            .invoke_async(&mut self.conn())
            .await?;
        Ok(released == 1)
    }
}
