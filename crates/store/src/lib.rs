//! The StreamVault storage port.
//!
//! One trait per area of the data model (SPEC.md §9); [`Store`] is all of them together,
//! and is what the product holds as `Arc<dyn Store>`. Backends live in their own crates
//! and prove themselves with the shared [`contract`] suite (feature `contract`).
//!
//! Times are unix seconds (UTC); calendar days are [`chrono::NaiveDate`].

mod macros;

pub mod analytics;
pub mod audit;
pub mod auth;
pub mod blocklist;
pub mod comments;
pub mod contents;
pub mod downloads;
pub mod error;
pub mod gate;
pub mod jobs;
pub mod media;
pub mod metadata;
pub mod referrals;
pub mod reports;
pub mod settings;
pub mod telegram_refs;
pub mod tenants;
pub mod users;
pub mod wishlist;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::{StoreError, StoreResult};

/// Unix time in seconds.
pub type UnixTime = i64;

/// Every storage operation of the product. Implemented by each backend.
#[async_trait::async_trait]
pub trait Store:
    users::UserStore
    + referrals::ReferralStore
    + contents::ContentStore
    + telegram_refs::TelegramRefStore
    + downloads::DownloadStore
    + media::MediaStore
    + jobs::JobStore
    + wishlist::WishlistStore
    + reports::ReportStore
    + comments::CommentStore
    + blocklist::BlocklistStore
    + metadata::MetadataCacheStore
    + tenants::TenantStore
    + analytics::DailyStatsStore
    + auth::AuthStore
    + audit::AuditStore
    + settings::SettingsStore
    + gate::GateStore
    + Send
    + Sync
{
    /// Short name of the backend ("sqlite", "postgres"), for diagnostics and test output.
    fn backend_name(&self) -> &'static str;

    /// A cheap round trip to the database, for health checks.
    async fn ping(&self) -> StoreResult<()>;
}
