//! Single-use magic links, ad links and download access grants.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::{ContentId, TelegramUserId};

/// Result of consuming a magic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MagicLinkUse {
    /// This call consumed it: sign the user in.
    Consumed(TelegramUserId),
    /// Consumed before (replay).
    AlreadyUsed,
    /// Past its expiry.
    Expired,
    /// Never issued.
    Unknown,
}

/// A shortened link for a heavy download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdLink {
    /// The content.
    pub content_id: ContentId,
    /// Alias sent to the shortener (unique).
    pub alias: String,
    /// Our access URL the shortener leads to.
    pub target_url: String,
    /// The shortener's URL given to users.
    pub short_url: String,
    /// When created.
    pub created_at: UnixTime,
}

/// A signed, expiring grant to download a content (set as a cookie after the shortener).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessGrant {
    /// SHA-256 hex of the grant token (the token itself is never stored).
    pub token_hash: String,
    /// The content.
    pub content_id: ContentId,
    /// The user, when signed in.
    pub user_id: Option<TelegramUserId>,
    /// Expiry.
    pub expires_at: UnixTime,
}

/// Storage of login and access tokens.
#[async_trait]
pub trait AuthStore {
    /// Records an issued magic link by its JWT id.
    async fn insert_magic_link(
        &self,
        jti: &str,
        user: TelegramUserId,
        expires_at: UnixTime,
        now: UnixTime,
    ) -> StoreResult<()>;
    /// Consumes a magic link atomically: exactly one caller ever gets `Consumed`.
    async fn consume_magic_link(&self, jti: &str, now: UnixTime) -> StoreResult<MagicLinkUse>;
    /// Stores an ad link; `Conflict` when the alias is taken.
    async fn create_ad_link(&self, link: &AdLink) -> StoreResult<()>;
    /// An ad link by alias.
    async fn ad_link_by_alias(&self, alias: &str) -> StoreResult<Option<AdLink>>;
    /// Stores an access grant.
    async fn add_access_grant(&self, grant: &AccessGrant, now: UnixTime) -> StoreResult<()>;
    /// A grant that has not expired at `now`.
    async fn valid_access_grant(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> StoreResult<Option<AccessGrant>>;
}
