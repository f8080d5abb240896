//! nginx secure links: `{base}{path}?md5={hash}&expires={ts}` where
//! `hash = base64url_nopad(md5("{expires}{path}[{client_ip}] {secret}"))`, exactly what
//! `secure_link_md5 "$secure_link_expires$uri[$remote_addr] <secret>"` computes.
//!
//! `$uri` is nginx's decoded, normalized path, so the hash is computed over the decoded
//! path and the URL carries it percent-encoded. Paths that nginx would normalize into
//! something else (`//`, `.`/`..` segments) are refused instead of silently signing a
//! different path.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use md5::{Digest, Md5};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::net::IpAddr;

/// Bytes left as they are in a signed URL's path: unreserved characters and `/`.
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A stream path as it appears in URLs (signed links, nginx's purge location): every
/// byte but unreserved characters and `/` percent-encoded.
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_KEEP).to_string()
}

/// Why a path cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// Not starting with `/`.
    #[error("a stream path starts with '/', got {0:?}")]
    NotAbsolute(String),
    /// nginx would normalize it to another path.
    #[error("the stream path {0:?} is not normalized (no '//', '.' or '..' segments)")]
    NotNormalized(String),
    /// Control characters (including NUL) cannot be in a path.
    #[error("the stream path contains a control character")]
    ControlCharacter,
}

/// The nginx `secure_link_md5` hash.
pub fn secure_link_hash(
    expires: i64,
    path: &str,
    client_ip: Option<IpAddr>,
    secret: &str,
) -> String {
    let mut md5 = Md5::new();
    md5.update(expires.to_string());
    md5.update(path);
    if let Some(ip) = client_ip {
        md5.update(ip.to_string());
    }
    md5.update(" ");
    md5.update(secret);
    URL_SAFE_NO_PAD.encode(md5.finalize())
}

/// A signed stream URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignedUrl {
    /// The full URL to hand to the player.
    pub url: String,
    /// Unix time after which nginx answers 410.
    pub expires: i64,
}

/// Signs stream paths for one nginx front.
#[derive(Clone)]
pub struct Signer {
    base_url: String,
    secret: String,
    ttl_secs: i64,
    bind_ip: bool,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("base_url", &self.base_url)
            .field("ttl_secs", &self.ttl_secs)
            .field("bind_ip", &self.bind_ip)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `base_url` (e.g. `https://stream.example.org`), valid `ttl_secs`,
    /// optionally binding links to the client IP.
    pub fn new(base_url: &str, secret: &str, ttl_secs: i64, bind_ip: bool) -> Self {
        Signer {
            base_url: base_url.trim_end_matches('/').to_owned(),
            secret: secret.to_owned(),
            ttl_secs,
            bind_ip,
        }
    }

    /// Whether links are bound to the client IP (then [`Signer::sign`] needs one).
    pub fn binds_ip(&self) -> bool {
        self.bind_ip
    }

    /// Signs a decoded path, valid until `now + ttl`.
    pub fn sign(
        &self,
        path: &str,
        now: i64,
        client_ip: Option<IpAddr>,
    ) -> Result<SignedUrl, SignError> {
        self.sign_until(path, now + self.ttl_secs, client_ip)
    }

    /// Signs a decoded path valid until `expires`.
    pub fn sign_until(
        &self,
        path: &str,
        expires: i64,
        client_ip: Option<IpAddr>,
    ) -> Result<SignedUrl, SignError> {
        check_path(path)?;
        let ip = if self.bind_ip { client_ip } else { None };
        let hash = secure_link_hash(expires, path, ip, &self.secret);
        let encoded = url_path(path);
        Ok(SignedUrl {
            url: format!("{}{encoded}?md5={hash}&expires={expires}", self.base_url),
            expires,
        })
    }
}

fn check_path(path: &str) -> Result<(), SignError> {
    if !path.starts_with('/') {
        return Err(SignError::NotAbsolute(path.to_owned()));
    }
    if path.chars().any(char::is_control) {
        return Err(SignError::ControlCharacter);
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    let bad = segments
        .iter()
        .enumerate()
        .any(|(i, s)| *s == "." || *s == ".." || (s.is_empty() && i != last));
    if bad {
        return Err(SignError::NotNormalized(path.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_documented_vectors() {
        assert_eq!(
            secure_link_hash(2147483647, "/s/link", None, "secret"),
            "0Xgm37lo5nFEuHMDKl_vQg"
        );
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(
            secure_link_hash(2147483647, "/s/link", Some(ip), "secret"),
            "_e4Nc3iduzkWRm01TBBNYw"
        );
    }

    #[test]
    fn urls_are_url_safe_without_padding() {
        let s = Signer::new("https://stream.example.org/", "secret", 4 * 3600, false);
        let u = s.sign("/s/link", 2147483647 - 4 * 3600, None).unwrap();
        assert_eq!(
            u.url,
            "https://stream.example.org/s/link?md5=0Xgm37lo5nFEuHMDKl_vQg&expires=2147483647"
        );
        for i in 0..200 {
            let u = s
                .sign(&format!("/s/file{i}.mkv"), 1_700_000_000 + i, None)
                .unwrap();
            let hash = u
                .url
                .split("md5=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap();
            assert!(
                !hash.contains(['=', '+', '/']) && hash.len() == 22,
                "{hash}"
            );
        }
    }

    #[test]
    fn the_decoded_path_is_signed_and_the_url_is_encoded() {
        let s = Signer::new("http://h", "k", 60, false);
        let path = "/s/Amélie 100% + more.mkv";
        let u = s.sign_until(path, 100, None).unwrap();
        assert!(
            u.url
                .starts_with("http://h/s/Am%C3%A9lie%20100%25%20%2B%20more.mkv?md5="),
            "{}",
            u.url
        );
        assert!(u.url.contains(&secure_link_hash(100, path, None, "k")));
    }

    #[test]
    fn ip_binding_is_a_setting() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let bound = Signer::new("http://h", "secret", 0, true)
            .sign_until("/s/link", 2147483647, Some(ip))
            .unwrap();
        assert!(bound.url.contains("_e4Nc3iduzkWRm01TBBNYw"));
        let unbound = Signer::new("http://h", "secret", 0, false)
            .sign_until("/s/link", 2147483647, Some(ip))
            .unwrap();
        assert!(unbound.url.contains("0Xgm37lo5nFEuHMDKl_vQg"));
    }

    #[test]
    fn unnormalized_paths_are_refused() {
        let s = Signer::new("http://h", "k", 60, false);
        assert!(matches!(
            s.sign("s/x", 0, None),
            Err(SignError::NotAbsolute(_))
        ));
        for p in ["/s/../etc/passwd", "/s/./x", "/s//x", "//x"] {
            assert!(
                matches!(s.sign(p, 0, None), Err(SignError::NotNormalized(_))),
                "{p}"
            );
        }
        assert_eq!(s.sign("/s/a\0b", 0, None), Err(SignError::ControlCharacter));
        assert!(s.sign("/s/dir/", 0, None).is_ok());
    }
}
