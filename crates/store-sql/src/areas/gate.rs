use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_core::{ContentId, Slug, TelegramUserId, Tier};
use streamvault_store::contents::ContentStatus;
use streamvault_store::gate::{GateStore, PlayLookup};
use streamvault_store::StoreResult;

#[async_trait]
impl GateStore for SqlStore {
    async fn play_lookup(
        &self,
        user: TelegramUserId,
        slug: &Slug,
    ) -> StoreResult<Option<PlayLookup>> {
        let row = sqlx::query(
            "SELECT u.tier, u.premium_until, c.id AS content_id, c.status, c.file_name FROM users u \
             LEFT JOIN contents c ON c.slug = $2 AND c.status <> 'removed' WHERE u.id = $1",
        )
        .bind(user.get())
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("play lookup"))?;
        let Some(row) = row else { return Ok(None) };
        let content = match get::<Option<i64>>(&row, "content_id")? {
            Some(id) => Some((
                ContentId(id),
                parsed(&row, "status", ContentStatus::parse)?,
                get(&row, "file_name")?,
            )),
            None => None,
        };
        Ok(Some(PlayLookup {
            tier: parsed(&row, "tier", Tier::parse)?,
            premium_until: get(&row, "premium_until")?,
            content,
        }))
    }
}
