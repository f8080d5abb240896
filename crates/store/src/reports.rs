//! Dead-link reports handled by the broken link medic.

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::{ContentId, TelegramUserId};

string_enum!(
    /// Outcome of a report.
    ReportStatus {
        /// Not checked yet.
        Open = "open",
        /// The link answered: nothing to fix.
        Alive = "alive",
        /// Confirmed dead; a re-mirror was queued.
        Dead = "dead",
        /// The re-mirror replaced the link.
        Fixed = "fixed",
    }
);

/// A report to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReport {
    /// The content.
    pub content_id: ContentId,
    /// The reported mirror link, when known.
    pub download_id: Option<i64>,
    /// The reported URL.
    pub url: String,
    /// Reporting user, when signed in.
    pub reporter: Option<TelegramUserId>,
    /// Free text.
    pub reason: Option<String>,
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Database id.
    pub id: i64,
    /// The report.
    #[serde(flatten)]
    pub report: NewReport,
    /// Outcome.
    pub status: ReportStatus,
    /// When reported.
    pub created_at: UnixTime,
    /// When the outcome was set.
    pub resolved_at: Option<UnixTime>,
}

/// Storage of dead-link reports.
#[async_trait]
pub trait ReportStore {
    /// Stores a report (status open).
    async fn add_report(&self, r: &NewReport, now: UnixTime) -> StoreResult<Report>;
    /// Reports in a status, oldest first, at most `limit`.
    async fn list_reports(&self, status: ReportStatus, limit: u32) -> StoreResult<Vec<Report>>;
    /// Sets a report's outcome.
    async fn resolve_report(
        &self,
        id: i64,
        status: ReportStatus,
        now: UnixTime,
    ) -> StoreResult<Report>;
    /// Reports set to `status` during `[from, to)`.
    async fn count_reports_resolved_between(
        &self,
        status: ReportStatus,
        from: UnixTime,
        to: UnixTime,
    ) -> StoreResult<i64>;
}
