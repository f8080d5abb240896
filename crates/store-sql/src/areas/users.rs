use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use streamvault_core::{TelegramUserId, Tier};
use streamvault_store::users::{User, UserProfile, UserStore};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, username, display_name, tier, premium_until, referral_code, referred_by, created_at, last_seen_at";

fn user(row: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: TelegramUserId(get(row, "id")?),
        username: get(row, "username")?,
        display_name: get(row, "display_name")?,
        tier: parsed(row, "tier", Tier::parse)?,
        premium_until: get(row, "premium_until")?,
        referral_code: get(row, "referral_code")?,
        referred_by: get::<Option<i64>>(row, "referred_by")?.map(TelegramUserId),
        created_at: get(row, "created_at")?,
        last_seen_at: get(row, "last_seen_at")?,
    })
}

#[async_trait]
impl UserStore for SqlStore {
    async fn touch_user(&self, p: &UserProfile, now: UnixTime) -> StoreResult<(User, bool)> {
        let created = sqlx::query(&format!(
            "INSERT INTO users (id, username, display_name, tier, created_at, last_seen_at) \
             VALUES ($1, $2, $3, 'free', $4, $4) ON CONFLICT (id) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(p.id.get())
        .bind(&p.username)
        .bind(&p.display_name)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("user"))?;
        if let Some(row) = created {
            return Ok((user(&row)?, true));
        }
        let row = sqlx::query(&format!(
            "UPDATE users SET username = $2, display_name = $3, last_seen_at = $4 WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(p.id.get())
        .bind(&p.username)
        .bind(&p.display_name)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("user"))?;
        Ok((user(&row)?, false))
    }

    async fn get_user(&self, id: TelegramUserId) -> StoreResult<Option<User>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("user"))?
            .as_ref()
            .map(user)
            .transpose()
    }

    async fn user_by_referral_code(&self, code: &str) -> StoreResult<Option<User>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE referral_code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("user"))?
        .as_ref()
        .map(user)
        .transpose()
    }

    async fn set_referral_code(&self, id: TelegramUserId, code: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET referral_code = $2 WHERE id = $1")
            .bind(id.get())
            .bind(code)
            .execute(&self.pool)
            .await
            .map_err(map_err("referral code"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found(format!("user {id}")));
        }
        Ok(())
    }

    async fn set_referred_by(
        &self,
        id: TelegramUserId,
        inviter: TelegramUserId,
    ) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE users SET referred_by = $2 WHERE id = $1 AND referred_by IS NULL")
                .bind(id.get())
                .bind(inviter.get())
                .execute(&self.pool)
                .await
                .map_err(map_err("referrer"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_tier(
        &self,
        id: TelegramUserId,
        tier: Tier,
        premium_until: Option<UnixTime>,
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET tier = $2, premium_until = $3 WHERE id = $1")
            .bind(id.get())
            .bind(tier.as_str())
            .bind(premium_until)
            .execute(&self.pool)
            .await
            .map_err(map_err("user"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found(format!("user {id}")));
        }
        Ok(())
    }

    async fn count_users_created_between(&self, from: UnixTime, to: UnixTime) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE created_at >= $1 AND created_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("user count"))?;
        get(&row, "n")
    }

    async fn list_users(
        &self,
        after: Option<TelegramUserId>,
        limit: u32,
    ) -> StoreResult<Vec<User>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after.map_or(i64::MIN, |a| a.get()))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("users"))?
        .iter()
        .map(user)
        .collect()
    }
}
