use crate::errors::map_err;
use crate::rows::{get, json, to_json_text};
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_store::audit::{AuditEntry, AuditStore};
use streamvault_store::StoreResult;

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, e: &AuditEntry) -> StoreResult<i64> {
        let row = sqlx::query(
            "INSERT INTO audit_log (actor, action, target, details, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.target)
        .bind(to_json_text(&e.details)?)
        .bind(e.created_at)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("audit entry"))?;
        get(&row, "id")
    }

    async fn list_audit(&self, before: Option<i64>, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        sqlx::query(
            "SELECT id, actor, action, target, details, created_at FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("audit log"))?
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                id: get(r, "id")?,
                actor: get(r, "actor")?,
                action: get(r, "action")?,
                target: get(r, "target")?,
                details: json(r, "details")?,
                created_at: get(r, "created_at")?,
            })
        })
        .collect()
    }
}
