use crate::errors::map_err;
use crate::rows::get;
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_core::{ContentId, TelegramUserId};
use streamvault_store::auth::{AccessGrant, AdLink, AuthStore, MagicLinkUse};
use streamvault_store::{StoreResult, UnixTime};

#[async_trait]
impl AuthStore for SqlStore {
    async fn insert_magic_link(
        &self,
        jti: &str,
        user: TelegramUserId,
        expires_at: UnixTime,
        now: UnixTime,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO magic_links (jti, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(jti)
            .bind(user.get())
            .bind(expires_at)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(map_err("magic link"))?;
        Ok(())
    }

    async fn consume_magic_link(&self, jti: &str, now: UnixTime) -> StoreResult<MagicLinkUse> {
        // One conditional UPDATE: the database decides the single winner among racers.
        let won = sqlx::query(
            "UPDATE magic_links SET consumed_at = $2 WHERE jti = $1 AND consumed_at IS NULL AND expires_at > $2 \
             RETURNING user_id",
        )
        .bind(jti)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("magic link"))?;
        if let Some(row) = won {
            return Ok(MagicLinkUse::Consumed(TelegramUserId(get(
                &row, "user_id",
            )?)));
        }
        let row = sqlx::query("SELECT consumed_at, expires_at FROM magic_links WHERE jti = $1")
            .bind(jti)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("magic link"))?;
        Ok(match row {
            None => MagicLinkUse::Unknown,
            Some(r) if get::<Option<i64>>(&r, "consumed_at")?.is_some() => {
                MagicLinkUse::AlreadyUsed
            }
            Some(_) => MagicLinkUse::Expired,
        })
    }

    async fn create_ad_link(&self, l: &AdLink) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO ad_links (alias, content_id, target_url, short_url, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&l.alias)
        .bind(l.content_id.get())
        .bind(&l.target_url)
        .bind(&l.short_url)
        .bind(l.created_at)
        .execute(&self.pool)
        .await
        .map_err(map_err("ad link alias"))?;
        Ok(())
    }

    async fn ad_link_by_alias(&self, alias: &str) -> StoreResult<Option<AdLink>> {
        sqlx::query("SELECT alias, content_id, target_url, short_url, created_at FROM ad_links WHERE alias = $1")
            .bind(alias)
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("ad link"))?
            .map(|r| {
                Ok(AdLink {
                    alias: get(&r, "alias")?,
                    content_id: ContentId(get(&r, "content_id")?),
                    target_url: get(&r, "target_url")?,
                    short_url: get(&r, "short_url")?,
                    created_at: get(&r, "created_at")?,
                })
            })
            .transpose()
    }

    async fn add_access_grant(&self, g: &AccessGrant, now: UnixTime) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO access_grants (token_hash, content_id, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&g.token_hash)
        .bind(g.content_id.get())
        .bind(g.user_id.map(TelegramUserId::get))
        .bind(g.expires_at)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(map_err("access grant"))?;
        Ok(())
    }

    async fn valid_access_grant(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> StoreResult<Option<AccessGrant>> {
        sqlx::query(
            "SELECT token_hash, content_id, user_id, expires_at FROM access_grants WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("access grant"))?
        .map(|r| {
            Ok(AccessGrant {
                token_hash: get(&r, "token_hash")?,
                content_id: ContentId(get(&r, "content_id")?),
                user_id: get::<Option<i64>>(&r, "user_id")?.map(TelegramUserId),
                expires_at: get(&r, "expires_at")?,
            })
        })
        .transpose()
    }
}
