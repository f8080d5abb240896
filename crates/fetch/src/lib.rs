//! StreamVault ingestion sources (SPEC §6): where a file comes from before the pipeline
//! hashes, probes and uploads it.
//!
//! - [`GuardedClient`]: the one HTTP client for user-supplied URLs. Its DNS resolver is
//!   the SSRF guard ([`guard`]), so only public addresses (or an explicit allowlist) are
//!   ever connected to; redirects are followed by hand and re-checked; downloads stream to
//!   `.part` files, resume with `Range`, and are renamed when complete.
//! - [`aria2`]: a supervised `aria2c` daemon and its JSON-RPC client (HTTP, magnets,
//!   torrents with `followedBy`).
//! - [`YtDlpConfig`] and [`FallbackExtractor`]: page extraction by yt-dlp, and the
//!   configured fallback command whose printed URL is fetched by ffmpeg (HLS) or as a file.
//! - [`fetch()`]: one dispatcher for every [`Source`].
//!
//! External programs (yt-dlp, the fallback, ffmpeg) run through
//! [`streamvault_media::Process`]; aria2, a long-lived child, is spawned with the same
//! rules (argument vector, no shell, kill on drop).

pub mod aria2;
mod error;
mod fallback;
mod fetch;
pub mod guard;
mod hls;
pub mod http;
mod local;
mod name;
mod progress;
mod source;
mod via_aria2;
mod ytdlp;

pub use aria2::{Aria2, Aria2Config, Aria2Daemon, Aria2Error};
pub use error::FetchError;
pub use fallback::{first_media_url, substitute, FallbackExtractor};
pub use fetch::{fetch, FetchOptions, FetchedFile, PARTIAL_DIR};
pub use guard::{Cidr, GuardPolicy, UrlGuard};
pub use hls::{playlist_uris, HlsConfig};
pub use http::{Downloaded, GuardedClient, HttpOptions, LinkCheck};
pub use local::{place_local, LocalMode, Placed};
pub use name::{safe_output_name, safe_output_name_with_extension};
pub use progress::{no_progress, Progress, ProgressFn};
pub use source::Source;
pub use ytdlp::YtDlpConfig;
