//! The manager service: the HTTP API the website calls (magic-link login, sessions, the
//! gatekeeper that signs stream URLs), and the nginx streaming front it signs for and purges.

pub mod api;
pub mod magic_link;
pub mod nginx;
pub mod tokens;
