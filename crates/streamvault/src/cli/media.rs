//! `media` and `blocklist` subcommands.

use clap::Subcommand;
use std::path::PathBuf;

/// `media` subcommands.
#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Container, duration, video stream, and audio/subtitle tracks with their 0:N index.
    #[command(after_help = "Example:\n  streamvault media probe movie.mkv --json")]
    Probe {
        /// The media file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Preview frames spread over the video (input seeking: never decodes from the start).
    #[command(
        after_help = "Example:\n  streamvault media screenshots movie.mkv --out shots --count 4"
    )]
    Screenshots {
        /// The video.
        file: PathBuf,
        /// Directory for shot-NN.jpg.
        #[arg(long)]
        out: PathBuf,
        /// Number of frames, 3 to 5.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(3..=5))]
        count: u32,
    },
    /// A short H.264/AAC clip (default 30 s from 00:10:00, earlier for short videos).
    #[command(
        after_help = "Example:\n  streamvault media sample movie.mkv --out sample.mp4 --start 600 --duration 30"
    )]
    Sample {
        /// The video.
        file: PathBuf,
        /// Output .mp4.
        #[arg(long)]
        out: PathBuf,
        /// Start in seconds.
        #[arg(long, default_value_t = 600)]
        start: u64,
        /// Length in seconds.
        #[arg(long, default_value_t = 30)]
        duration: u64,
    },
    /// A .7z archive with no compression (store), optionally split in volumes.
    #[command(
        after_help = "Example:\n  streamvault media archive S01E01.mkv S01E02.mkv --out Show.S01.7z --volume-size 1990MiB"
    )]
    Archive {
        /// Files to archive.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output NAME.7z (volumes become NAME.7z.001, .002, ...).
        #[arg(long)]
        out: PathBuf,
        /// Largest volume, e.g. 1990MiB (keep it below the account's upload limit).
        #[arg(long)]
        volume_size: Option<String>,
    },
}

/// `blocklist` subcommands.
#[derive(Debug, Subcommand)]
pub enum BlocklistCommand {
    /// Add hashes: one per line (kind guessed from length: 32 md5, 40 sha1, 64 sha256),
    /// or CSV lines `kind,value[,reason]` (kind: sha256, sha1, md5, pdq).
    #[command(
        after_help = "Examples:\n  streamvault blocklist import hashes.txt\n  streamvault blocklist import list.csv --source vendor-2026-11"
    )]
    Import {
        /// The list file.
        file: PathBuf,
        /// Where the list came from (stored with each entry; default the file name).
        #[arg(long)]
        source: Option<String>,
    },
    /// Check a file: SHA-256/SHA-1/MD5 in one pass, and PDQ of frames for videos.
    #[command(
        after_help = "Example:\n  streamvault blocklist check download.mkv\n\nExits 2 when the file is blocked."
    )]
    Check {
        /// The file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}
