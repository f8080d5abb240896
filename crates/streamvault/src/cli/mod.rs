//! Command-line interface: global options and subcommands.

mod admin;
mod media;
mod sandbox;

pub use admin::{
    AuthCommand, BenchCommand, ConfigCommand, DbCommand, IngestArgs, NginxCommand, Role,
    WorkerCommand,
};
pub use media::{BlocklistCommand, MediaCommand};
pub use sandbox::SandboxCommand;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// StreamVault: a self-hosted, Telegram-driven media-library backend for content you have
/// the rights to distribute.
#[derive(Debug, Parser)]
#[command(name = "streamvault", version, about, long_about = None, after_help = "\
Examples:
  streamvault doctor                      check tools, database, Redis and Telegram settings
  streamvault config show                 print the effective configuration (secrets redacted)
  streamvault db migrate                  create or upgrade the database schema

Configuration layers, lowest first: defaults, --config FILE, environment, flags.
See deploy/streamvault.example.toml for every key.")]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// TOML configuration file.
    #[arg(long, global = true, env = "STREAMVAULT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL (overrides DATABASE_URL): sqlite://PATH or postgres://USER@HOST/DB.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Set any config key, by TOML path or env name (repeatable), e.g. --set HEAVY_TASK_LIMIT=3.
    #[arg(long = "set", global = true, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected KEY=VALUE, got {s:?}"))
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check external tools, the database, Redis and Telegram settings.
    #[command(
        after_help = "Example:\n  streamvault doctor --json\n\nExits non-zero when something required is missing."
    )]
    Doctor {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the clean, safe file name of a release name (templates: RENAME_TEMPLATE_*, BRAND_TAG).
    #[command(
        after_help = "Examples:\n  streamvault rename \"The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv\"\n    -> The Matrix (1999) 1080p [StreamVault].mkv\n  streamvault rename --json \"[Group] Show - 05 [1080p].mkv\""
    )]
    Rename {
        /// The release name (a file name; directories are ignored).
        name: String,
        /// Print everything parsed, as JSON, with the clean name.
        #[arg(long)]
        json: bool,
    },
    /// Run the services: the manager (HTTP API) and the worker hive (the bot as it lands).
    #[command(
        after_help = "Examples:\n  streamvault run --sandbox ./sandbox      try everything on a simulated Telegram\n  streamvault run --role manager           the HTTP API only"
    )]
    Run {
        /// Which service to run.
        #[arg(long, value_enum, default_value_t = Role::All)]
        role: Role,
        /// Use a simulated Telegram kept in DIR (no credentials needed).
        #[arg(long, value_name = "DIR")]
        sandbox: Option<PathBuf>,
    },
    /// Print a signed stream URL for a path (what nginx's secure_link checks).
    #[command(
        after_help = "Examples:\n  streamvault sign \"/s/Abc1234/Movie (1999) 1080p [StreamVault].mkv\"\n  streamvault sign /s/x/file.mkv --ttl 10m --ip 203.0.113.7"
    )]
    Sign {
        /// The decoded path, as nginx's $uri sees it.
        path: String,
        /// Validity, e.g. 90s, 10m, 4h (default STREAM_LINK_TTL).
        #[arg(long, conflicts_with = "expires")]
        ttl: Option<String>,
        /// Absolute expiry (unix seconds).
        #[arg(long)]
        expires: Option<i64>,
        /// Client address to bind the link to (with SECURE_LINK_BIND_IP).
        #[arg(long)]
        ip: Option<std::net::IpAddr>,
    },
    /// Website login.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// The nginx streaming front.
    #[command(subcommand)]
    Nginx(NginxCommand),
    /// Media tools: probe, screenshots, sample clips, 7z store archives.
    #[command(subcommand)]
    Media(MediaCommand),
    /// The global hash blocklist.
    #[command(subcommand)]
    Blocklist(BlocklistCommand),
    /// The simulated Telegram: serve it, act as a user, inspect it.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Worker (MTProto user) accounts of the hive.
    #[command(subcommand)]
    Worker(WorkerCommand),
    /// Ingest one source in the foreground (or queue it for the hive with --detach): fetch, check, process, upload, index, announce.
    #[command(
        after_help = "Examples:\n  streamvault ingest https://example.org/The.Movie.2001.1080p.mkv --genre action\n  streamvault ingest ./Show.S01/ --season-pack --sandbox ./sandbox --json\n  streamvault ingest https://example.org/a.mkv --detach\n\nRe-running the same source resumes an unfinished job. Exit status 2: blocked by the blocklist."
    )]
    Ingest(IngestArgs),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Database schema management.
    #[command(subcommand)]
    Db(DbCommand),
}
