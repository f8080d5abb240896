//! Runtime settings changed by admins (key → JSON value).

use crate::StoreResult;
use async_trait::async_trait;
use serde_json::Value;

/// Storage of settings.
#[async_trait]
pub trait SettingsStore {
    /// A setting.
    async fn get_setting(&self, key: &str) -> StoreResult<Option<Value>>;
    /// Sets a setting.
    async fn set_setting(&self, key: &str, value: &Value) -> StoreResult<()>;
    /// Removes a setting; false when absent.
    async fn delete_setting(&self, key: &str) -> StoreResult<bool>;
}
