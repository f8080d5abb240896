//! TTL locks of the in-process coordinator.

use super::{lock, InProcessCoordinator};
use crate::types::millis;
use crate::{CoordResult, TtlLocks};
use async_trait::async_trait;
use std::collections::HashMap;
use std::time::Duration;

/// Lock name → (holder, expiry in ms).
#[derive(Default)]
pub(super) struct Table(HashMap<String, (String, i64)>);

#[async_trait]
impl TtlLocks for InProcessCoordinator {
    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> CoordResult<bool> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.locks);
        let taken = table
            .0
            .get(name)
            .is_some_and(|(owner, expires)| *expires > now && owner != holder);
        if !taken {
            table.0.insert(
                name.to_owned(),
                (holder.to_owned(), now.saturating_add(millis(ttl))),
            );
        }
        Ok(!taken)
    }

    async fn unlock(&self, name: &str, holder: &str) -> CoordResult<bool> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.locks);
        let held = table
            .0
            .get(name)
            .is_some_and(|(owner, expires)| *expires > now && owner == holder);
        if held {
            table.0.remove(name);
        }
        Ok(held)
    }
}
