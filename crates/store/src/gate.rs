//! The gatekeeper's hot-path read: everything `POST /v1/play` needs in one round trip.

use crate::contents::ContentStatus;
use crate::StoreResult;
use async_trait::async_trait;
use streamvault_core::{ContentId, Slug, TelegramUserId, Tier};

/// What the gatekeeper needs to decide a play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayLookup {
    /// The user's stored tier.
    pub tier: Tier,
    /// End of premium.
    pub premium_until: Option<i64>,
    /// The visible content with that slug: id, status and stream file name.
    pub content: Option<(ContentId, ContentStatus, Option<String>)>,
}

/// The gatekeeper's read model.
#[async_trait]
pub trait GateStore {
    /// The user and the visible content with `slug`, in one query; `None` when the user
    /// does not exist. Removed content is never returned.
    async fn play_lookup(
        &self,
        user: TelegramUserId,
        slug: &Slug,
    ) -> StoreResult<Option<PlayLookup>>;
}
