use crate::errors::map_err;
use crate::rows::{get, json, parsed, to_json_text};
use crate::{Backend, SqlStore};
use async_trait::async_trait;
use serde_json::Value;
use sqlx::any::AnyRow;
use streamvault_core::JobId;
use streamvault_store::jobs::{FailureAction, Job, JobState, JobStore, NewJob};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str = "id, kind, payload, state, stage, checkpoint, attempts, max_attempts, priority, run_after, \
     lease_owner, lease_expires_at, heartbeat_at, last_error, errors, dedupe_key, created_at, updated_at";

/// The lease-holder condition every change to a running job carries.
const HELD: &str = "id = $1 AND state = 'running' AND lease_owner = $2";

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
        heartbeat_at: get(row, "heartbeat_at")?,
        last_error: get(row, "last_error")?,
        errors: json(row, "errors")?,
        dedupe_key: get(row, "dedupe_key")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// SQL that appends the JSON object in parameter `param` to the `errors` array.
fn append_error(backend: Backend, param: &str) -> String {
    match backend {
        Backend::Sqlite => format!("json_insert(errors, '$[#]', json({param}))"),
        Backend::Postgres => format!("(errors::jsonb || jsonb_build_array({param}::jsonb))::text"),
    }
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

    async fn claim_job(
        &self,
        owner: &str,
        kinds: &[&str],
        lease_secs: i64,
        now: UnixTime,
    ) -> StoreResult<Option<Job>> {
        let kind_filter = if kinds.is_empty() {
            String::new()
        } else {
            let slots: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
            format!("AND kind IN ({})", slots.join(", "))
        };
        // PostgreSQL: concurrent claimers skip rows another claimer has locked. SQLite runs
        // the whole UPDATE under its single write lock, which serializes claimers.
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', lease_owner = $1, lease_expires_at = $2 + $3, heartbeat_at = $2, \
             attempts = attempts + 1, updated_at = $2 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' \
             AND run_after <= $2 {kind_filter} ORDER BY priority DESC, run_after, id LIMIT 1 {lock}) \
             AND state = 'queued' RETURNING {COLUMNS}"
        );
        let mut query = sqlx::query(&sql).bind(owner).bind(now).bind(lease_secs);
        for k in kinds {
            query = query.bind(*k);
        }
        query
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("job"))?
            .as_ref()
            .map(job)
            .transpose()
    }

    async fn heartbeat_job(
        &self,
        id: JobId,
        owner: &str,
        lease_secs: i64,
        now: UnixTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(&format!(
            "UPDATE jobs SET lease_expires_at = $3 + $4, heartbeat_at = $3 WHERE {HELD}"
        ))
        .bind(id.get())
        .bind(owner)
        .bind(now)
        .bind(lease_secs)
        .execute(&self.pool)
        .await
        .map_err(map_err("job"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn save_checkpoint(
        &self,
        id: JobId,
        owner: &str,
        stage: &str,
        checkpoint: &Value,
        now: UnixTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(&format!(
            "UPDATE jobs SET stage = $3, checkpoint = $4, heartbeat_at = $5, updated_at = $5 WHERE {HELD}"
        ))
        .bind(id.get())
        .bind(owner)
        .bind(stage)
        .bind(to_json_text(checkpoint)?)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(map_err("job"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn complete_job(&self, id: JobId, owner: &str, now: UnixTime) -> StoreResult<bool> {
        let done = sqlx::query(&format!(
            "UPDATE jobs SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, updated_at = $3 WHERE {HELD}"
        ))
        .bind(id.get())
        .bind(owner)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(map_err("job"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_job(
        &self,
        id: JobId,
        owner: &str,
        error: &str,
        action: FailureAction,
        now: UnixTime,
    ) -> StoreResult<Option<JobState>> {
        let (state, run_after) = match action {
            FailureAction::Retry { run_after } => (
                "CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END",
                run_after,
            ),
            FailureAction::Fail => ("'failed'", now),
            FailureAction::Block => ("'blocked'", now),
        };
        let entry = serde_json::json!({"at": now, "error": error});
        let row = sqlx::query(&format!(
            "UPDATE jobs SET state = {state}, run_after = $3, lease_owner = NULL, lease_expires_at = NULL, \
             last_error = $4, errors = {}, updated_at = $6 WHERE {HELD} RETURNING state",
            append_error(self.backend, "$5")
        ))
        .bind(id.get())
        .bind(owner)
        .bind(run_after)
        .bind(error)
        .bind(to_json_text(&entry)?)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("job"))?;
        row.map(|r| parsed(&r, "state", JobState::parse))
            .transpose()
    }

    async fn release_job(&self, id: JobId, owner: &str, now: UnixTime) -> StoreResult<bool> {
        let done = sqlx::query(&format!(
            "UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, \
             run_after = $3, updated_at = $3 WHERE {HELD}"
        ))
        .bind(id.get())
        .bind(owner)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(map_err("job"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn reclaim_expired_leases(&self, now: UnixTime) -> StoreResult<u64> {
        let entry =
            serde_json::json!({"at": now, "error": "lease expired: the worker stopped reporting"});
        let done = sqlx::query(&format!(
            "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
             lease_owner = NULL, lease_expires_at = NULL, last_error = 'lease expired', errors = {}, updated_at = $1 \
             WHERE state = 'running' AND lease_expires_at < $1",
            append_error(self.backend, "$2")
        ))
        .bind(now)
        .bind(to_json_text(&entry)?)
        .execute(&self.pool)
        .await
        .map_err(map_err("jobs"))?;
        Ok(done.rows_affected())
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
