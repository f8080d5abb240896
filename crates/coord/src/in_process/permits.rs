//! Heavy-task permits of the in-process coordinator.

use super::{lock, InProcessCoordinator};
use crate::types::millis;
use crate::{CoordResult, HeavyPermit, HeavyPermits};
use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

/// Permits per host: id → (holder, expiry in ms).
#[derive(Default)]
pub(super) struct Table {
    hosts: HashMap<String, BTreeMap<u64, (String, i64)>>,
    next_id: u64,
}

impl Table {
    /// The host's permits with the lapsed ones dropped.
    fn live(&mut self, host: &str, now_ms: i64) -> &mut BTreeMap<u64, (String, i64)> {
        let permits = self.hosts.entry(host.to_owned()).or_default();
        permits.retain(|_, (_, expires)| *expires > now_ms);
        permits
    }
}

#[async_trait]
impl HeavyPermits for InProcessCoordinator {
    async fn acquire_heavy(
        &self,
        host: &str,
        holder: &str,
        limit: u32,
        ttl: Duration,
    ) -> CoordResult<Option<HeavyPermit>> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.permits);
        if table.live(host, now).len() >= limit as usize {
            return Ok(None);
        }
        table.next_id += 1;
        let id = table.next_id;
        let expires = now.saturating_add(millis(ttl));
        table
            .live(host, now)
            .insert(id, (holder.to_owned(), expires));
        Ok(Some(HeavyPermit {
            host: host.to_owned(),
            holder: holder.to_owned(),
            id,
        }))
    }

    async fn refresh_heavy(&self, permit: &HeavyPermit, ttl: Duration) -> CoordResult<bool> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.permits);
        Ok(match table.live(&permit.host, now).get_mut(&permit.id) {
            Some((_, expires)) => {
                *expires = now.saturating_add(millis(ttl));
                true
            }
            None => false,
        })
    }

    async fn release_heavy(&self, permit: &HeavyPermit) -> CoordResult<bool> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.permits);
        Ok(table.live(&permit.host, now).remove(&permit.id).is_some())
    }

    async fn heavy_permits(&self, host: &str) -> CoordResult<Vec<HeavyPermit>> {
        let now = self.now_ms();
        let mut table = lock(&self.inner.permits);
        let permits = table.live(host, now).iter();
        Ok(permits
            .map(|(id, (holder, _))| HeavyPermit {
                host: host.to_owned(),
                holder: holder.clone(),
                id: *id,
            })
            .collect())
    }
}
