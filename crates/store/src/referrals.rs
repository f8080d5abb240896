//! Referral records: one per invited user.

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::TelegramUserId;

string_enum!(
    /// Whether a referral counts toward the inviter's quota.
    ReferralStatus {
        /// Counts.
        Valid = "valid",
        /// Recorded but refused by a check (reason stored).
        Rejected = "rejected",
    }
);

/// A referral of `invitee` by `inviter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Who shared the link.
    pub inviter: TelegramUserId,
    /// Who came through it.
    pub invitee: TelegramUserId,
    /// Counted or not.
    pub status: ReferralStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// When it was recorded.
    pub created_at: UnixTime,
}

/// Storage of referrals.
#[async_trait]
pub trait ReferralStore {
    /// Records a referral; false when the invitee already has one (a user is referred once).
    async fn record_referral(&self, referral: &Referral) -> StoreResult<bool>;
    /// Valid referrals of an inviter.
    async fn count_valid_referrals(&self, inviter: TelegramUserId) -> StoreResult<i64>;
    /// All referrals of an inviter, oldest first.
    async fn list_referrals(&self, inviter: TelegramUserId) -> StoreResult<Vec<Referral>>;
}
