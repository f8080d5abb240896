//! Every configuration key: its TOML path, environment name, type, default and help.
//! This one table drives loading, validation, `config show` and the example TOML.

use streamvault_core::rename as rn;

/// How a key's text is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// An absolute http(s) URL.
    HttpUrl,
    /// A database URL (`sqlite://` or `postgres://`).
    DatabaseUrl,
    /// A `redis://` URL.
    RedisUrl,
    /// A whole number within bounds.
    Int {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// `true`/`false` (also 1/0, yes/no, on/off).
    Bool,
    /// Comma-separated Telegram user ids.
    IdList,
    /// A Telegram channel id in Bot API form (`-100…`).
    ChannelId,
    /// A duration such as `90s`, `10m`, `4h`, `7d`.
    Duration,
    /// A duration that may be `0` (off).
    DurationOrZero,
    /// A JSON array of strings (an argument vector).
    Argv,
    /// A `host:port` socket address.
    SocketAddr,
    /// A rate such as `60/1h` (count per duration).
    Rate,
}

/// One configuration key.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// `section.name` in the TOML file.
    pub path: &'static str,
    /// Environment variable (the names of SPEC.md).
    pub env: &'static str,
    /// Type of the value.
    pub kind: Kind,
    /// Default as text, if any.
    pub default: Option<&'static str>,
    /// Never printed or logged.
    pub secret: bool,
    /// One-line description.
    pub help: &'static str,
    /// A good value, shown in errors and the example file.
    pub example: &'static str,
}

const fn key(
    path: &'static str,
    env: &'static str,
    kind: Kind,
    default: Option<&'static str>,
    help: &'static str,
    example: &'static str,
) -> Key {
    Key {
        path,
        env,
        kind,
        default,
        secret: false,
        help,
        example,
    }
}

const fn secret(
    path: &'static str,
    env: &'static str,
    help: &'static str,
    example: &'static str,
) -> Key {
    Key {
        path,
        env,
        kind: Kind::Text,
        default: None,
        secret: true,
        help,
        example,
    }
}

const CHANNEL: Kind = Kind::ChannelId;

/// All keys, grouped by TOML section.
pub const KEYS: &[Key] = &[
    key("database.url", "DATABASE_URL", Kind::DatabaseUrl, Some("sqlite://./data/streamvault.db"),
        "Database: sqlite://PATH (embedded; a new file is created only at the default path or with ?mode=rwc) or postgres://USER@HOST/DB",
        "postgres://streamvault@127.0.0.1:5432/streamvault"),
    key("database.max_connections", "DATABASE_MAX_CONNECTIONS", Kind::Int { min: 1, max: 1000 }, Some("8"),
        "Largest number of pooled database connections", "16"),
    key("coordination.redis_url", "REDIS_URL", Kind::RedisUrl, None,
        "Redis for coordination across several hive processes or machines; unset = in-process", "redis://127.0.0.1:6379/0"),
    secret("telegram.bot_token", "BOT_TOKEN", "The manager bot's token from @BotFather (unset = sandbox only)", "123456:ABC-DEF..."),
    key("telegram.api_id", "API_ID", Kind::Int { min: 1, max: i32::MAX as i64 }, None,
        "Worker accounts' MTProto api_id (my.telegram.org); never the bot's", "1234567"),
    secret("telegram.api_hash", "API_HASH", "Worker accounts' MTProto api_hash", "0123456789abcdef0123456789abcdef"),
    key("telegram.admin_ids", "ADMIN_IDS", Kind::IdList, Some(""),
        "Telegram user ids allowed to run admin commands and press admin buttons", "11111111,22222222"),
    key("telegram.public_channel_id", "TG_PUBLIC_CHANNEL_ID", CHANNEL, None, "Channel A: public release cards", "-1001000000001"),
    key("telegram.log_channel_id", "TG_LOG_CHANNEL_ID", CHANNEL, None, "Channel B: verified videos, samples, archives", "-1001000000002"),
    key("telegram.backup_channel_id", "TG_BACKUP_CHANNEL_ID", CHANNEL, None, "Channel B': forwards of every log post", "-1001000000003"),
    key("telegram.screenshot_channel_id", "TG_SCREENSHOT_CHANNEL_ID", CHANNEL, None,
        "Channel B'': preview frames (defaults to the log channel)", "-1001000000004"),
    key("telegram.dump_channel_id", "TG_DUMP_CHANNEL_ID", CHANNEL, None, "Channel C: crowdsourced uploads awaiting approval", "-1001000000005"),
    key("telegram.admin_channel_id", "TG_ADMIN_CHANNEL_ID", CHANNEL, None, "Channel D: alerts, takedowns, reports, daily stats", "-1001000000006"),
    key("site.url", "SITE_URL", Kind::HttpUrl, Some("http://127.0.0.1:3000"), "The website, for /v/{slug} and /auth links", "https://example.org"),
    key("site.stream_base_url", "STREAM_BASE_URL", Kind::HttpUrl, Some("http://127.0.0.1:8081"),
        "Public base URL of the nginx streaming front", "https://stream.example.org"),
    secret("site.secure_link_secret", "SECURE_LINK_SECRET", "Secret shared with nginx secure_link_md5", "a-long-random-string"),
    key("site.stream_link_ttl", "STREAM_LINK_TTL", Kind::Duration, Some("4h"), "Lifetime of a signed stream URL", "4h"),
    key("site.secure_link_bind_ip", "SECURE_LINK_BIND_IP", Kind::Bool, Some("false"),
        "Bind signed stream URLs to the client IP ($remote_addr in the nginx expression)", "true"),
    secret("site.jwt_secret", "JWT_SECRET", "HS256 secret of magic-link login tokens", "another-long-random-string"),
    key("site.magic_link_ttl", "MAGIC_LINK_TTL", Kind::Duration, Some("10m"), "Lifetime of a magic login link", "10m"),
    key("api.listen", "API_LISTEN", Kind::SocketAddr, Some("127.0.0.1:8080"), "Address of the manager's HTTP API", "0.0.0.0:8080"),
    key("api.session_ttl", "SESSION_TTL", Kind::Duration, Some("30d"), "Lifetime of a website session after magic-link login", "30d"),
    key("api.trust_forwarded_for", "TRUST_FORWARDED_FOR", Kind::Bool, Some("false"),
        "Take the client IP from X-Forwarded-For when the API sits behind a proxy on loopback", "true"),
    key("gate.play_cache_ttl", "PLAY_CACHE_TTL", Kind::DurationOrZero, Some("2s"),
        "How long /v1/play may reuse a user's tier and a slug's file (a ban or takedown reaches all replicas within it); 0 = off", "2s"),
    key("gate.free_user_rate", "PLAY_RATE_FREE_USER", Kind::Rate, Some("60/1h"), "Plays allowed per free user", "60/1h"),
    key("gate.free_ip_rate", "PLAY_RATE_FREE_IP", Kind::Rate, Some("120/1h"), "Plays allowed per client IP (free users)", "120/1h"),
    key("gate.premium_user_rate", "PLAY_RATE_PREMIUM_USER", Kind::Rate, Some("600/1h"), "Plays allowed per premium user", "600/1h"),
    key("gate.premium_ip_rate", "PLAY_RATE_PREMIUM_IP", Kind::Rate, Some("1200/1h"), "Plays allowed per client IP (premium users)", "1200/1h"),
    key("nginx.listen", "NGINX_LISTEN", Kind::Text, Some("127.0.0.1:8081"), "What the rendered nginx config listens on", "80"),
    key("nginx.cache_dir", "NGINX_CACHE_DIR", Kind::Text, Some("/var/cache/nginx/streamvault"), "nginx cache directory", "/var/cache/nginx/streamvault"),
    key("nginx.cache_max_size", "NGINX_CACHE_MAX_SIZE", Kind::Text, Some("50g"), "nginx cache max_size", "50g"),
    key("nginx.purge_url", "NGINX_PURGE_URL", Kind::HttpUrl, Some("http://127.0.0.1:8081"),
        "Base URL of nginx's purge location (reached from this host)", "http://127.0.0.1:8081"),
    key("hive.stream_listen", "HIVE_STREAM_LISTEN", Kind::SocketAddr, Some("127.0.0.1:8090"),
        "The hive's streaming server (nginx's upstream)", "127.0.0.1:8090"),
    key("hive.sessions_dir", "WORKER_SESSIONS_DIR", Kind::Text, Some("./data/sessions"),
        "Where `worker login` keeps worker account sessions (mode 0600)", "/var/lib/streamvault/sessions"),
    key("hive.heavy_task_limit", "HEAVY_TASK_LIMIT", Kind::Int { min: 1, max: 64 }, Some("5"),
        "Heavy tasks (ffmpeg, archiving, mirroring) at once per host", "5"),
    key("hive.status_chat_id", "STATUS_CHAT_ID", Kind::Int { min: i64::MIN + 1, max: i64::MAX }, None,
        "Chat where the bot shows each job's progress in an edited message (default: the admin channel)", "-1001000000006"),
    key("hive.status_interval", "STATUS_EDIT_INTERVAL", Kind::Duration, Some("5s"),
        "Least time between two status-message edits in one chat (Telegram allows ~20 per minute per chat)", "5s"),
    key("hive.generate_samples", "GENERATE_SAMPLES", Kind::Bool, Some("false"), "Cut a 30 s sample clip for every video", "true"),
    key("hive.work_dir", "WORK_DIR", Kind::Text, Some("./data/work"), "Where downloads and generated files are kept while a job runs", "/var/lib/streamvault/work"),
    key("hive.fetch_allow", "FETCH_ALLOW", Kind::Text, Some(""),
        "Address blocks downloads may reach although not public (CIDR list; empty = public addresses only)", "127.0.0.0/8, ::1"),
    key("hive.fallback_extractor_cmd", "FALLBACK_EXTRACTOR_CMD", Kind::Argv, None,
        "Extractor run when yt-dlp fails: JSON argument vector with {url}/{query} placeholders; prints a media URL",
        r#"["/usr/local/bin/my-extractor", "--url", "{url}"]"#),
    key("rename.movie_template", rn::ENV_TEMPLATE_MOVIE, Kind::Text, Some(rn::DEFAULT_MOVIE_TEMPLATE),
        "Clean file name of movies", rn::DEFAULT_MOVIE_TEMPLATE),
    key("rename.episode_template", rn::ENV_TEMPLATE_EPISODE, Kind::Text, Some(rn::DEFAULT_EPISODE_TEMPLATE),
        "Clean file name of episodes", rn::DEFAULT_EPISODE_TEMPLATE),
    key("rename.season_pack_template", rn::ENV_TEMPLATE_SEASON_PACK, Kind::Text, Some(rn::DEFAULT_SEASON_PACK_TEMPLATE),
        "Clean name of season packs", rn::DEFAULT_SEASON_PACK_TEMPLATE),
    key("rename.absolute_template", rn::ENV_TEMPLATE_ABSOLUTE, Kind::Text, Some(rn::DEFAULT_ABSOLUTE_TEMPLATE),
        "Clean file name of episodes numbered without a season (anime)", rn::DEFAULT_ABSOLUTE_TEMPLATE),
    key("rename.daily_template", rn::ENV_TEMPLATE_DAILY, Kind::Text, Some(rn::DEFAULT_DAILY_TEMPLATE),
        "Clean file name of daily shows (by air date)", rn::DEFAULT_DAILY_TEMPLATE),
    key("rename.brand_tag", rn::ENV_BRAND_TAG, Kind::Text, Some(rn::DEFAULT_BRAND),
        "Brand put in clean file names ({brand})", rn::DEFAULT_BRAND),
    key("referral.quota", "REFERRAL_QUOTA", Kind::Int { min: 1, max: 10_000 }, Some("5"),
        "Valid referrals that earn premium", "5"),
    key("referral.premium_days", "REFERRAL_PREMIUM_DAYS", Kind::Int { min: 1, max: 3650 }, Some("7"),
        "Days of premium earned per reached quota (stacked)", "7"),
    secret("metadata.tmdb_api_key", "TMDB_API_KEY", "TMDB v3 API key", "0123456789abcdef0123456789abcdef"),
    secret("metadata.tmdb_bearer", "TMDB_BEARER", "TMDB v4 read access token (used instead of the v3 key when set)", "eyJhbGciOi..."),
    secret("metadata.omdb_api_key", "OMDB_API_KEY", "OMDb API key", "abcd1234"),
];

/// Looks a key up by TOML path.
pub fn by_path(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

/// Environment prefix of per-genre log channels (`TG_LOG_CHANNEL_ACTION=-100…`).
pub const GENRE_CHANNEL_ENV_PREFIX: &str = "TG_LOG_CHANNEL_";
/// TOML table of per-genre log channels.
pub const GENRE_CHANNEL_TABLE: &str = "telegram.genre_log_channels";
