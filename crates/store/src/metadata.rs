//! Cache of metadata answers (TMDB, OMDb), so the website never calls public APIs.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A cached answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedMetadata {
    /// Provider (`tmdb`, `omdb`).
    pub provider: String,
    /// Normalized request key (e.g. `search/movie?query=matrix&year=1999`).
    pub key: String,
    /// The provider's JSON answer.
    pub body: Value,
    /// When it was fetched.
    pub fetched_at: UnixTime,
}

/// Storage of cached metadata.
#[async_trait]
pub trait MetadataCacheStore {
    /// Stores (or replaces) an answer.
    async fn put_metadata(&self, entry: &CachedMetadata) -> StoreResult<()>;
    /// A cached answer.
    async fn get_metadata(&self, provider: &str, key: &str) -> StoreResult<Option<CachedMetadata>>;
}
