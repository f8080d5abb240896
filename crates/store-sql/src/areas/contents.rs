use crate::errors::{is_slug_violation, map_err};
use crate::rows::{get, json, parsed, to_json_text};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::{ContentId, Slug};
use streamvault_store::contents::{
    Content, ContentFields, ContentKind, ContentStatus, ContentStore, FileHashes, Tombstone,
};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, slug, title, year, kind, season, episode, genre, status, metadata, tmdb_id, \
     imdb_id, file_name, size_bytes, sha256, sha1, md5, created_at, updated_at";

/// Every read of contents goes through this filter: removed entries are invisible.
const VISIBLE: &str = "status <> 'removed'";

fn content(row: &AnyRow) -> StoreResult<Content> {
    let slug: Option<String> = get(row, "slug")?;
    Ok(Content {
        id: ContentId(get(row, "id")?),
        slug: slug
            .map(|s| Slug::parse(&s).map_err(|e| StoreError::Corrupt(format!("slug {s:?}: {e}"))))
            .transpose()?,
        fields: ContentFields {
            title: get(row, "title")?,
            year: get(row, "year")?,
            kind: parsed(row, "kind", ContentKind::parse)?,
            season: get(row, "season")?,
            episode: get(row, "episode")?,
            genre: get(row, "genre")?,
            status: parsed(row, "status", ContentStatus::parse)?,
            metadata: json(row, "metadata")?,
            tmdb_id: get(row, "tmdb_id")?,
            imdb_id: get(row, "imdb_id")?,
            file_name: get(row, "file_name")?,
            size_bytes: get(row, "size_bytes")?,
            hashes: FileHashes {
                sha256: get(row, "sha256")?,
                sha1: get(row, "sha1")?,
                md5: get(row, "md5")?,
            },
        },
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn refuse_removed(fields: &ContentFields) -> StoreResult<()> {
    if fields.status == ContentStatus::Removed {
        return Err(StoreError::Invalid(
            "status 'removed' is set only by a takedown (tombstone_content)".into(),
        ));
    }
    Ok(())
}

fn tombstone(row: &AnyRow) -> StoreResult<Tombstone> {
    Ok(Tombstone {
        content_id: ContentId(get(row, "content_id")?),
        slug: get(row, "slug")?,
        title: get(row, "title")?,
        removed_by: get(row, "removed_by")?,
        reason: get(row, "reason")?,
        removed_at: get(row, "removed_at")?,
    })
}

impl SqlStore {
    async fn one_content(
        &self,
        filter: &str,
        value: impl ToString,
    ) -> StoreResult<Option<Content>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contents WHERE {filter} = $1 AND {VISIBLE}"
        ))
        .bind(value.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("content"))?
        .as_ref()
        .map(content)
        .transpose()
    }
}

#[async_trait]
impl ContentStore for SqlStore {
    async fn insert_content(
        &self,
        f: &ContentFields,
        slug: Option<&Slug>,
        now: UnixTime,
    ) -> StoreResult<Content> {
        refuse_removed(f)?;
        let row = sqlx::query(&format!(
            "INSERT INTO contents (slug, title, year, kind, season, episode, genre, status, metadata, tmdb_id, \
             imdb_id, file_name, size_bytes, sha256, sha1, md5, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
             RETURNING {COLUMNS}"
        ))
        .bind(slug.map(Slug::as_str))
        .bind(&f.title)
        .bind(f.year)
        .bind(f.kind.as_str())
        .bind(f.season)
        .bind(f.episode)
        .bind(&f.genre)
        .bind(f.status.as_str())
        .bind(to_json_text(&f.metadata)?)
        .bind(f.tmdb_id)
        .bind(&f.imdb_id)
        .bind(&f.file_name)
        .bind(f.size_bytes)
        .bind(&f.hashes.sha256)
        .bind(&f.hashes.sha1)
        .bind(&f.hashes.md5)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| {
            if is_slug_violation(&e) {
                StoreError::SlugTaken(slug.map(|s| s.to_string()).unwrap_or_default())
            } else {
                map_err("content")(e)
            }
        })?;
        content(&row)
    }

    async fn get_content(&self, id: ContentId) -> StoreResult<Option<Content>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contents WHERE id = $1 AND {VISIBLE}"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("content"))?
        .as_ref()
        .map(content)
        .transpose()
    }

    async fn content_by_slug(&self, slug: &Slug) -> StoreResult<Option<Content>> {
        self.one_content("slug", slug).await
    }

    async fn content_by_sha256(&self, sha256: &str) -> StoreResult<Option<Content>> {
        self.one_content("sha256", sha256.to_ascii_lowercase())
            .await
    }

    async fn list_contents(
        &self,
        after: Option<ContentId>,
        limit: u32,
    ) -> StoreResult<Vec<Content>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contents WHERE id > $1 AND {VISIBLE} ORDER BY id LIMIT $2"
        ))
        .bind(after.map_or(0, |a| a.get()))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("contents"))?
        .iter()
        .map(content)
        .collect()
    }

    async fn update_content(
        &self,
        id: ContentId,
        f: &ContentFields,
        now: UnixTime,
    ) -> StoreResult<Content> {
        refuse_removed(f)?;
        let row = sqlx::query(&format!(
            "UPDATE contents SET title = $2, year = $3, kind = $4, season = $5, episode = $6, genre = $7, \
             status = $8, metadata = $9, tmdb_id = $10, imdb_id = $11, file_name = $12, size_bytes = $13, \
             sha256 = $14, sha1 = $15, md5 = $16, updated_at = $17 WHERE id = $1 AND {VISIBLE} RETURNING {COLUMNS}"
        ))
        .bind(id.get())
        .bind(&f.title)
        .bind(f.year)
        .bind(f.kind.as_str())
        .bind(f.season)
        .bind(f.episode)
        .bind(&f.genre)
        .bind(f.status.as_str())
        .bind(to_json_text(&f.metadata)?)
        .bind(f.tmdb_id)
        .bind(&f.imdb_id)
        .bind(&f.file_name)
        .bind(f.size_bytes)
        .bind(&f.hashes.sha256)
        .bind(&f.hashes.sha1)
        .bind(&f.hashes.md5)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("content"))?
        .ok_or_else(|| StoreError::not_found(format!("content {id}")))?;
        content(&row)
    }

    async fn contents_without_slug(&self, limit: u32) -> StoreResult<Vec<ContentId>> {
        let rows = sqlx::query(&format!(
            "SELECT id FROM contents WHERE slug IS NULL AND {VISIBLE} ORDER BY id LIMIT $1"
        ))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("contents"))?;
        rows.iter().map(|r| get(r, "id").map(ContentId)).collect()
    }

    async fn assign_slug(&self, id: ContentId, slug: &Slug, now: UnixTime) -> StoreResult<()> {
        let done = sqlx::query(&format!(
            "UPDATE contents SET slug = $2, updated_at = $3 WHERE id = $1 AND slug IS NULL AND {VISIBLE}"
        ))
        .bind(id.get())
        .bind(slug.as_str())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| {
            if is_slug_violation(&e) {
                StoreError::SlugTaken(slug.to_string())
            } else {
                map_err("slug")(e)
            }
        })?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        match self.get_content(id).await? {
            Some(_) => Err(StoreError::Conflict {
                what: format!("a slug for content {id}"),
            }),
            None => Err(StoreError::not_found(format!("content {id}"))),
        }
    }

    async fn tombstone_content(
        &self,
        id: ContentId,
        removed_by: &str,
        reason: &str,
        now: UnixTime,
    ) -> StoreResult<Tombstone> {
        let mut tx = self.pool.begin().await.map_err(map_err("tombstone"))?;
        // The WHERE clause also keeps SQLite's parser from reading ON CONFLICT as a join.
        sqlx::query(
            "INSERT INTO tombstones (content_id, slug, title, removed_by, reason, removed_at) \
             SELECT id, slug, title, $2, $3, $4 FROM contents WHERE id = $1 \
             ON CONFLICT (content_id) DO NOTHING",
        )
        .bind(id.get())
        .bind(removed_by)
        .bind(reason)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(map_err("tombstone"))?;
        sqlx::query("UPDATE contents SET status = 'removed', updated_at = $2 WHERE id = $1 AND status <> 'removed'")
            .bind(id.get())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(map_err("tombstone"))?;
        let row = sqlx::query(
            "SELECT content_id, slug, title, removed_by, reason, removed_at FROM tombstones WHERE content_id = $1",
        )
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await
        .map_err(map_err("tombstone"))?
        .ok_or_else(|| StoreError::not_found(format!("content {id}")))?;
        tx.commit().await.map_err(map_err("tombstone"))?;
        tombstone(&row)
    }

    async fn tombstone(&self, id: ContentId) -> StoreResult<Option<Tombstone>> {
        sqlx::query(
            "SELECT content_id, slug, title, removed_by, reason, removed_at FROM tombstones WHERE content_id = $1",
        )
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("tombstone"))?
        .as_ref()
        .map(tombstone)
        .transpose()
    }
}
