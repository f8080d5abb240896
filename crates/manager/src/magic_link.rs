//! Issuing one-time login links: `{SITE_URL}/auth?token=<jwt>`. Used by the bot's `/login`
//! and by `streamvault auth link`.

use crate::tokens::{MagicClaims, MAGIC};
use rand::RngCore;
use streamvault_core::jwt::{self, JwtError};
use streamvault_core::TelegramUserId;
use streamvault_store::{Store, StoreError};

/// An issued link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MagicLink {
    /// The URL to send to the user.
    pub url: String,
    /// When it stops working.
    pub expires_at: i64,
}

/// Why a link could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum MagicLinkError {
    /// Storing the single-use id failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Encoding failed.
    #[error(transparent)]
    Token(#[from] JwtError),
}

/// Issues a link for `user`, valid `ttl_secs`, and records its `jti` for single use.
pub async fn issue(
    store: &dyn Store,
    secret: &[u8],
    site_url: &url::Url,
    user: TelegramUserId,
    ttl_secs: i64,
    now: i64,
) -> Result<MagicLink, MagicLinkError> {
    let mut id = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut id);
    let jti: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let expires_at = now + ttl_secs;
    store.insert_magic_link(&jti, user, expires_at, now).await?;
    let claims = MagicClaims {
        sub: user.to_string(),
        exp: expires_at,
        iat: now,
        jti,
        typ: MAGIC.into(),
    };
    let token = jwt::encode(&claims, secret)?;
    let mut url = site_url.join("auth").unwrap_or_else(|_| site_url.clone());
    url.query_pairs_mut().append_pair("token", &token);
    Ok(MagicLink {
        url: url.to_string(),
        expires_at,
    })
}
