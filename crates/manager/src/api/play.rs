//! The gatekeeper: `POST /v1/play` signs a stream URL for a signed-in user within their
//! tier's limits; `GET /v1/me` tells the user who they are.

use super::auth::UserOutput;
use super::session::{ClientIp, SignedIn};
use super::{ApiError, ApiState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use streamvault_coord::RateDecision;
use streamvault_core::{Slug, Tier};
use streamvault_store::contents::ContentStatus;
use streamvault_store::gate::PlayLookup;
use streamvault_store::users::User;

#[derive(Deserialize)]
pub(super) struct PlayInput {
    slug: String,
}

#[derive(Serialize)]
pub(super) struct PlayOutput {
    url: String,
    expires: i64,
}

async fn current_user(state: &ApiState, signed_in: &SignedIn) -> Result<(User, Tier), ApiError> {
    let user = state.store.get_user(signed_in.0).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "no_session",
            "this account no longer exists; sign in again with /login",
        )
    })?;
    let tier = user.tier.effective(user.premium_until, state.now());
    Ok((user, tier))
}

pub(super) async fn me(
    State(state): State<ApiState>,
    signed_in: SignedIn,
) -> Result<Json<UserOutput>, ApiError> {
    let (user, tier) = current_user(&state, &signed_in).await?;
    Ok(Json(UserOutput {
        id: user.id,
        tier,
        premium_until: user.premium_until,
    }))
}

fn rate_limited(retry_after: Duration, who: &str) -> ApiError {
    let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
    ApiError {
        retry_after: Some(secs.max(1)),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many plays for this {who}; try again in {secs} s"),
        )
    }
}

pub(super) async fn play(
    State(state): State<ApiState>,
    signed_in: SignedIn,
    ClientIp(ip): ClientIp,
    Json(input): Json<PlayInput>,
) -> Result<Json<PlayOutput>, ApiError> {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such content (it may have been taken down)",
        )
    };
    // An impossible slug is answered after the limits like any miss, without a lookup.
    let slug = Slug::parse(input.slug.trim()).ok();
    let now = state.now();
    let lookup = match &slug {
        Some(slug) => match state.play_cache.get(signed_in.0.get(), slug.as_str(), now) {
            Some(((tier, premium_until), content)) => Some(PlayLookup {
                tier,
                premium_until,
                content,
            }),
            None => {
                let found = state.store.play_lookup(signed_in.0, slug).await?;
                if let Some(l) = &found {
                    state.play_cache.put(
                        signed_in.0.get(),
                        slug.as_str(),
                        ((l.tier, l.premium_until), l.content.clone()),
                        now,
                    );
                }
                found
            }
        },
        None => state
            .store
            .get_user(signed_in.0)
            .await?
            .map(|u| PlayLookup {
                tier: u.tier,
                premium_until: u.premium_until,
                content: None,
            }),
    };
    let lookup = lookup.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "no_session",
            "this account no longer exists; sign in again with /login",
        )
    })?;
    let (user_rate, ip_rate) = match lookup.tier.effective(lookup.premium_until, now) {
        Tier::Banned => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "banned",
                "this account is banned",
            ))
        }
        Tier::Free => (state.limits.free_user, state.limits.free_ip),
        Tier::Premium => (state.limits.premium_user, state.limits.premium_ip),
    };
    if let RateDecision::Limited { retry_after } = state
        .coord
        .check_rate(&format!("play:user:{}", signed_in.0), user_rate)
        .await?
    {
        return Err(rate_limited(retry_after, "account"));
    }
    if let RateDecision::Limited { retry_after } = state
        .coord
        .check_rate(&format!("play:ip:{ip}"), ip_rate)
        .await?
    {
        return Err(rate_limited(retry_after, "address"));
    }
    let (slug, file_name) = match (slug, lookup.content) {
        (Some(slug), Some((_, ContentStatus::Published, Some(file_name)))) => (slug, file_name),
        _ => return Err(not_found()),
    };
    let signer = state.signer.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "streaming_disabled",
            "streaming is not configured on this server (SECURE_LINK_SECRET)",
        )
    })?;
    let path = format!("/s/{slug}/{file_name}");
    let signed = signer.sign(&path, now, Some(ip)).map_err(|e| {
        tracing::error!(error = %e, slug = %slug, "stored file name cannot be signed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "unsignable",
            "this content's file name cannot be streamed; an admin has to fix it",
        )
    })?;
    Ok(Json(PlayOutput {
        url: signed.url,
        expires: signed.expires,
    }))
}
