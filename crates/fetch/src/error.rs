//! Typed failures of fetching a source.

use std::path::PathBuf;

use streamvault_media::ProcessError;

use crate::aria2::Aria2Error;
use crate::guard::BlockedAddress;

/// Why a source could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The SSRF guard refused the URL's address (or a redirect's).
    #[error("blocked: {reason}")]
    Blocked {
        /// Which host and address, and why.
        reason: String,
    },
    /// The URL is malformed or not acceptable (scheme, user info, no host).
    #[error("bad URL: {0}")]
    BadUrl(String),
    /// The server answered with an unexpected status.
    #[error("HTTP status {code}")]
    Status {
        /// The status code.
        code: u16,
    },
    /// The body is larger than allowed.
    #[error("larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Connecting or reading took too long.
    #[error("timed out")]
    Timeout,
    /// More redirects than allowed.
    #[error("more than {max} redirects")]
    TooManyRedirects {
        /// The maximum number of hops.
        max: usize,
    },
    /// A network failure other than a timeout (DNS, connection refused, TLS, reset).
    #[error("network error: {0}")]
    Network(String),
    /// The server's answer does not make sense (e.g. a bad `Content-Range`).
    #[error("bad response: {0}")]
    BadResponse(String),
    /// Local file-system failure.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// An external program (yt-dlp, the fallback extractor, ffmpeg) failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// aria2 failed.
    #[error(transparent)]
    Aria2(#[from] Aria2Error),
    /// The fallback extractor printed no `http(s)://` line.
    #[error("{program} printed no media URL")]
    NoMediaUrl {
        /// The extractor program.
        program: String,
    },
    /// A local source is not a regular file (directory, device, FIFO…).
    #[error("{0} is not a regular file")]
    NotRegularFile(PathBuf),
    /// The source needs something that is not configured (e.g. a magnet without aria2).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A setting is malformed (e.g. the fallback extractor command).
    #[error("bad configuration: {0}")]
    Config(String),
    /// yt-dlp failed and so did the fallback extractor.
    #[error("yt-dlp failed ({ytdlp}); fallback extractor failed ({fallback})")]
    Extraction {
        /// yt-dlp's failure.
        ytdlp: Box<FetchError>,
        /// The fallback extractor's failure.
        fallback: Box<FetchError>,
    },
}

impl From<BlockedAddress> for FetchError {
    fn from(b: BlockedAddress) -> Self {
        FetchError::Blocked {
            reason: b.to_string(),
        }
    }
}

impl FetchError {
    /// Maps a reqwest error, recovering a guard refusal from its source chain.
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        let mut chain = String::new();
        while let Some(err) = source {
            if let Some(FetchError::Blocked { reason }) = err.downcast_ref::<FetchError>() {
                return FetchError::Blocked {
                    reason: reason.clone(),
                };
            }
            if !chain.is_empty() {
                chain.push_str(": ");
            }
            chain.push_str(&err.to_string());
            source = err.source();
        }
        if e.is_timeout() {
            FetchError::Timeout
        } else {
            FetchError::Network(chain)
        }
    }

    /// Whether trying again later may succeed (network trouble, timeouts, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::Network(_) => true,
            FetchError::Status { code } => *code == 429 || *code >= 500,
            FetchError::Aria2(e) => e.is_transient(),
            FetchError::Process(ProcessError::TimedOut { .. }) => true,
            _ => false,
        }
    }
}
