//! The manager service: the HTTP API the website calls, and the nginx streaming front it
//! signs links for and purges.

pub mod nginx;
