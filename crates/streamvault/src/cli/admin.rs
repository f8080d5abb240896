//! Subcommands for operating the service: run roles, auth, nginx, config, database.

use clap::Subcommand;
use std::path::PathBuf;

/// Services of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// The HTTP API (and the bot, as it lands).
    Manager,
    /// The worker hive.
    Hive,
    /// Everything.
    All,
}

/// `auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Issue a one-time magic login link for a Telegram user (what the bot's /login sends).
    #[command(after_help = "Example:\n  streamvault auth link --user 123456789")]
    Link {
        /// Telegram user id.
        #[arg(long)]
        user: i64,
    },
}

/// `nginx` subcommands.
#[derive(Debug, Subcommand)]
pub enum NginxCommand {
    /// Write deploy/nginx/streamvault.conf filled from the configuration (mode 0600).
    #[command(
        after_help = "Example:\n  streamvault nginx render --out /etc/nginx/conf.d/streamvault.conf && nginx -t"
    )]
    Render {
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every key's effective value and where it came from; secrets are redacted.
    #[command(after_help = "Example:\n  HEAVY_TASK_LIMIT=3 streamvault config show --json")]
    Show {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a documented example configuration file.
    #[command(after_help = "Example:\n  streamvault config example > streamvault.toml")]
    Example,
}

/// `db` subcommands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply pending migrations (also done at service start).
    #[command(
        after_help = "Examples:\n  streamvault db migrate\n  streamvault --database-url postgres://streamvault@127.0.0.1/streamvault db migrate"
    )]
    Migrate,
    /// Show every migration and whether it is applied.
    #[command(after_help = "Example:\n  streamvault db status --json")]
    Status {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// `worker` subcommands.
#[derive(Debug, Subcommand)]
pub enum WorkerCommand {
    /// Log a Telegram user account in for the hive (phone, code, 2FA password prompts).
    #[command(
        after_help = "Examples:\n  streamvault worker login worker1\n  streamvault worker login worker2 --proxy socks5://user:pass@127.0.0.1:1080\n\nNeeds API_ID and API_HASH (the worker application's, never the bot's)."
    )]
    Login {
        /// Account name (letters, digits, '-', '_'); the session is WORKER_SESSIONS_DIR/NAME.session.
        name: String,
        /// SOCKS5 proxy for this account only.
        #[arg(long)]
        proxy: Option<String>,
    },
}

/// `bench` subcommands.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Sandbox worker sessions taking simulated tasks from the durable queue: done, lost,
    /// duplicate effects, hand-overs after FloodWait, spread per session, peak heavy tasks.
    #[command(
        after_help = "Examples:\n  streamvault bench swarm --sessions 10 --tasks 1000 --flood-rate 0.05\n  streamvault bench swarm --processes 3 --redis redis://127.0.0.1:6379 --json"
    )]
    Swarm {
        /// Worker sessions in all.
        #[arg(long, default_value_t = 10)]
        sessions: usize,
        /// Tasks to run.
        #[arg(long, default_value_t = 1000)]
        tasks: usize,
        /// Hive processes (more than 1 needs --redis).
        #[arg(long, default_value_t = 1)]
        processes: usize,
        /// Redis URL for the shared coordinator.
        #[arg(long)]
        redis: Option<String>,
        /// Database shared by the processes (default a temporary SQLite file).
        #[arg(long)]
        database_url: Option<String>,
        /// Share of task steps that hit an injected FloodWait.
        #[arg(long, default_value_t = 0.05)]
        flood_rate: f64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ingest generated videos of several sizes into a sandbox: wall time against a plain
    /// copy plus the ffmpeg work alone, and the ingesting process's peak memory.
    #[command(after_help = "Example:\n  streamvault bench ingest --sizes 256MiB,1GiB")]
    Ingest {
        /// Input sizes, comma-separated.
        #[arg(long, default_value = "256MiB,1GiB")]
        sizes: String,
        /// Measurements per size (reference and ingestion alternate); medians are reported.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
        runs: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// (internal) One child process of `bench swarm --processes N`; settings arrive on stdin.
    #[command(
        hide = true,
        after_help = "Example:\n  (started by streamvault bench swarm --processes 3)"
    )]
    SwarmChild,
}

/// `ingest` arguments.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// What to ingest: a local path, an http(s) URL, a magnet or .torrent, or a page yt-dlp knows.
    pub source: String,
    /// Genre: picks the log channel (TG_LOG_CHANNEL_<GENRE>).
    #[arg(long)]
    pub genre: Option<String>,
    /// Release name to parse instead of the file's own name.
    #[arg(long)]
    pub name: Option<String>,
    /// A whole season: per-episode files plus .7z store volumes.
    #[arg(long)]
    pub season_pack: bool,
    /// Use a simulated Telegram kept in DIR (channels are created there when missing).
    #[arg(long, value_name = "DIR")]
    pub sandbox: Option<PathBuf>,
    /// Only queue the job for a running `streamvault run --role hive` (which shows its
    /// progress in the bot's status message) and print its id.
    #[arg(long, conflicts_with = "sandbox")]
    pub detach: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}
