use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_store::blocklist::{BlockEntry, BlocklistStore, HashKind, NewBlockEntry};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str = "id, kind, value, reason, source, created_at";

fn entry(row: &AnyRow) -> StoreResult<BlockEntry> {
    Ok(BlockEntry {
        id: get(row, "id")?,
        entry: NewBlockEntry {
            kind: parsed(row, "kind", HashKind::parse)?,
            value: get(row, "value")?,
            reason: get(row, "reason")?,
            source: get(row, "source")?,
        },
        created_at: get(row, "created_at")?,
    })
}

#[async_trait]
impl BlocklistStore for SqlStore {
    async fn add_block_entries(
        &self,
        entries: &[NewBlockEntry],
        now: UnixTime,
    ) -> StoreResult<u64> {
        for e in entries {
            if e.kind.normalize(&e.value).as_deref() != Ok(e.value.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "blocklist value {:?} is not a normalized {} hash",
                    e.value, e.kind
                )));
            }
        }
        let err = map_err("blocklist entry");
        let mut tx = self.pool.begin().await.map_err(&err)?;
        let mut added = 0;
        for e in entries {
            let done = sqlx::query(
                "INSERT INTO global_blocklist (kind, value, reason, source, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (kind, value) DO NOTHING",
            )
            .bind(e.kind.as_str())
            .bind(&e.value)
            .bind(&e.reason)
            .bind(&e.source)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(&err)?;
            added += done.rows_affected();
        }
        tx.commit().await.map_err(&err)?;
        Ok(added)
    }

    async fn find_block_entry(
        &self,
        kind: HashKind,
        value: &str,
    ) -> StoreResult<Option<BlockEntry>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM global_blocklist WHERE kind = $1 AND value = $2"
        ))
        .bind(kind.as_str())
        .bind(value.trim().to_ascii_lowercase())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("blocklist entry"))?
        .as_ref()
        .map(entry)
        .transpose()
    }

    async fn list_block_entries(&self, kind: HashKind) -> StoreResult<Vec<BlockEntry>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM global_blocklist WHERE kind = $1 ORDER BY id"
        ))
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("blocklist"))?
        .iter()
        .map(entry)
        .collect()
    }

    async fn block_kinds_in_use(&self) -> StoreResult<Vec<HashKind>> {
        sqlx::query("SELECT DISTINCT kind FROM global_blocklist ORDER BY kind")
            .fetch_all(&self.pool)
            .await
            .map_err(map_err("blocklist"))?
            .iter()
            .map(|row| parsed(row, "kind", HashKind::parse))
            .collect()
    }

    async fn remove_block_entry(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM global_blocklist WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err("blocklist entry"))?;
        Ok(done.rows_affected() == 1)
    }
}
