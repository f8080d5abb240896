//! The fallback extractor (`FALLBACK_EXTRACTOR_CMD`): a JSON array of arguments with
//! `{url}` / `{query}` placeholders, run without a shell when yt-dlp fails. The first
//! line of its standard output that starts with `http://` or `https://` is the media URL.

use std::time::Duration;

use streamvault_media::Process;

use crate::error::FetchError;

/// A configured fallback extractor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FallbackExtractor {
    /// Program and arguments, with placeholders.
    pub argv: Vec<String>,
    /// Longest run.
    pub timeout: Duration,
}

impl FallbackExtractor {
    /// Parses the setting: a non-empty JSON array of strings, e.g.
    /// `["my-extractor", "--json", "{url}"]`.
    pub fn from_json(text: &str) -> Result<Self, FetchError> {
        let argv: Vec<String> = serde_json::from_str(text).map_err(|e| {
            FetchError::Config(format!(
                "FALLBACK_EXTRACTOR_CMD must be a JSON array of strings: {e}"
            ))
        })?;
        if argv.first().is_none_or(|p| p.trim().is_empty()) {
            return Err(FetchError::Config(
                "FALLBACK_EXTRACTOR_CMD has no program".into(),
            ));
        }
        Ok(FallbackExtractor {
            argv,
            timeout: Duration::from_secs(300),
        })
    }

    /// The invocation for `url` and `query` (placeholders substituted per argument).
    pub fn command(&self, url: &str, query: &str) -> Process {
        let mut argv = self.argv.iter().map(|a| substitute(a, url, query));
        let program = argv.next().unwrap_or_default();
        Process::new(program)
            .args(argv)
            .timeout(self.timeout)
            .stdout_limit(1 << 20)
    }

    /// Runs the extractor and returns the media URL it printed (not yet checked).
    pub async fn extract(&self, url: &str, query: &str) -> Result<String, FetchError> {
        let command = self.command(url, query);
        let program = command.program();
        let out = command.output().await?;
        let text = String::from_utf8_lossy(&out.stdout);
        first_media_url(&text)
            .map(str::to_owned)
            .ok_or(FetchError::NoMediaUrl { program })
    }
}

/// Replaces `{url}` and `{query}` in one pass (a value containing a placeholder is not
/// expanded again).
pub fn substitute(arg: &str, url: &str, query: &str) -> String {
    let mut out = String::with_capacity(arg.len() + url.len());
    let mut rest = arg;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{url}") {
            out.push_str(url);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{query}") {
            out.push_str(query);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The first line that starts with `http://` or `https://` (case-insensitive), trimmed.
pub fn first_media_url(stdout: &str) -> Option<&str> {
    stdout.lines().map(str::trim).find(|l| {
        let lower = l.get(..8).unwrap_or(l).to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_substituted_once_per_argument() {
        assert_eq!(
            substitute("{url}", "http://a/{query}", "q"),
            "http://a/{query}"
        );
        assert_eq!(substitute("--q={query}&u={url}", "U", "Q"), "--q=Q&u=U");
        assert_eq!(substitute("{other}{", "U", "Q"), "{other}{");
        assert_eq!(substitute("a b; rm -rf /", "U", "Q"), "a b; rm -rf /");
    }

    #[test]
    fn config_parsing() {
        let f = FallbackExtractor::from_json(r#"["x", "--u", "{url}"]"#).expect("parse");
        let p = f.command("http://h/v; echo pwned", "");
        assert_eq!(p.program(), "x");
        assert_eq!(p.get_args(), ["--u", "http://h/v; echo pwned"]);
        assert!(FallbackExtractor::from_json("[]").is_err());
        assert!(FallbackExtractor::from_json("x {url}").is_err());
        assert!(FallbackExtractor::from_json(r#"[""]"#).is_err());
    }

    #[test]
    fn media_url_line() {
        let out = "resolving...\n  HTTPS://cdn/x.m3u8  \nhttp://second\n";
        assert_eq!(first_media_url(out), Some("HTTPS://cdn/x.m3u8"));
        assert_eq!(first_media_url("ftp://x\nnothing"), None);
    }
}
