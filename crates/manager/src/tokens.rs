//! The two token types: single-use magic-link tokens and site session tokens. Both are
//! HS256 JWTs under `JWT_SECRET`, told apart by `typ` so one can never stand in for the other.

use serde::{Deserialize, Serialize};
use streamvault_core::jwt::{self, JwtError};
use streamvault_core::{TelegramUserId, Tier};

/// Claims of a magic-link token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MagicClaims {
    /// Telegram user id, as a string.
    pub sub: String,
    /// Expiry (unix seconds).
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Single-use id, recorded in `magic_links`.
    pub jti: String,
    /// Always `magic`.
    pub typ: String,
}

/// Claims of a site session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// Telegram user id, as a string.
    pub sub: String,
    /// Expiry.
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Always `session`.
    pub typ: String,
    /// Tier at sign-in (informative: the gatekeeper reads the current tier).
    pub tier: Tier,
}

/// Token type of a magic link.
pub const MAGIC: &str = "magic";
/// Token type of a session.
pub const SESSION: &str = "session";

fn user_of(sub: &str) -> Result<TelegramUserId, JwtError> {
    sub.parse()
        .map_err(|_| JwtError::Claims("sub is not a user id".into()))
}

/// Verifies a magic-link token (signature, algorithm, expiry, type).
pub fn verify_magic(
    token: &str,
    secret: &[u8],
    now: i64,
) -> Result<(MagicClaims, TelegramUserId), JwtError> {
    let claims: MagicClaims = jwt::decode(token, secret, now)?;
    if claims.typ != MAGIC {
        return Err(JwtError::Claims(format!(
            "a {} token is not a login link",
            claims.typ
        )));
    }
    let user = user_of(&claims.sub)?;
    Ok((claims, user))
}

/// Issues a session token.
pub fn issue_session(
    user: TelegramUserId,
    tier: Tier,
    secret: &[u8],
    now: i64,
    ttl_secs: i64,
) -> Result<(String, i64), JwtError> {
    let exp = now + ttl_secs;
    let claims = SessionClaims {
        sub: user.to_string(),
        exp,
        iat: now,
        typ: SESSION.into(),
        tier,
    };
    Ok((jwt::encode(&claims, secret)?, exp))
}

/// Verifies a session token.
pub fn verify_session(token: &str, secret: &[u8], now: i64) -> Result<TelegramUserId, JwtError> {
    let claims: SessionClaims = jwt::decode(token, secret, now)?;
    if claims.typ != SESSION {
        return Err(JwtError::Claims(format!(
            "a {} token is not a session",
            claims.typ
        )));
    }
    user_of(&claims.sub)
}
