use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::ContentId;
use streamvault_store::downloads::{Download, DownloadStore, LinkKind, LinkStatus, NewDownload};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, content_id, host, kind, url, status, remote_job_id, created_at, checked_at";

fn download(row: &AnyRow) -> StoreResult<Download> {
    Ok(Download {
        id: get(row, "id")?,
        link: NewDownload {
            content_id: ContentId(get(row, "content_id")?),
            host: get(row, "host")?,
            kind: parsed(row, "kind", LinkKind::parse)?,
            url: get(row, "url")?,
            status: parsed(row, "status", LinkStatus::parse)?,
            remote_job_id: get(row, "remote_job_id")?,
        },
        created_at: get(row, "created_at")?,
        checked_at: get(row, "checked_at")?,
    })
}

#[async_trait]
impl DownloadStore for SqlStore {
    async fn add_download(&self, d: &NewDownload, now: UnixTime) -> StoreResult<Download> {
        let row = sqlx::query(&format!(
            "INSERT INTO downloads (content_id, host, kind, url, status, remote_job_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        ))
        .bind(d.content_id.get())
        .bind(&d.host)
        .bind(d.kind.as_str())
        .bind(&d.url)
        .bind(d.status.as_str())
        .bind(&d.remote_job_id)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("download link"))?;
        download(&row)
    }

    async fn get_download(&self, id: i64) -> StoreResult<Option<Download>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM downloads WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("download link"))?
            .as_ref()
            .map(download)
            .transpose()
    }

    async fn list_downloads(&self, content: ContentId) -> StoreResult<Vec<Download>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM downloads WHERE content_id = $1 ORDER BY id"
        ))
        .bind(content.get())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("download links"))?
        .iter()
        .map(download)
        .collect()
    }

    async fn update_download(
        &self,
        id: i64,
        status: LinkStatus,
        url: Option<&str>,
        now: UnixTime,
    ) -> StoreResult<Download> {
        let row = sqlx::query(&format!(
            "UPDATE downloads SET status = $2, url = COALESCE($3, url), checked_at = $4 WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id)
        .bind(status.as_str())
        .bind(url)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("download link"))?
        .ok_or_else(|| StoreError::not_found(format!("download link {id}")))?;
        download(&row)
    }
}
