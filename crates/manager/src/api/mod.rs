//! The HTTP API the website calls. Every error is JSON `{"code", "message"}` with a stable
//! code; 429 answers add `retry_after` (seconds) and a `Retry-After` header.

mod auth;
mod error;
mod health;
mod openapi;
mod play;
mod play_cache;
mod session;

pub use error::ApiError;
pub use openapi::document as openapi_document;
pub use play_cache::PlayCache;

use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{Coordinator, Rate};
use streamvault_core::signer::Signer;
use streamvault_store::Store;

/// Play rate limits by tier (banned users are always refused).
#[derive(Debug, Clone, Copy)]
pub struct PlayLimits {
    /// Per free user.
    pub free_user: Rate,
    /// Per client IP, for free users.
    pub free_ip: Rate,
    /// Per premium user.
    pub premium_user: Rate,
    /// Per client IP, for premium users.
    pub premium_ip: Rate,
}

/// Clock in unix seconds (injected so tests control time).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Everything the handlers need. Secrets are held, never printed.
#[derive(Clone)]
pub struct ApiState {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// Rate limiter (and the rest of the coordinator).
    pub coord: Arc<dyn Coordinator>,
    /// Stream URL signer; `None` when `SECURE_LINK_SECRET` is not set.
    pub signer: Option<Signer>,
    /// `JWT_SECRET`; `None` disables login.
    pub jwt_secret: Option<Arc<[u8]>>,
    /// The website, where `/auth` redirects after login.
    pub site_url: url::Url,
    /// Lifetime of site sessions.
    pub session_ttl: Duration,
    /// Play limits.
    pub limits: PlayLimits,
    /// Take the client IP from `X-Forwarded-For` when the peer is a loopback proxy.
    pub trust_forwarded_for: bool,
    /// Short-lived cache of the gatekeeper's lookup (`PLAY_CACHE_TTL`).
    pub play_cache: Arc<PlayCache>,
    /// Unix time.
    pub clock: Clock,
}

impl ApiState {
    fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// The API's routes.
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/openapi.json", get(openapi::serve))
        .route("/auth", get(auth::auth_redirect))
        .route("/v1/auth/exchange", post(auth::exchange))
        .route("/v1/me", get(play::me))
        .route("/v1/play", post(play::play))
        .fallback(error::not_found)
        .with_state(state)
}

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: ApiState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
