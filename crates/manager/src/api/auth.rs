//! Magic-link login: `GET /auth?token=` (sets the session cookie and redirects to the
//! site) and `POST /v1/auth/exchange` (returns a session token to API clients).

use super::session::{login_disabled, unauthorized, SESSION_COOKIE};
use super::{ApiError, ApiState};
use crate::tokens::{issue_session, verify_magic};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use streamvault_core::{TelegramUserId, Tier};
use streamvault_store::auth::MagicLinkUse;
use streamvault_store::users::UserProfile;

#[derive(Deserialize)]
pub(super) struct TokenInput {
    token: String,
}

#[derive(Serialize)]
pub(super) struct SessionOutput {
    session_token: String,
    expires_at: i64,
    user: UserOutput,
}

#[derive(Serialize)]
pub(super) struct UserOutput {
    pub id: TelegramUserId,
    pub tier: Tier,
    pub premium_until: Option<i64>,
}

/// Verifies and consumes a magic-link token, then issues a session.
async fn sign_in(state: &ApiState, token: &str) -> Result<SessionOutput, ApiError> {
    let secret = state.jwt_secret.as_ref().ok_or_else(login_disabled)?;
    let now = state.now();
    let (claims, user) = verify_magic(token, secret, now).map_err(|e| unauthorized(&e))?;
    let refused = |code, message: &str| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            code,
            format!("{message}; ask the bot for a new one with /login"),
        )
    };
    match state.store.consume_magic_link(&claims.jti, now).await? {
        MagicLinkUse::Consumed(owner) if owner == user => {}
        MagicLinkUse::Consumed(_) => {
            return Err(refused(
                "token_claims",
                "this login link does not belong to its user",
            ))
        }
        MagicLinkUse::AlreadyUsed => {
            return Err(refused(
                "token_replayed",
                "this login link was already used",
            ))
        }
        MagicLinkUse::Expired => return Err(refused("token_expired", "this login link expired")),
        MagicLinkUse::Unknown => {
            return Err(refused("token_unknown", "this login link was never issued"))
        }
    }
    let stored = match state.store.get_user(user).await? {
        Some(u) => u,
        None => {
            state
                .store
                .touch_user(
                    &UserProfile {
                        id: user,
                        username: None,
                        display_name: None,
                    },
                    now,
                )
                .await?
                .0
        }
    };
    let tier = stored.tier.effective(stored.premium_until, now);
    let (session_token, expires_at) =
        issue_session(user, tier, secret, now, state.session_ttl.as_secs() as i64)
            .map_err(|e| unauthorized(&e))?;
    Ok(SessionOutput {
        session_token,
        expires_at,
        user: UserOutput {
            id: user,
            tier,
            premium_until: stored.premium_until,
        },
    })
}

pub(super) async fn exchange(
    State(state): State<ApiState>,
    Json(input): Json<TokenInput>,
) -> Result<Json<SessionOutput>, ApiError> {
    sign_in(&state, &input.token).await.map(Json)
}

pub(super) async fn auth_redirect(
    State(state): State<ApiState>,
    Query(input): Query<TokenInput>,
) -> Result<Response, ApiError> {
    let session = sign_in(&state, &input.token).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age={}",
        session.session_token,
        state.session_ttl.as_secs()
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, state.site_url.to_string()),
        ],
    )
        .into_response())
}
