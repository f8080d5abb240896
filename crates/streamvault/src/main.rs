//! The `streamvault` binary; its commands arrive with the CLI commit.

fn main() {}
