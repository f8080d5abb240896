use crate::errors::map_err;
use crate::rows::{flag, get};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::{ContentId, TelegramUserId};
use streamvault_store::comments::{Comment, CommentStore};
use streamvault_store::{StoreResult, UnixTime};

const COLUMNS: &str = "id, content_id, user_id, body, hidden, created_at";

fn comment(row: &AnyRow) -> StoreResult<Comment> {
    Ok(Comment {
        id: get(row, "id")?,
        content_id: ContentId(get(row, "content_id")?),
        user_id: TelegramUserId(get(row, "user_id")?),
        body: get(row, "body")?,
        hidden: flag(row, "hidden")?,
        created_at: get(row, "created_at")?,
    })
}

#[async_trait]
impl CommentStore for SqlStore {
    async fn add_comment(
        &self,
        content: ContentId,
        user: TelegramUserId,
        body: &str,
        now: UnixTime,
    ) -> StoreResult<Comment> {
        let row = sqlx::query(&format!(
            "INSERT INTO comments (content_id, user_id, body, hidden, created_at) VALUES ($1, $2, $3, FALSE, $4) \
             RETURNING {COLUMNS}"
        ))
        .bind(content.get())
        .bind(user.get())
        .bind(body)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("comment"))?;
        comment(&row)
    }

    async fn get_comment(&self, id: i64) -> StoreResult<Option<Comment>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM comments WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("comment"))?
            .as_ref()
            .map(comment)
            .transpose()
    }

    async fn list_comments(
        &self,
        content: ContentId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Comment>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM comments WHERE content_id = $1 AND hidden = FALSE AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(content.get())
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("comments"))?
        .iter()
        .map(comment)
        .collect()
    }

    async fn set_comment_hidden(&self, id: i64, hidden: bool) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE comments SET hidden = $2 WHERE id = $1")
            .bind(id)
            .bind(hidden)
            .execute(&self.pool)
            .await
            .map_err(map_err("comment"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_comment(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM comments WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err("comment"))?;
        Ok(done.rows_affected() == 1)
    }
}
