//! The manager service: the HTTP API the website calls (magic-link login, sessions, the
//! gatekeeper that signs stream URLs), the nginx streaming front it signs for and purges,
//! and the bot's update loop (so far: learning its `file_id`s from channel posts).

pub mod api;
pub mod bot_files;
pub mod magic_link;
pub mod nginx;
pub mod tokens;
