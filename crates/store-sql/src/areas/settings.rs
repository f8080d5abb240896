use crate::errors::map_err;
use crate::rows::{json, to_json_text};
use crate::SqlStore;
use async_trait::async_trait;
use serde_json::Value;
use streamvault_store::settings::SettingsStore;
use streamvault_store::StoreResult;

#[async_trait]
impl SettingsStore for SqlStore {
    async fn get_setting(&self, key: &str) -> StoreResult<Option<Value>> {
        sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("setting"))?
            .map(|r| json(&r, "value"))
            .transpose()
    }

    async fn set_setting(&self, key: &str, value: &Value) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(to_json_text(value)?)
        .execute(&self.pool)
        .await
        .map_err(map_err("setting"))?;
        Ok(())
    }

    async fn delete_setting(&self, key: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM settings WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(map_err("setting"))?;
        Ok(done.rows_affected() == 1)
    }
}
