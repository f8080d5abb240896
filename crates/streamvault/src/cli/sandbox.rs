//! `sandbox` subcommands: the simulated Telegram.

use clap::Subcommand;
use std::path::PathBuf;

/// `sandbox` subcommands. Each acts on the world in `--dir` (through the running server
/// when `sandbox serve` is up for that directory).
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve the Bot API on 127.0.0.1 and print the bot token(s) and URL.
    #[command(
        after_help = "Example:\n  streamvault sandbox serve --dir ./sandbox --addr 127.0.0.1:8089"
    )]
    Serve {
        /// World directory (created with a default world when new).
        #[arg(long)]
        dir: PathBuf,
        /// Listen address.
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: std::net::SocketAddr,
    },
    /// Send text or a command to the bot as a user.
    #[command(
        after_help = "Example:\n  streamvault sandbox say --dir ./sandbox --user alice \"/start ref_abc\""
    )]
    Say {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// User name or id.
        #[arg(long, default_value = "alice")]
        user: String,
        /// Bot name (default the first bot).
        #[arg(long)]
        bot: Option<String>,
        /// The text.
        text: String,
    },
    /// Press an inline button under one of the bot's messages in the user's DM.
    #[command(
        after_help = "Example:\n  streamvault sandbox press --dir ./sandbox --user alice --message 12 --data approve:5"
    )]
    Press {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// User name or id.
        #[arg(long, default_value = "alice")]
        user: String,
        /// Bot name (default the first bot).
        #[arg(long)]
        bot: Option<String>,
        /// Message id.
        #[arg(long)]
        message: i64,
        /// The button's callback data.
        #[arg(long)]
        data: String,
    },
    /// Forward a channel message to the bot as a user.
    #[command(
        after_help = "Example:\n  streamvault sandbox forward --dir ./sandbox --user alice --channel sv_log --message 3"
    )]
    Forward {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// User name or id.
        #[arg(long, default_value = "alice")]
        user: String,
        /// Bot name (default the first bot).
        #[arg(long)]
        bot: Option<String>,
        /// Channel name or id.
        #[arg(long)]
        channel: String,
        /// Message id in the channel.
        #[arg(long)]
        message: i64,
    },
    /// Post in a channel as one of its admins (e.g. /health).
    #[command(
        after_help = "Example:\n  streamvault sandbox post --dir ./sandbox --channel sv_log --as alice /health"
    )]
    Post {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// Channel name or id.
        #[arg(long)]
        channel: String,
        /// Posting admin (user name or id; default the channel's first admin).
        #[arg(long = "as")]
        author: Option<String>,
        /// A file to post as a document, with the text as caption.
        #[arg(long)]
        file: Option<PathBuf>,
        /// The text (or caption).
        text: String,
    },
    /// Messages of a chat (a channel, or a user's DMs with the bot), as JSON.
    #[command(
        after_help = "Example:\n  streamvault sandbox messages --dir ./sandbox --chat sv_log --json"
    )]
    Messages {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// Channel or user.
        #[arg(long)]
        chat: String,
        /// Bot, for a user's DMs (default the first bot).
        #[arg(long)]
        bot: Option<String>,
        /// JSON output (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Worker accounts with their counters (bytes uploaded, requests), as JSON.
    #[command(after_help = "Example:\n  streamvault sandbox accounts --dir ./sandbox --json")]
    Accounts {
        /// World directory.
        #[arg(long)]
        dir: PathBuf,
        /// JSON output (the only format).
        #[arg(long)]
        json: bool,
    },
}
