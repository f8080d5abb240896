//! Content entries (a movie, an episode, a season pack), their slugs and tombstones.

use crate::macros::string_enum;
use crate::{StoreError, StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use streamvault_core::{ContentId, Slug};

string_enum!(
    /// What a content entry is.
    ContentKind {
        /// A film.
        Movie = "movie",
        /// One episode (or a multi-episode file).
        Episode = "episode",
        /// A whole season in one entry.
        SeasonPack = "season_pack",
    }
);

string_enum!(
    /// Lifecycle of a content entry.
    ContentStatus {
        /// Being ingested.
        Pending = "pending",
        /// Crowdsourced, waiting for an admin in the dump channel.
        Quarantined = "quarantined",
        /// Live on the site.
        Published = "published",
        /// Taken down: hidden from every read; a tombstone says who, when and why.
        Removed = "removed",
    }
);

/// Hashes of the main file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHashes {
    /// Lowercase hex SHA-256.
    pub sha256: Option<String>,
    /// Lowercase hex SHA-1.
    pub sha1: Option<String>,
    /// Lowercase hex MD5.
    pub md5: Option<String>,
}

/// The editable fields of a content entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentFields {
    /// Display title.
    pub title: String,
    /// Release year.
    pub year: Option<i32>,
    /// Movie, episode or season pack.
    pub kind: ContentKind,
    /// Season number.
    pub season: Option<i32>,
    /// Episode number.
    pub episode: Option<i32>,
    /// Genre; picks the log channel (`TG_LOG_CHANNEL_<GENRE>`).
    pub genre: Option<String>,
    /// Lifecycle status (never `Removed` here: use [`ContentStore::tombstone_content`]).
    pub status: ContentStatus,
    /// Metadata document (TMDB/OMDb fields, plot, poster path...).
    pub metadata: Value,
    /// Matched TMDB id.
    pub tmdb_id: Option<i64>,
    /// Matched IMDb id (`tt…`).
    pub imdb_id: Option<String>,
    /// Clean file name of the stream file.
    pub file_name: Option<String>,
    /// Size of the stream file in bytes.
    pub size_bytes: Option<i64>,
    /// Hashes of the stream file.
    pub hashes: FileHashes,
}

impl ContentFields {
    /// A minimal pending movie entry; fill the rest with struct update syntax.
    pub fn new(title: impl Into<String>, kind: ContentKind) -> Self {
        ContentFields {
            title: title.into(),
            year: None,
            kind,
            season: None,
            episode: None,
            genre: None,
            status: ContentStatus::Pending,
            metadata: Value::Object(Default::default()),
            tmdb_id: None,
            imdb_id: None,
            file_name: None,
            size_bytes: None,
            hashes: FileHashes::default(),
        }
    }
}

/// A stored content entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// Database id.
    pub id: ContentId,
    /// Public slug; `None` only for legacy imported entries until `/fix_slugs`.
    pub slug: Option<Slug>,
    /// The editable fields.
    #[serde(flatten)]
    pub fields: ContentFields,
    /// Creation time.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// Who removed a content, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The removed content.
    pub content_id: ContentId,
    /// Its slug at removal, if it had one.
    pub slug: Option<String>,
    /// Its title at removal.
    pub title: String,
    /// Actor, e.g. `tg:123456` or `api`.
    pub removed_by: String,
    /// Why.
    pub reason: String,
    /// When.
    pub removed_at: UnixTime,
}

/// Storage of content entries. No read returns a removed (tombstoned) entry.
#[async_trait]
pub trait ContentStore {
    /// Inserts a content entry with the given slug; [`StoreError::SlugTaken`] when the
    /// unique index refuses the slug. `None` is for legacy imports only.
    async fn insert_content(
        &self,
        fields: &ContentFields,
        slug: Option<&Slug>,
        now: UnixTime,
    ) -> StoreResult<Content>;
    /// A visible content entry by id.
    async fn get_content(&self, id: ContentId) -> StoreResult<Option<Content>>;
    /// A visible content entry by slug.
    async fn content_by_slug(&self, slug: &Slug) -> StoreResult<Option<Content>>;
    /// A visible content entry whose file has this SHA-256.
    async fn content_by_sha256(&self, sha256: &str) -> StoreResult<Option<Content>>;
    /// Visible entries ordered by id, after `after`, at most `limit`.
    async fn list_contents(
        &self,
        after: Option<ContentId>,
        limit: u32,
    ) -> StoreResult<Vec<Content>>;
    /// Replaces the editable fields of a visible entry.
    async fn update_content(
        &self,
        id: ContentId,
        fields: &ContentFields,
        now: UnixTime,
    ) -> StoreResult<Content>;
    /// Ids of visible entries without a slug, at most `limit`.
    async fn contents_without_slug(&self, limit: u32) -> StoreResult<Vec<ContentId>>;
    /// Gives a slug to an entry that has none; `SlugTaken` on collision, `Conflict` when
    /// the entry already has a slug.
    async fn assign_slug(&self, id: ContentId, slug: &Slug, now: UnixTime) -> StoreResult<()>;
    /// Removes an entry from every read and records the tombstone. Safe to repeat: a second
    /// call returns the first tombstone.
    async fn tombstone_content(
        &self,
        id: ContentId,
        removed_by: &str,
        reason: &str,
        now: UnixTime,
    ) -> StoreResult<Tombstone>;
    /// The tombstone of a removed entry.
    async fn tombstone(&self, id: ContentId) -> StoreResult<Option<Tombstone>>;
}

/// How many fresh slugs to draw before giving up (7 base-62 characters make a collision
/// after more than a few draws practically impossible unless the store is broken).
pub const SLUG_ATTEMPTS: usize = 16;

/// Inserts a content entry under a fresh CSPRNG slug, drawing again on every collision.
pub async fn insert_with_fresh_slug<S: ContentStore + ?Sized>(
    store: &S,
    fields: &ContentFields,
    now: UnixTime,
) -> StoreResult<Content> {
    for _ in 0..SLUG_ATTEMPTS {
        let slug = Slug::generate(&mut rand::rngs::OsRng);
        match store.insert_content(fields, Some(&slug), now).await {
            Err(StoreError::SlugTaken(_)) => continue,
            other => return other,
        }
    }
    Err(StoreError::Conflict {
        what: format!("a free slug after {SLUG_ATTEMPTS} draws"),
    })
}

/// Gives a fresh slug to every visible entry that lacks one (`/fix_slugs`); returns how
/// many were fixed.
pub async fn fix_missing_slugs<S: ContentStore + ?Sized>(
    store: &S,
    now: UnixTime,
) -> StoreResult<u64> {
    let mut fixed = 0;
    loop {
        let batch = store.contents_without_slug(500).await?;
        if batch.is_empty() {
            return Ok(fixed);
        }
        for id in batch {
            let mut attempts = 0;
            loop {
                let slug = Slug::generate(&mut rand::rngs::OsRng);
                match store.assign_slug(id, &slug, now).await {
                    Ok(()) => break,
                    Err(StoreError::SlugTaken(_)) if attempts < SLUG_ATTEMPTS => attempts += 1,
                    Err(e) => return Err(e),
                }
            }
            fixed += 1;
        }
    }
}
