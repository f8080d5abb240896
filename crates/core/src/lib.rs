//! Domain types and pure rules of StreamVault.
//!
//! Nothing in this crate performs I/O: randomness and time are passed in by callers so
//! every rule is deterministic under test.

pub mod http_range;
pub mod ids;
pub mod jwt;
pub mod rename;
pub mod signer;
pub mod slug;
pub mod tier;

pub use ids::{ContentId, JobId, TelegramUserId, TenantId};
pub use slug::{Slug, SlugError};
pub use tier::Tier;
