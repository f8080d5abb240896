//! Site users, identified by their Telegram id.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::{TelegramUserId, Tier};

/// What the bot learns of a user on each contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    /// Telegram user id.
    pub id: TelegramUserId,
    /// `@username`, without the `@`.
    pub username: Option<String>,
    /// First and last name as Telegram shows them.
    pub display_name: Option<String>,
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Telegram user id.
    pub id: TelegramUserId,
    /// `@username`, without the `@`.
    pub username: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Stored tier (see [`Tier::effective`] for the one in force).
    pub tier: Tier,
    /// End of premium, when premium.
    pub premium_until: Option<UnixTime>,
    /// The user's own referral code (`/start ref_<code>`).
    pub referral_code: Option<String>,
    /// Who invited this user, if a referral was counted.
    pub referred_by: Option<TelegramUserId>,
    /// First contact.
    pub created_at: UnixTime,
    /// Latest contact.
    pub last_seen_at: UnixTime,
}

/// Storage of users.
#[async_trait]
pub trait UserStore {
    /// Records a contact: creates the user (tier free) on first contact, otherwise refreshes
    /// the names and `last_seen_at`. Returns the user and whether it was created now.
    async fn touch_user(&self, profile: &UserProfile, now: UnixTime) -> StoreResult<(User, bool)>;
    /// A user by id.
    async fn get_user(&self, id: TelegramUserId) -> StoreResult<Option<User>>;
    /// The user owning a referral code.
    async fn user_by_referral_code(&self, code: &str) -> StoreResult<Option<User>>;
    /// Sets the user's referral code; `Conflict` when another user has it.
    async fn set_referral_code(&self, id: TelegramUserId, code: &str) -> StoreResult<()>;
    /// Records the inviter once; returns false when the user already had one.
    async fn set_referred_by(
        &self,
        id: TelegramUserId,
        inviter: TelegramUserId,
    ) -> StoreResult<bool>;
    /// Sets tier and premium end.
    async fn set_tier(
        &self,
        id: TelegramUserId,
        tier: Tier,
        premium_until: Option<UnixTime>,
    ) -> StoreResult<()>;
    /// Users whose first contact is in `[from, to)`.
    async fn count_users_created_between(&self, from: UnixTime, to: UnixTime) -> StoreResult<i64>;
    /// Users ordered by id, after `after`, at most `limit`.
    async fn list_users(&self, after: Option<TelegramUserId>, limit: u32)
        -> StoreResult<Vec<User>>;
}
