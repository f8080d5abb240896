//! The work of each stage: local processing, Telegram posts, indexing.

pub(crate) mod check;
pub(crate) mod index;
pub(crate) mod local;
pub(crate) mod post;
