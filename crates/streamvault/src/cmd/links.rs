//! `streamvault sign`, `streamvault auth link` and `streamvault nginx render`.

use super::wiring;
use crate::cli::GlobalArgs;
use crate::config::values;
use anyhow::{bail, Context};
use std::io::Write;
use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;
use streamvault_core::TelegramUserId;
use streamvault_manager::nginx::{render, NginxParams, TEMPLATE};

/// `sign PATH`: prints a signed stream URL.
pub fn sign(
    global: &GlobalArgs,
    path: &str,
    ttl: Option<&str>,
    expires: Option<i64>,
    ip: Option<IpAddr>,
) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let signer = wiring::signer(&config)
        .context("SECURE_LINK_SECRET is not set: it must match the nginx config")?;
    if signer.binds_ip() && ip.is_none() {
        bail!("SECURE_LINK_BIND_IP is on: pass the client's address with --ip ADDR");
    }
    let expires = match (expires, ttl) {
        (Some(ts), _) => ts,
        (None, Some(ttl)) => {
            wiring::now()
                + values::duration(ttl)
                    .map_err(|e| anyhow::anyhow!("--ttl {ttl:?}: {e}"))?
                    .as_secs() as i64
        }
        (None, None) => wiring::now() + config.stream_link_ttl.as_secs() as i64,
    };
    let signed = signer.sign_until(path, expires, ip)?;
    println!("{}", signed.url);
    Ok(ExitCode::SUCCESS)
}

/// `auth link --user ID`: issues a one-time login link.
pub async fn auth_link(global: &GlobalArgs, user: i64) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let secret = config
        .jwt_secret
        .as_ref()
        .context("JWT_SECRET is not set: login links need it")?;
    let store = wiring::migrated_store(&config).await?;
    let link = streamvault_manager::magic_link::issue(
        &*store,
        secret.expose().as_bytes(),
        &config.site_url,
        TelegramUserId(user),
        config.magic_link_ttl.as_secs() as i64,
        wiring::now(),
    )
    .await?;
    println!("{}", link.url);
    Ok(ExitCode::SUCCESS)
}

/// `nginx render --out FILE`: writes the nginx config (mode 0600: it holds the secret).
pub fn nginx_render(global: &GlobalArgs, out: &Path) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let secret = config
        .secure_link_secret
        .as_ref()
        .context("SECURE_LINK_SECRET is not set")?;
    let params = NginxParams {
        listen: config.nginx_listen.clone(),
        hive_upstream: config.hive_stream_listen.to_string(),
        cache_dir: config.nginx_cache_dir.clone(),
        cache_max_size: config.nginx_cache_max_size.clone(),
        bind_ip: config.secure_link_bind_ip,
    };
    let text = render(TEMPLATE, &params, secret.expose())?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(out)
        .with_context(|| format!("writing {}", out.display()))?;
    file.write_all(text.as_bytes())?;
    eprintln!(
        "wrote {} (mode 0600); check it with: nginx -t",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
