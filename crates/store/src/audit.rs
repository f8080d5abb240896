//! Append-only audit log of admin actions.

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An audit record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Database id (0 before insertion).
    pub id: i64,
    /// Who acted (`tg:123`, `cli`, `api`).
    pub actor: String,
    /// What (`takedown`, `edit`, `fix_slugs`...).
    pub action: String,
    /// On what (`content:42`).
    pub target: Option<String>,
    /// Details (never secrets).
    pub details: Value,
    /// When.
    pub created_at: UnixTime,
}

/// Storage of the audit log.
#[async_trait]
pub trait AuditStore {
    /// Appends a record; returns its id.
    async fn append_audit(&self, entry: &AuditEntry) -> StoreResult<i64>;
    /// Latest records, newest first, with ids below `before`, at most `limit`.
    async fn list_audit(&self, before: Option<i64>, limit: u32) -> StoreResult<Vec<AuditEntry>>;
}
