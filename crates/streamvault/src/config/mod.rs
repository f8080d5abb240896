//! Layered, typed configuration: defaults → TOML file → environment → flags.
//!
//! Every key is declared once in [`keys::KEYS`]. Loading collects raw text per key with its
//! origin ([`layers`]), checks it by kind ([`values`]) and builds the typed [`Config`].
//! All problems are reported together, each with the key, what is wrong and a good example.

pub mod example;
pub mod keys;
pub mod layers;
pub mod secret;
pub mod show;
pub mod values;

pub use layers::{Layers, Origin, Sources};
pub use secret::{CredentialUrl, Secret};

use keys::{Kind, KEYS};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use streamvault_core::rename::Templates;
use streamvault_core::TelegramUserId;

/// A configuration problem. Secret values never appear in it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read or parsed.
    #[error("config file {}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A key nobody knows (likely a typo).
    #[error("unknown config key {key:?} ({origin}); `streamvault config show` lists every key")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// Where it was written.
        origin: Origin,
    },
    /// One or more values are invalid.
    #[error("invalid configuration:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Telegram channel ids (Bot API form).
#[derive(Debug, Clone, Default)]
pub struct Channels {
    /// A: public release cards.
    pub public: Option<i64>,
    /// B: private log.
    pub log: Option<i64>,
    /// B': backup.
    pub backup: Option<i64>,
    /// B'': screenshots (falls back to the log channel).
    pub screenshot: Option<i64>,
    /// C: dump / quarantine.
    pub dump: Option<i64>,
    /// D: admin alerts.
    pub admin: Option<i64>,
    /// Per-genre log channels by lowercase genre.
    pub genre_log: BTreeMap<String, i64>,
}

impl Channels {
    /// The log channel of a genre, else the main log channel.
    pub fn log_for_genre(&self, genre: Option<&str>) -> Option<i64> {
        genre
            .and_then(|g| self.genre_log.get(&g.to_ascii_lowercase()).copied())
            .or(self.log)
    }

    /// The screenshot channel, defaulting to the log channel.
    pub fn screenshots(&self) -> Option<i64> {
        self.screenshot.or(self.log)
    }
}

/// The typed configuration of every service.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`.
    pub database_url: CredentialUrl,
    /// `DATABASE_MAX_CONNECTIONS`.
    pub database_max_connections: u32,
    /// `REDIS_URL`, when coordination is shared.
    pub redis_url: Option<CredentialUrl>,
    /// `BOT_TOKEN`.
    pub bot_token: Option<Secret>,
    /// `API_ID` of worker accounts.
    pub api_id: Option<i32>,
    /// `API_HASH` of worker accounts.
    pub api_hash: Option<Secret>,
    /// `ADMIN_IDS`.
    pub admin_ids: Vec<TelegramUserId>,
    /// `TG_*_CHANNEL_ID`.
    pub channels: Channels,
    /// `SITE_URL`.
    pub site_url: url::Url,
    /// `STREAM_BASE_URL`.
    pub stream_base_url: url::Url,
    /// `SECURE_LINK_SECRET`.
    pub secure_link_secret: Option<Secret>,
    /// `STREAM_LINK_TTL`.
    pub stream_link_ttl: Duration,
    /// `SECURE_LINK_BIND_IP`.
    pub secure_link_bind_ip: bool,
    /// `JWT_SECRET`.
    pub jwt_secret: Option<Secret>,
    /// `MAGIC_LINK_TTL`.
    pub magic_link_ttl: Duration,
    /// `API_LISTEN`.
    pub api_listen: SocketAddr,
    /// `SESSION_TTL`.
    pub session_ttl: Duration,
    /// `TRUST_FORWARDED_FOR`.
    pub trust_forwarded_for: bool,
    /// `PLAY_CACHE_TTL`.
    pub play_cache_ttl: Duration,
    /// `PLAY_RATE_*`: (free user, free IP, premium user, premium IP) as (count, period).
    pub play_rates: [(u32, Duration); 4],
    /// `NGINX_LISTEN`.
    pub nginx_listen: String,
    /// `NGINX_CACHE_DIR`.
    pub nginx_cache_dir: String,
    /// `NGINX_CACHE_MAX_SIZE`.
    pub nginx_cache_max_size: String,
    /// `NGINX_PURGE_URL`.
    pub nginx_purge_url: url::Url,
    /// `HIVE_STREAM_LISTEN`.
    pub hive_stream_listen: SocketAddr,
    /// `WORKER_SESSIONS_DIR`.
    pub sessions_dir: PathBuf,
    /// `HEAVY_TASK_LIMIT`.
    pub heavy_task_limit: u32,
    /// `STATUS_CHAT_ID`.
    pub status_chat: Option<i64>,
    /// `STATUS_EDIT_INTERVAL`.
    pub status_interval: Duration,
    /// `GENERATE_SAMPLES`.
    pub generate_samples: bool,
    /// `WORK_DIR`.
    pub work_dir: PathBuf,
    /// `FETCH_ALLOW`: CIDR blocks the SSRF guard lets through.
    pub fetch_allow: String,
    /// `FALLBACK_EXTRACTOR_CMD`.
    pub fallback_extractor_cmd: Option<Vec<String>>,
    /// `RENAME_TEMPLATE_*` and `BRAND_TAG`, parsed.
    pub rename: Templates,
    /// `REFERRAL_QUOTA`.
    pub referral_quota: u32,
    /// `REFERRAL_PREMIUM_DAYS`.
    pub referral_premium_days: u32,
    /// `TMDB_API_KEY`.
    pub tmdb_api_key: Option<Secret>,
    /// `TMDB_BEARER`.
    pub tmdb_bearer: Option<Secret>,
    /// `OMDB_API_KEY`.
    pub omdb_api_key: Option<Secret>,
}

/// Describes an invalid value without echoing secrets.
fn problem(key: &keys::Key, raw: &layers::RawValue, message: &str) -> String {
    let shown = if key.secret {
        "<secret>".to_owned()
    } else {
        format!("{:?}", raw.text)
    };
    format!(
        "  {} ({}, from {}) = {shown}: {message}; example: {}={}",
        key.env, key.path, raw.origin, key.env, key.example
    )
}

/// Reads typed values out of checked layers.
struct Reader<'a> {
    layers: &'a Layers,
}

impl Reader<'_> {
    fn text(&self, path: &str) -> Option<String> {
        self.layers
            .values
            .get(path)
            .map(|v| v.text.clone())
            .filter(|t| !t.is_empty())
    }
    fn secret(&self, path: &str) -> Option<Secret> {
        self.text(path).map(Secret::new)
    }
    fn int(&self, path: &str) -> Option<i64> {
        self.text(path).and_then(|t| t.trim().parse().ok())
    }
    fn bool(&self, path: &str) -> bool {
        self.text(path)
            .and_then(|t| values::boolean(&t).ok())
            .unwrap_or(false)
    }
    fn duration(&self, path: &str) -> Duration {
        self.text(path)
            .and_then(|t| values::duration(&t).ok())
            .unwrap_or_default()
    }
    fn url(&self, path: &str) -> url::Url {
        let text = self.text(path).unwrap_or_default();
        values::http_url(&text)
            .unwrap_or_else(|_| url::Url::parse("http://invalid.invalid").expect("static URL"))
    }
}

impl Config {
    /// Loads and validates the configuration from `sources`.
    pub fn load(sources: &Sources) -> Result<(Config, Layers), ConfigError> {
        let layers = Layers::collect(sources)?;
        let mut problems = Vec::new();
        for key in KEYS {
            if let Some(raw) = layers.values.get(key.path).filter(|r| !r.text.is_empty()) {
                if let Err(m) = values::check(key.kind, &raw.text) {
                    problems.push(problem(key, raw, &m));
                }
            }
        }
        let mut genre_log = BTreeMap::new();
        for (genre, raw) in &layers.genre_channels {
            match values::channel_id(&raw.text) {
                Ok(id) => {
                    genre_log.insert(genre.clone(), id);
                }
                Err(m) => problems.push(format!(
                    "  {}{} (from {}) = {:?}: {m}; example: {}ACTION=-1001000000007",
                    keys::GENRE_CHANNEL_ENV_PREFIX,
                    genre.to_ascii_uppercase(),
                    raw.origin,
                    raw.text,
                    keys::GENRE_CHANNEL_ENV_PREFIX
                )),
            }
        }
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems));
        }
        let r = Reader { layers: &layers };
        // Template syntax is checked by the renamer itself; the brand may be set empty.
        let rename = Templates::from_lookup(|env| {
            let key = KEYS.iter().find(|k| k.env == env)?;
            let raw = layers.values.get(key.path)?;
            Some(raw.text.clone())
        })
        .map_err(|e| ConfigError::Invalid(vec![format!("  {e}")]))?;
        let channel = |p: &str| r.text(p).and_then(|t| values::channel_id(&t).ok());
        let config = Config {
            database_url: CredentialUrl::new(r.text("database.url").unwrap_or_default()),
            database_max_connections: r.int("database.max_connections").unwrap_or(8) as u32,
            redis_url: r.text("coordination.redis_url").map(CredentialUrl::new),
            bot_token: r.secret("telegram.bot_token"),
            api_id: r.int("telegram.api_id").map(|n| n as i32),
            api_hash: r.secret("telegram.api_hash"),
            admin_ids: r
                .text("telegram.admin_ids")
                .and_then(|t| values::id_list(&t).ok())
                .unwrap_or_default()
                .into_iter()
                .map(TelegramUserId)
                .collect(),
            channels: Channels {
                public: channel("telegram.public_channel_id"),
                log: channel("telegram.log_channel_id"),
                backup: channel("telegram.backup_channel_id"),
                screenshot: channel("telegram.screenshot_channel_id"),
                dump: channel("telegram.dump_channel_id"),
                admin: channel("telegram.admin_channel_id"),
                genre_log,
            },
            site_url: r.url("site.url"),
            stream_base_url: r.url("site.stream_base_url"),
            secure_link_secret: r.secret("site.secure_link_secret"),
            stream_link_ttl: r.duration("site.stream_link_ttl"),
            secure_link_bind_ip: r.bool("site.secure_link_bind_ip"),
            jwt_secret: r.secret("site.jwt_secret"),
            magic_link_ttl: r.duration("site.magic_link_ttl"),
            api_listen: r
                .text("api.listen")
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            session_ttl: r.duration("api.session_ttl"),
            trust_forwarded_for: r.bool("api.trust_forwarded_for"),
            play_cache_ttl: r
                .text("gate.play_cache_ttl")
                .and_then(|t| values::duration_or_zero(&t).ok())
                .unwrap_or_default(),
            play_rates: [
                "gate.free_user_rate",
                "gate.free_ip_rate",
                "gate.premium_user_rate",
                "gate.premium_ip_rate",
            ]
            .map(|p| {
                r.text(p)
                    .and_then(|t| values::rate(&t).ok())
                    .unwrap_or((1, Duration::from_secs(1)))
            }),
            nginx_listen: r.text("nginx.listen").unwrap_or_default(),
            nginx_cache_dir: r.text("nginx.cache_dir").unwrap_or_default(),
            nginx_cache_max_size: r.text("nginx.cache_max_size").unwrap_or_default(),
            nginx_purge_url: r.url("nginx.purge_url"),
            hive_stream_listen: r
                .text("hive.stream_listen")
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8090))),
            sessions_dir: PathBuf::from(r.text("hive.sessions_dir").unwrap_or_default()),
            heavy_task_limit: r.int("hive.heavy_task_limit").unwrap_or(5) as u32,
            status_chat: r.int("hive.status_chat_id"),
            status_interval: r.duration("hive.status_interval"),
            generate_samples: r.bool("hive.generate_samples"),
            work_dir: PathBuf::from(r.text("hive.work_dir").unwrap_or_default()),
            fetch_allow: r.text("hive.fetch_allow").unwrap_or_default(),
            fallback_extractor_cmd: r
                .text("hive.fallback_extractor_cmd")
                .and_then(|t| values::argv(&t).ok()),
            rename,
            referral_quota: r.int("referral.quota").unwrap_or(5) as u32,
            referral_premium_days: r.int("referral.premium_days").unwrap_or(7) as u32,
            tmdb_api_key: r.secret("metadata.tmdb_api_key"),
            tmdb_bearer: r.secret("metadata.tmdb_bearer"),
            omdb_api_key: r.secret("metadata.omdb_api_key"),
        };
        Ok((config, layers))
    }

    /// Whether `user` may run admin commands.
    pub fn is_admin(&self, user: TelegramUserId) -> bool {
        self.admin_ids.contains(&user)
    }
}

/// Whether a key's kind is an URL that may carry a password.
pub(crate) fn may_hold_password(kind: Kind) -> bool {
    matches!(kind, Kind::DatabaseUrl | Kind::RedisUrl)
}

#[cfg(test)]
mod tests;
