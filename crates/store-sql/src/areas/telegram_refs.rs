use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::ContentId;
use streamvault_store::telegram_refs::{NewTelegramRef, RefRole, TelegramRef, TelegramRefStore};
use streamvault_store::{StoreResult, UnixTime};

const COLUMNS: &str = "id, content_id, role, channel_id, message_id, media_group_id, bot_file_id, \
     file_unique_id, uploaded_by, part, created_at";

fn telegram_ref(row: &AnyRow) -> StoreResult<TelegramRef> {
    Ok(TelegramRef {
        id: get(row, "id")?,
        r#ref: NewTelegramRef {
            content_id: ContentId(get(row, "content_id")?),
            role: parsed(row, "role", RefRole::parse)?,
            channel_id: get(row, "channel_id")?,
            message_id: get(row, "message_id")?,
            media_group_id: get(row, "media_group_id")?,
            bot_file_id: get(row, "bot_file_id")?,
            file_unique_id: get(row, "file_unique_id")?,
            uploaded_by: get(row, "uploaded_by")?,
            part: get(row, "part")?,
        },
        created_at: get(row, "created_at")?,
    })
}

#[async_trait]
impl TelegramRefStore for SqlStore {
    async fn add_telegram_ref(
        &self,
        r: &NewTelegramRef,
        now: UnixTime,
    ) -> StoreResult<TelegramRef> {
        let row = sqlx::query(&format!(
            "INSERT INTO telegram_refs (content_id, role, channel_id, message_id, media_group_id, bot_file_id, \
             file_unique_id, uploaded_by, part, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING {COLUMNS}"
        ))
        .bind(r.content_id.get())
        .bind(r.role.as_str())
        .bind(r.channel_id)
        .bind(r.message_id)
        .bind(&r.media_group_id)
        .bind(&r.bot_file_id)
        .bind(&r.file_unique_id)
        .bind(&r.uploaded_by)
        .bind(r.part)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("telegram message"))?;
        telegram_ref(&row)
    }

    async fn list_telegram_refs(&self, content: ContentId) -> StoreResult<Vec<TelegramRef>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM telegram_refs WHERE content_id = $1 ORDER BY role, part, id"
        ))
        .bind(content.get())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("telegram messages"))?
        .iter()
        .map(telegram_ref)
        .collect()
    }

    async fn set_bot_file_id(
        &self,
        channel_id: i64,
        message_id: i64,
        bot_file_id: &str,
        file_unique_id: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE telegram_refs SET bot_file_id = $3, file_unique_id = $4 WHERE channel_id = $1 AND message_id = $2",
        )
        .bind(channel_id)
        .bind(message_id)
        .bind(bot_file_id)
        .bind(file_unique_id)
        .execute(&self.pool)
        .await
        .map_err(map_err("telegram message"))?;
        // The gallery keeps its own copy of a screenshot's id.
        sqlx::query(
            "UPDATE screenshots SET bot_file_id = $3 WHERE channel_id = $1 AND message_id = $2",
        )
        .bind(channel_id)
        .bind(message_id)
        .bind(bot_file_id)
        .execute(&self.pool)
        .await
        .map_err(map_err("screenshot"))?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_telegram_ref(&self, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM telegram_refs WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err("telegram message"))?;
        Ok(done.rows_affected() > 0)
    }
}
