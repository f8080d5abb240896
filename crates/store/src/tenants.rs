//! Tenants: sites that pay for the service, and their billing state.

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use streamvault_core::{TelegramUserId, TenantId};

string_enum!(
    /// Billing state of a tenant.
    TenantStatus {
        /// Paid up.
        Active = "active",
        /// Past its bill date.
        PastDue = "past_due",
        /// More than 3 days late: the API reports maintenance.
        Suspended = "suspended",
    }
);

/// A tenant to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTenant {
    /// Display name.
    pub name: String,
    /// The site's domain (unique).
    pub domain: String,
    /// Owner's email, for billing notices.
    pub owner_email: Option<String>,
    /// Owner's Telegram id, for billing notices.
    pub owner_telegram_id: Option<TelegramUserId>,
    /// Next bill date.
    pub next_bill_date: NaiveDate,
}

/// A stored tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// Database id.
    pub id: TenantId,
    /// The tenant.
    #[serde(flatten)]
    pub tenant: NewTenant,
    /// Billing state.
    pub status: TenantStatus,
    /// When created.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// Storage of tenants.
#[async_trait]
pub trait TenantStore {
    /// Creates a tenant (active); `Conflict` when the domain is taken.
    async fn create_tenant(&self, t: &NewTenant, now: UnixTime) -> StoreResult<Tenant>;
    /// A tenant by id.
    async fn get_tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>>;
    /// A tenant by domain.
    async fn tenant_by_domain(&self, domain: &str) -> StoreResult<Option<Tenant>>;
    /// All tenants by id.
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
    /// Sets the billing state.
    async fn set_tenant_status(
        &self,
        id: TenantId,
        status: TenantStatus,
        now: UnixTime,
    ) -> StoreResult<Tenant>;
    /// Records a payment: active again, with the next bill date.
    async fn record_payment(
        &self,
        id: TenantId,
        next_bill_date: NaiveDate,
        now: UnixTime,
    ) -> StoreResult<Tenant>;
    /// Adds visitors to a tenant's month (`YYYY-MM`).
    async fn add_monthly_visitors(
        &self,
        id: TenantId,
        month: &str,
        visitors: i64,
    ) -> StoreResult<()>;
    /// A tenant's visitors in a month.
    async fn monthly_visitors(&self, id: TenantId, month: &str) -> StoreResult<i64>;
}
