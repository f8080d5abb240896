use crate::errors::map_err;
use crate::rows::{get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_core::TelegramUserId;
use streamvault_store::referrals::{Referral, ReferralStatus, ReferralStore};
use streamvault_store::StoreResult;

#[async_trait]
impl ReferralStore for SqlStore {
    async fn record_referral(&self, r: &Referral) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO referrals (invitee, inviter, status, reason, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (invitee) DO NOTHING",
        )
        .bind(r.invitee.get())
        .bind(r.inviter.get())
        .bind(r.status.as_str())
        .bind(&r.reason)
        .bind(r.created_at)
        .execute(&self.pool)
        .await
        .map_err(map_err("referral"))?;
        Ok(done.rows_affected() == 1)
    }

    async fn count_valid_referrals(&self, inviter: TelegramUserId) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM referrals WHERE inviter = $1 AND status = 'valid'",
        )
        .bind(inviter.get())
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("referrals"))?;
        get(&row, "n")
    }

    async fn list_referrals(&self, inviter: TelegramUserId) -> StoreResult<Vec<Referral>> {
        let rows = sqlx::query(
            "SELECT invitee, inviter, status, reason, created_at FROM referrals WHERE inviter = $1 \
             ORDER BY created_at, invitee",
        )
        .bind(inviter.get())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("referrals"))?;
        rows.iter()
            .map(|row| {
                Ok(Referral {
                    inviter: TelegramUserId(get(row, "inviter")?),
                    invitee: TelegramUserId(get(row, "invitee")?),
                    status: parsed(row, "status", ReferralStatus::parse)?,
                    reason: get(row, "reason")?,
                    created_at: get(row, "created_at")?,
                })
            })
            .collect()
    }
}
