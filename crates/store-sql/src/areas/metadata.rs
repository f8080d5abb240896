use crate::errors::map_err;
use crate::rows::{get, json, to_json_text};
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_store::metadata::{CachedMetadata, MetadataCacheStore};
use streamvault_store::StoreResult;

#[async_trait]
impl MetadataCacheStore for SqlStore {
    async fn put_metadata(&self, m: &CachedMetadata) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO metadata_cache (provider, key, body, fetched_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (provider, key) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at",
        )
        .bind(&m.provider)
        .bind(&m.key)
        .bind(to_json_text(&m.body)?)
        .bind(m.fetched_at)
        .execute(&self.pool)
        .await
        .map_err(map_err("metadata"))?;
        Ok(())
    }

    async fn get_metadata(&self, provider: &str, key: &str) -> StoreResult<Option<CachedMetadata>> {
        sqlx::query("SELECT provider, key, body, fetched_at FROM metadata_cache WHERE provider = $1 AND key = $2")
            .bind(provider)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("metadata"))?
            .map(|row| {
                Ok(CachedMetadata {
                    provider: get(&row, "provider")?,
                    key: get(&row, "key")?,
                    body: json(&row, "body")?,
                    fetched_at: get(&row, "fetched_at")?,
                })
            })
            .transpose()
    }
}
