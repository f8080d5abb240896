//! HLS (`.m3u8`) streams: remuxed by ffmpeg (`-c copy`) into Matroska.
//!
//! ffmpeg resolves names and follows redirects itself, so before it runs the playlist
//! (and, for a master playlist, each variant playlist) is fetched through the guarded
//! client and every host it names is checked by the guard. ffmpeg is limited to network
//! protocols with `-protocol_whitelist` (no `file:`, `concat:`…).

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use streamvault_media::Process;
use url::Url;

use crate::error::FetchError;
use crate::http::GuardedClient;

/// Most variant playlists inspected in a master playlist.
const MAX_VARIANTS: usize = 16;

/// How ffmpeg is run for HLS.
#[derive(Debug, Clone)]
pub struct HlsConfig {
    /// The ffmpeg program.
    pub ffmpeg: PathBuf,
    /// Longest run.
    pub timeout: Duration,
}

impl Default for HlsConfig {
    fn default() -> Self {
        HlsConfig {
            ffmpeg: PathBuf::from("ffmpeg"),
            timeout: Duration::from_secs(3 * 3600),
        }
    }
}

impl HlsConfig {
    /// Checks the playlist's hosts, then remuxes `url` into `dest` (written as
    /// `dest.part` and renamed when ffmpeg succeeds). Returns the size.
    pub async fn fetch(
        &self,
        client: &GuardedClient,
        url: &Url,
        dest: &Path,
    ) -> Result<u64, FetchError> {
        check_playlist_hosts(client, url).await?;
        let mut part = dest.as_os_str().to_owned();
        part.push(".part");
        let part = PathBuf::from(part);
        let mut out = OsString::from("file:");
        out.push(&part);
        Process::new(&self.ffmpeg)
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
            .args(["-protocol_whitelist", "http,https,tcp,tls,crypto"])
            .args(["-rw_timeout", "30000000", "-i", url.as_str()])
            .args(["-c", "copy", "-f", "matroska"])
            .arg(out)
            .timeout(self.timeout)
            .run()
            .await?;
        tokio::fs::rename(&part, dest).await?;
        Ok(tokio::fs::metadata(dest).await?.len())
    }
}

/// Fetches the playlist (and variants) through the guard and checks every named host.
async fn check_playlist_hosts(client: &GuardedClient, url: &Url) -> Result<(), FetchError> {
    let (body, base) = client.get_small(url).await?;
    let text = String::from_utf8_lossy(&body);
    if !text.trim_start().starts_with("#EXTM3U") {
        return Err(FetchError::BadResponse("not an M3U8 playlist".into()));
    }
    let mut urls = playlist_uris(&text, &base);
    if text.contains("#EXT-X-STREAM-INF") {
        let variants: Vec<Url> = urls.iter().take(MAX_VARIANTS).cloned().collect();
        for variant in variants {
            let (body, vbase) = client.get_small(&variant).await?;
            urls.extend(playlist_uris(&String::from_utf8_lossy(&body), &vbase));
        }
    }
    // One check per scheme and host: every address of each host must pass.
    let mut seen = BTreeSet::new();
    for u in &urls {
        if seen.insert((
            u.scheme().to_owned(),
            u.host_str().unwrap_or_default().to_owned(),
        )) {
            client.guard().check_url(u).await?;
        }
    }
    Ok(())
}

/// Every URI in a playlist: non-comment lines and `URI="…"` attributes, resolved
/// against `base`.
pub fn playlist_uris(text: &str, base: &Url) -> Vec<Url> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(tag) = line.strip_prefix('#') {
            if let Some(i) = tag.find("URI=\"") {
                let rest = &tag[i + 5..];
                if let Some(end) = rest.find('"') {
                    out.extend(base.join(&rest[..end]).ok());
                }
            }
        } else {
            out.extend(base.join(line).ok());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_collected_and_resolved() {
        let base = Url::parse("http://h/v/index.m3u8").expect("url");
        let text = "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"http://10.0.0.1/k\"\n\
                    #EXTINF:2,\nseg0.ts\n#EXTINF:2,\n/abs/seg1.ts\nhttps://other/seg2.ts\n";
        let got: Vec<String> = playlist_uris(text, &base)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "http://10.0.0.1/k",
                "http://h/v/seg0.ts",
                "http://h/abs/seg1.ts",
                "https://other/seg2.ts"
            ]
        );
    }
}
