//! What to ingest, and how a bare URL is classified.
//!
//! **Choice:** a caller that knows what a link is says so (`Direct`, `Hls`, `Torrent`,
//! `Page`). A bare `Url` (what a user pastes) is classified by a guarded liveness probe
//! (`HEAD`, else a one-byte ranged `GET`, see [`crate::GuardedClient::check_alive`]):
//! - an `.m3u8` path or a `*mpegurl` content type → [`Source::Hls`] (ffmpeg);
//! - a `.torrent` path or `application/x-bittorrent` → [`Source::Torrent`] (aria2);
//! - `text/html` / `application/xhtml+xml` → [`Source::Page`] (yt-dlp, then the fallback);
//! - 404 / 410 → the link is dead ([`FetchError::Status`]);
//! - another error status (sites that refuse non-browser clients) → [`Source::Page`];
//! - anything else (video, audio, octet-stream, no type) → [`Source::Direct`].

use std::path::PathBuf;

use url::Url;

use crate::error::FetchError;
use crate::http::GuardedClient;

/// A source to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A local file (CLI only; never build this from a remote user's input).
    Local(PathBuf),
    /// A link of unknown kind: classified by [`Source::classify`].
    Url(Url),
    /// A direct file link (guarded HTTP client, or aria2 when configured).
    Direct(Url),
    /// An HLS playlist (ffmpeg).
    Hls(Url),
    /// A `magnet:` URI or a `.torrent` URL (aria2).
    Torrent(String),
    /// A web page for yt-dlp; the fallback extractor runs when yt-dlp fails.
    Page(Url),
}

impl Source {
    /// Parses user input: `magnet:?…` → `Torrent`; an `http(s)` URL → `Torrent` when
    /// its path ends in `.torrent`, else `Url`; other URL schemes are refused; anything
    /// else is a local path (`Local`).
    pub fn parse(text: &str) -> Result<Source, FetchError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(FetchError::BadUrl("empty source".into()));
        }
        if text.len() > 7 && text[..7].eq_ignore_ascii_case("magnet:") {
            return Ok(Source::Torrent(text.to_owned()));
        }
        match Url::parse(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {
                if url.path().to_ascii_lowercase().ends_with(".torrent") {
                    Ok(Source::Torrent(url.into()))
                } else {
                    Ok(Source::Url(url))
                }
            }
            // `C:\x` parses with scheme `c`: a path, not a URL.
            Ok(url) if url.scheme().len() > 1 => Err(FetchError::BadUrl(format!(
                "unsupported scheme {:?}",
                url.scheme()
            ))),
            _ => Ok(Source::Local(PathBuf::from(text))),
        }
    }

    /// Like [`Source::parse`] for input from remote users (bot, API): a local path is
    /// refused, so nobody can make the hive read its own files.
    pub fn parse_remote(text: &str) -> Result<Source, FetchError> {
        match Source::parse(text)? {
            Source::Local(_) => Err(FetchError::BadUrl(
                "expected an http(s) link or a magnet link".into(),
            )),
            other => Ok(other),
        }
    }

    /// Resolves `Url` into a concrete kind with a guarded probe; other kinds are returned
    /// unchanged.
    pub async fn classify(self, client: &GuardedClient) -> Result<Source, FetchError> {
        let Source::Url(url) = self else {
            return Ok(self);
        };
        if let Some(kind) = by_path(&url) {
            return Ok(kind);
        }
        let check = client.check_alive(&url).await?;
        if !check.alive {
            return match check.status {
                404 | 410 => Err(FetchError::Status { code: check.status }),
                _ => Ok(Source::Page(url)),
            };
        }
        let mime = check
            .content_type
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        Ok(match mime.as_str() {
            m if m.ends_with("mpegurl") => Source::Hls(url),
            "application/x-bittorrent" => Source::Torrent(url.into()),
            "text/html" | "application/xhtml+xml" => Source::Page(url),
            _ => Source::Direct(url),
        })
    }
}

/// A kind known from the path alone.
pub(crate) fn by_path(url: &Url) -> Option<Source> {
    let path = url.path().to_ascii_lowercase();
    if path.ends_with(".m3u8") {
        Some(Source::Hls(url.clone()))
    } else if path.ends_with(".torrent") {
        Some(Source::Torrent(url.to_string()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing() {
        let s = |t: &str| Source::parse(t).expect(t);
        assert!(matches!(s("magnet:?xt=urn:btih:abc"), Source::Torrent(_)));
        assert!(matches!(s("https://h/a.TORRENT"), Source::Torrent(_)));
        assert!(matches!(s("http://h/v.mp4"), Source::Url(_)));
        assert_eq!(s("/tmp/x.mkv"), Source::Local(PathBuf::from("/tmp/x.mkv")));
        assert_eq!(
            s("./rel name.mkv"),
            Source::Local(PathBuf::from("./rel name.mkv"))
        );
        assert!(Source::parse("file:///etc/passwd").is_err());
        assert!(Source::parse("ftp://h/x").is_err());
        assert!(Source::parse("  ").is_err());
        assert!(Source::parse_remote("/etc/shadow").is_err());
        assert!(Source::parse_remote("http://h/v.mp4").is_ok());
    }
}
