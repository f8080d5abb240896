-- StreamVault schema, SQLite dialect. Column types are limited to INTEGER, REAL and TEXT
-- (flags are INTEGER 0/1, JSON is TEXT, times are unix seconds, days are 'YYYY-MM-DD').

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT,
    display_name  TEXT,
    tier          TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'premium', 'banned')),
    premium_until INTEGER,
    referral_code TEXT UNIQUE,
    referred_by   INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX users_created_at ON users (created_at);

CREATE TABLE referrals (
    invitee    INTEGER PRIMARY KEY REFERENCES users (id),
    inviter    INTEGER NOT NULL REFERENCES users (id),
    status     TEXT NOT NULL CHECK (status IN ('valid', 'rejected')),
    reason     TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX referrals_inviter ON referrals (inviter, status);

CREATE TABLE contents (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT UNIQUE,
    title      TEXT NOT NULL,
    year       INTEGER,
    kind       TEXT NOT NULL,
    season     INTEGER,
    episode    INTEGER,
    genre      TEXT,
    status     TEXT NOT NULL,
    metadata   TEXT NOT NULL DEFAULT '{}',
    tmdb_id    INTEGER,
    imdb_id    TEXT,
    file_name  TEXT,
    size_bytes INTEGER,
    sha256     TEXT,
    sha1       TEXT,
    md5        TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX contents_sha256 ON contents (sha256);
CREATE INDEX contents_tmdb_id ON contents (tmdb_id);

CREATE TABLE tombstones (
    content_id INTEGER PRIMARY KEY REFERENCES contents (id),
    slug       TEXT,
    title      TEXT NOT NULL,
    removed_by TEXT NOT NULL,
    reason     TEXT NOT NULL,
    removed_at INTEGER NOT NULL
);

CREATE TABLE telegram_refs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id     INTEGER NOT NULL REFERENCES contents (id),
    role           TEXT NOT NULL,
    channel_id     INTEGER NOT NULL,
    message_id     INTEGER NOT NULL,
    media_group_id TEXT,
    bot_file_id    TEXT,
    file_unique_id TEXT,
    uploaded_by    TEXT,
    part           INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    UNIQUE (channel_id, message_id)
);
CREATE INDEX telegram_refs_content ON telegram_refs (content_id);

CREATE TABLE downloads (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id    INTEGER NOT NULL REFERENCES contents (id),
    host          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    url           TEXT,
    status        TEXT NOT NULL,
    remote_job_id TEXT,
    created_at    INTEGER NOT NULL,
    checked_at    INTEGER
);
CREATE INDEX downloads_content ON downloads (content_id);

CREATE TABLE media_info (
    content_id  INTEGER PRIMARY KEY REFERENCES contents (id),
    container   TEXT,
    duration_ms INTEGER,
    video_codec TEXT,
    width       INTEGER,
    height      INTEGER,
    fps         REAL,
    bit_rate    INTEGER
);

CREATE TABLE media_tracks (
    content_id   INTEGER NOT NULL REFERENCES contents (id),
    kind         TEXT NOT NULL,
    stream_index INTEGER NOT NULL,
    language     TEXT,
    codec        TEXT,
    title        TEXT,
    is_default   INTEGER NOT NULL DEFAULT 0,
    is_forced    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (content_id, stream_index)
);

CREATE TABLE screenshots (
    content_id  INTEGER NOT NULL REFERENCES contents (id),
    position_ms INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    bot_file_id TEXT,
    PRIMARY KEY (channel_id, message_id)
);
CREATE INDEX screenshots_content ON screenshots (content_id, position_ms);

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL,
    stage            TEXT,
    checkpoint       TEXT NOT NULL DEFAULT '{}',
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    priority         INTEGER NOT NULL DEFAULT 0,
    run_after        INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    heartbeat_at     INTEGER,
    last_error       TEXT,
    errors           TEXT NOT NULL DEFAULT '[]',
    dedupe_key       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX jobs_dedupe_active ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX jobs_ready ON jobs (state, priority, run_after);

CREATE TABLE requests (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    title            TEXT NOT NULL,
    normalized_title TEXT NOT NULL,
    year             INTEGER,
    season           INTEGER,
    created_at       INTEGER NOT NULL,
    notified_at      INTEGER,
    content_id       INTEGER REFERENCES contents (id)
);
CREATE UNIQUE INDEX requests_per_user
    ON requests (user_id, normalized_title, COALESCE(year, -1), COALESCE(season, -1));
CREATE INDEX requests_open ON requests (normalized_title) WHERE notified_at IS NULL;

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id  INTEGER NOT NULL REFERENCES contents (id),
    download_id INTEGER REFERENCES downloads (id),
    url         TEXT NOT NULL,
    reporter    INTEGER,
    reason      TEXT,
    status      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX reports_status ON reports (status, created_at);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id INTEGER NOT NULL REFERENCES contents (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_content ON comments (content_id, id);

CREATE TABLE global_blocklist (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('sha256', 'sha1', 'md5', 'pdq')),
    value      TEXT NOT NULL,
    reason     TEXT,
    source     TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE metadata_cache (
    provider   TEXT NOT NULL,
    key        TEXT NOT NULL,
    body       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (provider, key)
);

CREATE TABLE tenants (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL,
    domain            TEXT NOT NULL UNIQUE,
    owner_email       TEXT,
    owner_telegram_id INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('active', 'past_due', 'suspended')),
    next_bill_date    TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE tenant_monthly_stats (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    month     TEXT NOT NULL,
    visitors  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, month)
);

CREATE TABLE daily_stats (
    day              TEXT PRIMARY KEY,
    new_users        INTEGER NOT NULL,
    bandwidth_bytes  INTEGER NOT NULL,
    dead_links_fixed INTEGER NOT NULL,
    cache_used_bytes INTEGER NOT NULL,
    cache_max_bytes  INTEGER NOT NULL,
    reported_at      INTEGER
);

CREATE TABLE magic_links (
    jti         TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    consumed_at INTEGER
);

CREATE TABLE ad_links (
    alias      TEXT PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES contents (id),
    target_url TEXT NOT NULL,
    short_url  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE access_grants (
    token_hash TEXT PRIMARY KEY,
    content_id INTEGER NOT NULL REFERENCES contents (id),
    user_id    INTEGER,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    details    TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
