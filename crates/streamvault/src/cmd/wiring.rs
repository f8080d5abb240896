//! Building the adapters from the configuration: store, coordinator, API state.

use crate::config::Config;
use anyhow::Context;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{Coordinator, InProcessCoordinator, Rate, RedisCoordinator, SystemClock};
use streamvault_core::signer::Signer;
use streamvault_manager::api::{ApiState, PlayCache, PlayLimits};
use streamvault_store::Store;
use streamvault_telegram::teloxide_bot::TeloxideBot;
use streamvault_telegram::BotPort;
use streamvault_telegram_sandbox::Sandbox;

/// Connects to the database and applies pending migrations.
pub async fn migrated_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let store = super::connect_store(config).await?;
    let applied = store.migrate().await.context("migrating the database")?;
    if !applied.is_empty() {
        tracing::info!(
            ?applied,
            backend = store.backend().name(),
            "applied migrations"
        );
    }
    Ok(Arc::new(store))
}

/// Redis when `REDIS_URL` is set, otherwise in-process coordination.
pub async fn coordinator(config: &Config) -> anyhow::Result<Arc<dyn Coordinator>> {
    Ok(match &config.redis_url {
        Some(url) => Arc::new(
            RedisCoordinator::connect(url.expose(), "streamvault")
                .await
                .with_context(|| format!("connecting to Redis at {url}"))?,
        ),
        None => Arc::new(InProcessCoordinator::new(SystemClock)),
    })
}

/// The manager bot's token and Bot API server: the sandbox's first bot on the sandbox's
/// server, else `BOT_TOKEN` on Telegram's (`None` for the URL); `None` without either.
pub fn bot_credentials(
    config: &Config,
    sandbox_bot_api: Option<(&Sandbox, &str)>,
) -> Option<(String, Option<String>)> {
    match sandbox_bot_api {
        Some((sb, url)) => sb
            .bots()
            .into_iter()
            .next()
            .map(|b| (b.token, Some(url.to_owned()))),
        None => config
            .bot_token
            .as_ref()
            .map(|t| (t.expose().to_owned(), None)),
    }
}

/// The manager bot as the hive uses it (status messages).
pub fn status_bot(
    credentials: Option<&(String, Option<String>)>,
) -> anyhow::Result<Option<Arc<dyn BotPort>>> {
    Ok(match credentials {
        None => None,
        Some((token, None)) => Some(Arc::new(TeloxideBot::new(token))),
        Some((token, Some(url))) => Some(Arc::new(TeloxideBot::with_api_url(token, url)?)),
    })
}

/// Unix time now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The stream URL signer, when `SECURE_LINK_SECRET` is set.
pub fn signer(config: &Config) -> Option<Signer> {
    config.secure_link_secret.as_ref().map(|secret| {
        Signer::new(
            config.stream_base_url.as_str(),
            secret.expose(),
            config.stream_link_ttl.as_secs() as i64,
            config.secure_link_bind_ip,
        )
    })
}

/// The API's state.
pub fn api_state(config: &Config, store: Arc<dyn Store>, coord: Arc<dyn Coordinator>) -> ApiState {
    let rate = |(count, period): (u32, Duration)| Rate { count, period };
    let [free_user, free_ip, premium_user, premium_ip] = config.play_rates.map(rate);
    ApiState {
        store,
        coord,
        signer: signer(config),
        jwt_secret: config
            .jwt_secret
            .as_ref()
            .map(|s| Arc::from(s.expose().as_bytes())),
        site_url: config.site_url.clone(),
        session_ttl: config.session_ttl,
        limits: PlayLimits {
            free_user,
            free_ip,
            premium_user,
            premium_ip,
        },
        trust_forwarded_for: config.trust_forwarded_for,
        play_cache: Arc::new(PlayCache::new(config.play_cache_ttl.as_secs() as i64)),
        clock: Arc::new(now),
    }
}
