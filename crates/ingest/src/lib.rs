//! The StreamVault ingestion pipeline (SPEC.md §6): a file goes in and comes out stored
//! in Telegram, indexed and announced.
//!
//! Stages ([`Stage`]): fetch → probe → rename → screenshots (+ PDQ against the
//! blocklist) → sample → hash + exact blocklist → archive (season packs) → upload (one
//! album: video + sample, to the genre's log channel) → backup forward → screenshot posts
//! → index → release card → cleanup. A file the fetch did not hash is hashed beside the
//! ffmpeg stages; the check stage awaits it, so the blocklist still comes before any
//! upload.
//!
//! Every stage ends with a checkpoint ([`IngestState`]) saved through the
//! [`StageHost`]; posts are preceded by a `posting` flag and followed by a checkpoint of
//! their message ids, and a resumed step that finds the flag looks for the post's
//! marker ([`marker()`]) in the channel before posting again, so nothing is posted twice.
//! A blocklist match ends the job `blocked` before any upload, deletes the local files
//! and alerts the admin channel. Files are streamed (512 KiB reads), never held whole.
//!
//! Season packs (`season_pack: true`; a file, or a directory of episodes) add the dual
//! path: every episode is posted as its own stream file, and the whole pack as `.7z`
//! store volumes under the account's upload limit.
//!
//! [`IngestHandler`] runs the pipeline as the hive's `ingest` job; [`Pipeline::run`]
//! runs it on any [`StageHost`] (the CLI can run it in the foreground).

mod config;
mod error;
mod fetcher;
mod handler;
mod host;
mod marker;
mod observer;
mod pipeline;
mod recover;
mod request;
mod run_extra;
mod run_local;
mod run_post;
mod stages;
mod state;
pub mod status;

pub use config::{Channels, IngestConfig};
pub use error::IngestError;
pub use fetcher::{FetchProgress, Fetched, Fetcher, SourceFetcher};
pub use handler::IngestHandler;
pub use host::StageHost;
pub use marker::{find_marked, find_recent, has_marker, marker, with_marker, LOOKBACK};
pub use observer::{IngestObserver, NoObserver};
pub use pipeline::Pipeline;
pub use request::{IngestRequest, StatusMessage, INGEST_KIND};
pub use stages::index::BotFileIds;
pub use state::{Episode, FileStamp, IngestState, Posted, ShotFile, Stage};
pub use status::StatusBoard;
