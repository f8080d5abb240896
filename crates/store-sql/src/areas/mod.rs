//! One file per storage area, each implementing its trait for [`crate::SqlStore`].

mod analytics;
mod audit;
mod auth;
mod blocklist;
mod comments;
mod contents;
mod downloads;
mod gate;
mod jobs;
mod media;
mod metadata;
mod referrals;
mod reports;
mod settings;
mod telegram_refs;
mod tenants;
mod users;
mod wishlist;
