use crate::errors::map_err;
use crate::rows::{get, json, parsed, to_json_text};
use crate::SqlStore;
use async_trait::async_trait;
use serde_json::Value;
use sqlx::any::AnyRow;
use streamvault_core::JobId;
use streamvault_store::jobs::{Job, JobState, JobStore, NewJob};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str = "id, kind, payload, state, stage, checkpoint, attempts, max_attempts, priority, run_after, \
     lease_owner, lease_expires_at, last_error, dedupe_key, created_at, updated_at";

fn job(row: &AnyRow) -> StoreResult<Job> {
    Ok(Job {
        id: JobId(get(row, "id")?),
        kind: get(row, "kind")?,
        payload: json(row, "payload")?,
        state: parsed(row, "state", JobState::parse)?,
        stage: get(row, "stage")?,
        checkpoint: json(row, "checkpoint")?,
        attempts: get(row, "attempts")?,
        max_attempts: get(row, "max_attempts")?,
        priority: get(row, "priority")?,
        run_after: get(row, "run_after")?,
        lease_owner: get(row, "lease_owner")?,
        lease_expires_at: get(row, "lease_expires_at")?,
        last_error: get(row, "last_error")?,
        dedupe_key: get(row, "dedupe_key")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

#[async_trait]
impl JobStore for SqlStore {
    async fn enqueue_job(&self, j: &NewJob, now: UnixTime) -> StoreResult<(Job, bool)> {
        if j.max_attempts < 1 {
            return Err(StoreError::Invalid("a job needs max_attempts >= 1".into()));
        }
        // The unique index only covers queued/running jobs, so a finished duplicate can
        // vanish between the insert and the lookup: try again a few times.
        for _ in 0..3 {
            let inserted = sqlx::query(&format!(
                "INSERT INTO jobs (kind, payload, state, max_attempts, priority, run_after, dedupe_key, created_at, updated_at) \
                 VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
            ))
            .bind(&j.kind)
            .bind(to_json_text(&j.payload)?)
            .bind(j.max_attempts)
            .bind(j.priority)
            .bind(j.run_after)
            .bind(&j.dedupe_key)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("job"))?;
            if let Some(row) = inserted {
                return Ok((job(&row)?, true));
            }
            let existing = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM jobs WHERE dedupe_key = $1 AND state IN ('queued', 'running')"
            ))
            .bind(&j.dedupe_key)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("job"))?;
            if let Some(row) = existing {
                return Ok((job(&row)?, false));
            }
        }
        Err(StoreError::Conflict {
            what: "a job with this dedupe key (it keeps changing state)".into(),
        })
    }

    async fn get_job(&self, id: JobId) -> StoreResult<Option<Job>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("job"))?
            .as_ref()
            .map(job)
            .transpose()
    }

    async fn list_jobs(&self, state: Option<JobState>, limit: u32) -> StoreResult<Vec<Job>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE ($1 IS NULL OR state = $1) ORDER BY id DESC LIMIT $2"
        ))
        .bind(state.map(JobState::as_str))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("jobs"))?
        .iter()
        .map(job)
        .collect()
    }

    async fn save_checkpoint(&self, id: JobId, stage: &str, checkpoint: &Value, now: UnixTime) -> StoreResult<()> {
        let done = sqlx::query("UPDATE jobs SET stage = $2, checkpoint = $3, updated_at = $4 WHERE id = $1")
            .bind(id.get())
            .bind(stage)
            .bind(to_json_text(checkpoint)?)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(map_err("job"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found(format!("job {id}")));
        }
        Ok(())
    }

    async fn cancel_job(&self, id: JobId, now: UnixTime) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = $2 \
             WHERE id = $1 AND state IN ('queued', 'running')",
        )
        .bind(id.get())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(map_err("job"))?;
        if done.rows_affected() == 1 {
            return Ok(true);
        }
        match self.get_job(id).await? {
            Some(_) => Ok(false),
            None => Err(StoreError::not_found(format!("job {id}"))),
        }
    }
}
