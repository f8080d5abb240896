//! `/request` wishlist entries.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::{ContentId, TelegramUserId};

/// A request to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWishRequest {
    /// Who asked.
    pub user_id: TelegramUserId,
    /// What they typed.
    pub title: String,
    /// Normalized title used for matching and de-duplication.
    pub normalized_title: String,
    /// Year, when given.
    pub year: Option<i32>,
    /// Season, when given.
    pub season: Option<i32>,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishRequest {
    /// Database id.
    pub id: i64,
    /// The request.
    #[serde(flatten)]
    pub request: NewWishRequest,
    /// When asked.
    pub created_at: UnixTime,
    /// When the requester was told (once).
    pub notified_at: Option<UnixTime>,
    /// The content that fulfilled it.
    pub content_id: Option<ContentId>,
}

/// Storage of wishlist requests.
#[async_trait]
pub trait WishlistStore {
    /// Stores a request, de-duplicated per user on (normalized title, year, season);
    /// returns the request and whether it is new.
    async fn add_request(
        &self,
        r: &NewWishRequest,
        now: UnixTime,
    ) -> StoreResult<(WishRequest, bool)>;
    /// Open (not yet notified) requests with this normalized title.
    async fn open_requests_for_title(
        &self,
        normalized_title: &str,
    ) -> StoreResult<Vec<WishRequest>>;
    /// Marks a request fulfilled; false when it already was (so each requester is told once).
    async fn mark_request_notified(
        &self,
        id: i64,
        content: ContentId,
        now: UnixTime,
    ) -> StoreResult<bool>;
    /// A user's requests, newest first.
    async fn list_user_requests(&self, user: TelegramUserId) -> StoreResult<Vec<WishRequest>>;
}
