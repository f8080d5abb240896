//! `streamvault worker login NAME`: logs a worker account in over MTProto and keeps its
//! session in `WORKER_SESSIONS_DIR/NAME.session` (mode 0600).

use crate::cli::GlobalArgs;
use anyhow::{bail, Context};
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use streamvault_telegram::grammers::{check_proxy_url, login, GrammersConfig, LoginPrompt};

/// Terminal prompts; the 2FA password is read without echo.
struct Terminal;

fn ask(question: &str) -> std::io::Result<String> {
    eprint!("{question}: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

impl LoginPrompt for Terminal {
    fn phone(&mut self) -> std::io::Result<String> {
        ask("Phone number of the worker account (international format, e.g. +15551234567)")
    }
    fn code(&mut self) -> std::io::Result<String> {
        ask("Login code Telegram sent to that account")
    }
    fn password(&mut self, hint: Option<&str>) -> std::io::Result<String> {
        rpassword::prompt_password(format!(
            "2FA password{}: ",
            hint.map(|h| format!(" (hint: {h})")).unwrap_or_default()
        ))
    }
}

/// Checks a worker account name: it becomes a file name and a coordinator key.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        bail!("worker name {name:?}: use 1 to 32 letters, digits, '-' or '_' (e.g. worker1)");
    }
    Ok(())
}

/// Runs the subcommand.
pub async fn login_cmd(
    global: &GlobalArgs,
    name: &str,
    proxy: Option<String>,
) -> anyhow::Result<ExitCode> {
    check_name(name)?;
    if let Some(p) = &proxy {
        check_proxy_url(p).map_err(|e| anyhow::anyhow!("--proxy: {e}"))?;
    }
    let (config, _) = super::load_config(global)?;
    let (Some(api_id), Some(api_hash)) = (config.api_id, config.api_hash.as_ref()) else {
        bail!("API_ID and API_HASH of the worker application are required (from my.telegram.org; never the bot's token)");
    };
    let dir: &Path = &config.sessions_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    #[cfg(unix)]
    std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
    let session_path = dir.join(format!("{name}.session"));
    let grammers = GrammersConfig {
        api_id,
        api_hash: api_hash.expose().to_owned(),
        session_path: session_path.clone(),
        proxy_url: proxy.clone(),
    };
    let me = login(&grammers, &mut Terminal)
        .await
        .context("logging the worker account in")?;
    #[cfg(unix)]
    std::fs::set_permissions(
        &session_path,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )?;
    if let Some(p) = proxy {
        let path = dir.join(format!("{name}.proxy"));
        std::fs::write(&path, p)?;
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    }
    println!(
        "worker {name}: logged in as {} ({:?}); session in {}",
        me.display_name,
        me.kind,
        session_path.display()
    );
    Ok(ExitCode::SUCCESS)
}
