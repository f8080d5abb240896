use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::{ContentId, TelegramUserId};
use streamvault_store::reports::{NewReport, Report, ReportStatus, ReportStore};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, content_id, download_id, url, reporter, reason, status, created_at, resolved_at";

fn report(row: &AnyRow) -> StoreResult<Report> {
    Ok(Report {
        id: get(row, "id")?,
        report: NewReport {
            content_id: ContentId(get(row, "content_id")?),
            download_id: get(row, "download_id")?,
            url: get(row, "url")?,
            reporter: get::<Option<i64>>(row, "reporter")?.map(TelegramUserId),
            reason: get(row, "reason")?,
        },
        status: parsed(row, "status", ReportStatus::parse)?,
        created_at: get(row, "created_at")?,
        resolved_at: get(row, "resolved_at")?,
    })
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn add_report(&self, r: &NewReport, now: UnixTime) -> StoreResult<Report> {
        let row = sqlx::query(&format!(
            "INSERT INTO reports (content_id, download_id, url, reporter, reason, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING {COLUMNS}"
        ))
        .bind(r.content_id.get())
        .bind(r.download_id)
        .bind(&r.url)
        .bind(r.reporter.map(TelegramUserId::get))
        .bind(&r.reason)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("report"))?;
        report(&row)
    }

    async fn list_reports(&self, status: ReportStatus, limit: u32) -> StoreResult<Vec<Report>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM reports WHERE status = $1 ORDER BY created_at, id LIMIT $2"
        ))
        .bind(status.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("reports"))?
        .iter()
        .map(report)
        .collect()
    }

    async fn resolve_report(
        &self,
        id: i64,
        status: ReportStatus,
        now: UnixTime,
    ) -> StoreResult<Report> {
        let row = sqlx::query(&format!(
            "UPDATE reports SET status = $2, resolved_at = $3 WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("report"))?
        .ok_or_else(|| StoreError::not_found(format!("report {id}")))?;
        report(&row)
    }

    async fn count_reports_resolved_between(
        &self,
        status: ReportStatus,
        from: UnixTime,
        to: UnixTime,
    ) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM reports WHERE status = $1 AND resolved_at >= $2 AND resolved_at < $3",
        )
        .bind(status.as_str())
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("reports"))?;
        get(&row, "n")
    }
}
