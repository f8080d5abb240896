//! Who is calling: the session (cookie `sv_session` or `Authorization: Bearer`) and the
//! client IP.

use super::{ApiError, ApiState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use std::net::{IpAddr, SocketAddr};
use streamvault_core::jwt::JwtError;
use streamvault_core::TelegramUserId;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sv_session";

/// A caller with a valid session.
pub(super) struct SignedIn(pub TelegramUserId);

/// The 401 answer for a refused token, with the token's stable code.
pub(super) fn unauthorized(e: &JwtError) -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        e.code(),
        format!("{e}; sign in again from the bot with /login"),
    )
}

pub(super) fn login_disabled() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "login_disabled",
        "login is not configured on this server (JWT_SECRET)",
    )
}

fn token_from(parts: &Parts) -> Option<String> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    bearer.or_else(|| {
        parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, value)| value.to_owned())
    })
}

impl FromRequestParts<ApiState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let secret = state.jwt_secret.as_ref().ok_or_else(login_disabled)?;
        let token = token_from(parts).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "no_session",
                "sign in first: send /login to the bot",
            )
        })?;
        let user = crate::tokens::verify_session(&token, secret, state.now())
            .map_err(|e| unauthorized(&e))?;
        Ok(SignedIn(user))
    }
}

/// The client's address: the TCP peer, or — behind a trusted loopback proxy — the last
/// address the proxy appended to `X-Forwarded-For`.
pub(super) struct ClientIp(pub IpAddr);

impl FromRequestParts<ApiState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        if state.trust_forwarded_for && peer.is_loopback() {
            let forwarded = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|ip| ip.trim().parse().ok());
            if let Some(ip) = forwarded {
                return Ok(ClientIp(ip));
            }
        }
        Ok(ClientIp(peer))
    }
}
