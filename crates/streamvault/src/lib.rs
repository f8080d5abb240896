//! The `streamvault` application: command-line interface, configuration and the wiring of
//! adapters for each subcommand. `main.rs` only starts the runtime and calls [`cmd::dispatch`].

pub mod cli;
pub mod cmd;
pub mod config;
