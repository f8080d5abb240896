use crate::errors::map_err;
use crate::rows::{day, day_text, get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use streamvault_core::{TelegramUserId, TenantId};
use streamvault_store::tenants::{NewTenant, Tenant, TenantStatus, TenantStore};
use streamvault_store::{StoreError, StoreResult, UnixTime};

const COLUMNS: &str =
    "id, name, domain, owner_email, owner_telegram_id, status, next_bill_date, created_at, updated_at";

fn tenant(row: &AnyRow) -> StoreResult<Tenant> {
    Ok(Tenant {
        id: TenantId(get(row, "id")?),
        tenant: NewTenant {
            name: get(row, "name")?,
            domain: get(row, "domain")?,
            owner_email: get(row, "owner_email")?,
            owner_telegram_id: get::<Option<i64>>(row, "owner_telegram_id")?.map(TelegramUserId),
            next_bill_date: day(row, "next_bill_date")?,
        },
        status: parsed(row, "status", TenantStatus::parse)?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn valid_month(month: &str) -> StoreResult<()> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| StoreError::Invalid(format!("month {month:?} is not YYYY-MM (e.g. 2026-11)")))
}

fn updated(row: Option<AnyRow>, id: TenantId) -> StoreResult<Tenant> {
    tenant(&row.ok_or_else(|| StoreError::not_found(format!("tenant {id}")))?)
}

#[async_trait]
impl TenantStore for SqlStore {
    async fn create_tenant(&self, t: &NewTenant, now: UnixTime) -> StoreResult<Tenant> {
        let row = sqlx::query(&format!(
            "INSERT INTO tenants (name, domain, owner_email, owner_telegram_id, status, next_bill_date, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'active', $5, $6, $6) RETURNING {COLUMNS}"
        ))
        .bind(&t.name)
        .bind(t.domain.to_ascii_lowercase())
        .bind(&t.owner_email)
        .bind(t.owner_telegram_id.map(TelegramUserId::get))
        .bind(day_text(t.next_bill_date))
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err("tenant domain"))?;
        tenant(&row)
    }

    async fn get_tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM tenants WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("tenant"))?
            .as_ref()
            .map(tenant)
            .transpose()
    }

    async fn tenant_by_domain(&self, domain: &str) -> StoreResult<Option<Tenant>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM tenants WHERE domain = $1"))
            .bind(domain.to_ascii_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err("tenant"))?
            .as_ref()
            .map(tenant)
            .transpose()
    }

    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM tenants ORDER BY id"))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err("tenants"))?
            .iter()
            .map(tenant)
            .collect()
    }

    async fn set_tenant_status(
        &self,
        id: TenantId,
        status: TenantStatus,
        now: UnixTime,
    ) -> StoreResult<Tenant> {
        let row = sqlx::query(&format!(
            "UPDATE tenants SET status = $2, updated_at = $3 WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id.get())
        .bind(status.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("tenant"))?;
        updated(row, id)
    }

    async fn record_payment(
        &self,
        id: TenantId,
        next_bill_date: NaiveDate,
        now: UnixTime,
    ) -> StoreResult<Tenant> {
        let row = sqlx::query(&format!(
            "UPDATE tenants SET status = 'active', next_bill_date = $2, updated_at = $3 WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id.get())
        .bind(day_text(next_bill_date))
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("tenant"))?;
        updated(row, id)
    }

    async fn add_monthly_visitors(
        &self,
        id: TenantId,
        month: &str,
        visitors: i64,
    ) -> StoreResult<()> {
        valid_month(month)?;
        sqlx::query(
            "INSERT INTO tenant_monthly_stats (tenant_id, month, visitors) VALUES ($1, $2, $3) \
             ON CONFLICT (tenant_id, month) DO UPDATE SET visitors = tenant_monthly_stats.visitors + excluded.visitors",
        )
        .bind(id.get())
        .bind(month)
        .bind(visitors)
        .execute(&self.pool)
        .await
        .map_err(map_err("tenant stats"))?;
        Ok(())
    }

    async fn monthly_visitors(&self, id: TenantId, month: &str) -> StoreResult<i64> {
        valid_month(month)?;
        let row = sqlx::query(
            "SELECT visitors FROM tenant_monthly_stats WHERE tenant_id = $1 AND month = $2",
        )
        .bind(id.get())
        .bind(month)
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err("tenant stats"))?;
        row.map_or(Ok(0), |r| get(&r, "visitors"))
    }
}
