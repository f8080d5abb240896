//! The nginx streaming front: rendering the shipped config template and purging every
//! cached slice of a file.

use std::collections::BTreeMap;
use streamvault_core::signer::url_path;

/// The config template shipped in `deploy/nginx/streamvault.conf`.
pub const TEMPLATE: &str = include_str!("../../../deploy/nginx/streamvault.conf");

/// nginx's `slice` size in that template.
pub const SLICE_BYTES: u64 = 1 << 20;

/// Values for the template's placeholders.
#[derive(Debug, Clone)]
pub struct NginxParams {
    /// `listen` argument.
    pub listen: String,
    /// The hive's streaming server `host:port`.
    pub hive_upstream: String,
    /// Cache directory.
    pub cache_dir: String,
    /// Cache `max_size`.
    pub cache_max_size: String,
    /// Bind links to the client IP.
    pub bind_ip: bool,
}

/// A template placeholder without a value.
#[derive(Debug, thiserror::Error)]
#[error("the nginx template has an unknown placeholder {0}")]
pub struct RenderError(String);

/// Fills the template. The result contains the secret: write it with restricted permissions.
pub fn render(template: &str, params: &NginxParams, secret: &str) -> Result<String, RenderError> {
    let values: BTreeMap<&str, &str> = BTreeMap::from([
        ("LISTEN", params.listen.as_str()),
        ("HIVE_UPSTREAM", params.hive_upstream.as_str()),
        ("CACHE_DIR", params.cache_dir.as_str()),
        ("CACHE_MAX_SIZE", params.cache_max_size.as_str()),
        ("BIND_IP", if params.bind_ip { "$remote_addr" } else { "" }),
        ("SECURE_LINK_SECRET", secret),
    ]);
    let mut out = String::with_capacity(template.len());
    for line in template.lines() {
        // Comment lines document the placeholders; leave them as they are.
        if line.trim_start().starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            let end = rest[start..]
                .find("}}")
                .map(|e| start + e)
                .ok_or_else(|| RenderError(rest.to_owned()))?;
            let name = &rest[start + 2..end];
            let value = values
                .get(name)
                .ok_or_else(|| RenderError(name.to_owned()))?;
            out.push_str(&rest[..start]);
            out.push_str(value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    Ok(out)
}

/// The `$slice_range` values nginx uses as cache-key suffixes for a file of `size` bytes.
pub fn slice_ranges(size: u64) -> impl Iterator<Item = String> {
    (0..size.div_ceil(SLICE_BYTES).max(1))
        .map(|i| format!("bytes={}-{}", i * SLICE_BYTES, (i + 1) * SLICE_BYTES - 1))
}

/// What a purge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Slices that were cached and are gone.
    pub purged: u64,
    /// Slices that were not cached.
    pub not_cached: u64,
}

/// Why a purge failed.
#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    /// nginx could not be reached.
    #[error("cannot reach the nginx purge endpoint: {0}")]
    Unreachable(String),
    /// nginx answered something other than 200/404 (403: not allowed from this address).
    #[error("nginx refused the purge of {path} ({status}): is the purge location allowed from this host?")]
    Refused {
        /// The stream path.
        path: String,
        /// HTTP status.
        status: u16,
    },
}

/// Purges every cached slice of the file at stream `path` (decoded) of `size` bytes through
/// the purge location at `purge_base` (e.g. `http://127.0.0.1:8081`). Safe to repeat.
pub async fn purge_file(
    client: &reqwest::Client,
    purge_base: &str,
    path: &str,
    size: u64,
) -> Result<PurgeReport, PurgeError> {
    let url = format!(
        "{}/purge{}",
        purge_base.trim_end_matches('/'),
        url_path(path)
    );
    let mut report = PurgeReport::default();
    for range in slice_ranges(size) {
        let response = client
            .get(&url)
            .header("X-Slice-Range", &range)
            .send()
            .await
            .map_err(|e| PurgeError::Unreachable(e.without_url().to_string()))?;
        match response.status().as_u16() {
            200 => report.purged += 1,
            404 => report.not_cached += 1,
            status => {
                return Err(PurgeError::Refused {
                    path: path.to_owned(),
                    status,
                })
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> NginxParams {
        NginxParams {
            listen: "127.0.0.1:8081".into(),
            hive_upstream: "127.0.0.1:8090".into(),
            cache_dir: "/var/cache/nginx/streamvault".into(),
            cache_max_size: "50g".into(),
            bind_ip: false,
        }
    }

    #[test]
    fn renders_every_placeholder() {
        let out = render(TEMPLATE, &params(), "s3cret").unwrap();
        let config: String = out
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!config.contains("{{"), "{config}");
        assert!(
            config.contains(r#"secure_link_md5 "$secure_link_expires$uri s3cret";"#),
            "{config}"
        );
        let bound = render(
            TEMPLATE,
            &NginxParams {
                bind_ip: true,
                ..params()
            },
            "k",
        )
        .unwrap();
        assert!(bound.contains(r#""$secure_link_expires$uri$remote_addr k""#));
        assert!(render("x {{NOPE}}", &params(), "k").is_err());
    }

    #[test]
    fn slices_cover_the_file() {
        let r: Vec<_> = slice_ranges(2 * SLICE_BYTES + 1).collect();
        assert_eq!(
            r,
            [
                "bytes=0-1048575",
                "bytes=1048576-2097151",
                "bytes=2097152-3145727"
            ]
        );
        assert_eq!(slice_ranges(SLICE_BYTES).count(), 1);
        assert_eq!(slice_ranges(0).count(), 1);
    }
}
