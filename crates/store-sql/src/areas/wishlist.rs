use crate::errors::map_err;
use crate::rows::get;
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::{ContentId, TelegramUserId};
use streamvault_store::wishlist::{NewWishRequest, WishRequest, WishlistStore};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, user_id, title, normalized_title, year, season, created_at, notified_at, content_id";

fn request(row: &AnyRow) -> StoreResult<WishRequest> {
    Ok(WishRequest {
        id: get(row, "id")?,
        request: NewWishRequest {
            user_id: TelegramUserId(get(row, "user_id")?),
            title: get(row, "title")?,
            normalized_title: get(row, "normalized_title")?,
            year: get(row, "year")?,
            season: get(row, "season")?,
        },
        created_at: get(row, "created_at")?,
        notified_at: get(row, "notified_at")?,
        content_id: get::<Option<i64>>(row, "content_id")?.map(ContentId),
    })
}

#[async_trait]
impl WishlistStore for SqlStore {
    async fn add_request(
        &self,
        r: &NewWishRequest,
        now: UnixTime,
    ) -> StoreResult<(WishRequest, bool)> {
        let inserted = sqlx::query(&format!(
            "INSERT INTO requests (user_id, title, normalized_title, year, season, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(r.user_id.get())
        .bind(&r.title)
        .bind(&r.normalized_title)
        .bind(r.year)
        .bind(r.season)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("request"))?;
        if let Some(row) = inserted {
            return Ok((request(&row)?, true));
        }
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM requests WHERE user_id = $1 AND normalized_title = $2 \
             AND COALESCE(year, -1) = $3 AND COALESCE(season, -1) = $4"
        ))
        .bind(r.user_id.get())
        .bind(&r.normalized_title)
        .bind(r.year.map_or(-1, i64::from))
        .bind(r.season.map_or(-1, i64::from))
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("request"))?
        .ok_or_else(|| StoreError::Backend("request vanished after a duplicate insert".into()))?;
        Ok((request(&row)?, false))
    }

    async fn open_requests_for_title(
        &self,
        normalized_title: &str,
    ) -> StoreResult<Vec<WishRequest>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM requests WHERE normalized_title = $1 AND notified_at IS NULL ORDER BY id"
        ))
        .bind(normalized_title)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("requests"))?
        .iter()
        .map(request)
        .collect()
    }

    async fn mark_request_notified(
        &self,
        id: i64,
        content: ContentId,
        now: UnixTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE requests SET notified_at = $2, content_id = $3 WHERE id = $1 AND notified_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .bind(content.get())
        .execute(&self.pool)
        .await
        .map_err(map_err("request"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn list_user_requests(&self, user: TelegramUserId) -> StoreResult<Vec<WishRequest>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM requests WHERE user_id = $1 ORDER BY id DESC"
        ))
        .bind(user.get())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("requests"))?
        .iter()
        .map(request)
        .collect()
    }
}
