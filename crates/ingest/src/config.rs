//! What the binary passes in: channels, site URL, templates and switches.

use crate::error::IngestError;
use std::collections::BTreeMap;
use std::path::PathBuf;
use streamvault_core::rename::Templates;
use streamvault_media::Tools;
use streamvault_telegram::ChatId;

/// The Telegram channels an ingestion posts to (SPEC §1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channels {
    /// `TG_LOG_CHANNEL_ID`: videos, samples, archives.
    pub log: ChatId,
    /// `TG_LOG_CHANNEL_<GENRE>`: per-genre log channels, keyed by lowercase genre.
    pub log_by_genre: BTreeMap<String, ChatId>,
    /// `TG_BACKUP_CHANNEL_ID`: the shadow mirror of every log post.
    pub backup: ChatId,
    /// `TG_SCREENSHOT_CHANNEL_ID` (the binary defaults it to the log channel).
    pub screenshots: ChatId,
    /// `TG_PUBLIC_CHANNEL_ID`: release cards.
    pub public: ChatId,
    /// `TG_ADMIN_CHANNEL_ID`: alerts (blocked content).
    pub admin: ChatId,
}

impl Channels {
    /// The log channel of `genre` (case-insensitive), else the default log channel.
    pub fn log_for(&self, genre: Option<&str>) -> ChatId {
        genre
            .and_then(|g| self.log_by_genre.get(&g.trim().to_lowercase()))
            .copied()
            .unwrap_or(self.log)
    }
}

/// Settings of the ingestion pipeline, filled by the binary from its configuration.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Where the channels are.
    pub channels: Channels,
    /// `SITE_URL`, without trailing slash: release cards link `{SITE_URL}/v/{slug}`.
    pub site_url: String,
    /// Renaming templates and brand.
    pub templates: Templates,
    /// `GENERATE_SAMPLES`: cut and post a 30 s sample with the video.
    pub generate_samples: bool,
    /// Number of screenshots (3..=5).
    pub screenshot_count: usize,
    /// Largest PDQ distance that counts as a blocklist match.
    pub pdq_threshold: u32,
    /// Root of the per-job work directories (`<root>/job-<id>`).
    pub work_root: PathBuf,
    /// ffmpeg, ffprobe, 7zz.
    pub tools: Tools,
    /// Largest upload of a normal account (a `.7z` volume stays under it), bytes.
    pub volume_limit: u64,
    /// Run a job only on sessions that reported the peer of its log channel (register
    /// sessions with `WorkerSession::with_peers`). Default true.
    pub require_log_peer: bool,
}

impl IngestConfig {
    /// Defaults for everything but the channels, the site and the work root.
    pub fn new(channels: Channels, site_url: impl Into<String>, work_root: PathBuf) -> Self {
        IngestConfig {
            channels,
            site_url: site_url.into().trim_end_matches('/').to_owned(),
            templates: Templates::default(),
            generate_samples: true,
            screenshot_count: 4,
            pdq_threshold: streamvault_media::pdq::DEFAULT_THRESHOLD,
            work_root,
            tools: Tools::default(),
            volume_limit: 2_000 * 1024 * 1024,
            require_log_peer: true,
        }
    }

    /// Checks the settings: 3–5 screenshots, a site URL, a volume limit of at least 1 MiB.
    pub fn validate(&self) -> Result<(), IngestError> {
        if !(3..=5).contains(&self.screenshot_count) {
            return Err(IngestError::Config(format!(
                "screenshot count {} is not within 3..=5",
                self.screenshot_count
            )));
        }
        if self.site_url.is_empty() {
            return Err(IngestError::Config("SITE_URL is empty".into()));
        }
        if self.volume_limit < 1024 * 1024 {
            return Err(IngestError::Config(format!(
                "volume limit {} is under 1 MiB",
                self.volume_limit
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genre_picks_its_log_channel() {
        let ch = Channels {
            log: ChatId(-1),
            log_by_genre: [("anime".to_owned(), ChatId(-2))].into_iter().collect(),
            backup: ChatId(-3),
            screenshots: ChatId(-4),
            public: ChatId(-5),
            admin: ChatId(-6),
        };
        assert_eq!(ch.log_for(Some(" Anime ")), ChatId(-2));
        assert_eq!(ch.log_for(Some("drama")), ChatId(-1));
        assert_eq!(ch.log_for(None), ChatId(-1));
        let c = IngestConfig::new(ch, "https://x.example/", PathBuf::from("/w"));
        assert_eq!(c.site_url, "https://x.example");
        assert!(c.validate().is_ok());
        let bad = IngestConfig {
            screenshot_count: 6,
            ..c.clone()
        };
        assert!(matches!(bad.validate(), Err(IngestError::Config(_))));
    }
}
