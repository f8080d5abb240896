//! `streamvault run`: the long-running services.

use super::wiring;
use crate::cli::{GlobalArgs, Role};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use streamvault_manager::bot_files::BotFileRecorder;
use streamvault_telegram_sandbox::{banner, serve, Sandbox};

/// Runs the subcommand.
pub async fn run(
    global: &GlobalArgs,
    role: Role,
    sandbox: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let store = wiring::migrated_store(&config).await?;
    let coord = wiring::coordinator(&config).await?;
    let sandbox = match sandbox {
        Some(dir) => {
            let sb = Sandbox::open(dir)
                .with_context(|| format!("opening the sandbox in {}", dir.display()))?;
            let handle = serve(&sb, "127.0.0.1:0".parse()?)
                .await
                .context("starting the sandbox Bot API")?;
            eprint!("{}", banner(&sb, &handle));
            Some((sb, handle))
        }
        None => {
            if config.bot_token.is_none() {
                eprintln!("note: BOT_TOKEN is not set; start with --sandbox DIR to try StreamVault on a simulated Telegram");
            }
            None
        }
    };
    let bot = wiring::bot_credentials(
        &config,
        sandbox.as_ref().map(|(sb, h)| (sb, h.url.as_str())),
    );
    let (trigger, shutdown) = streamvault_hive::shutdown_channel();
    tokio::spawn(async move {
        shutdown_signal().await;
        trigger.trigger();
    });
    let manager = async {
        if !matches!(role, Role::Manager | Role::All) {
            return Ok(());
        }
        let state = wiring::api_state(&config, store.clone(), coord.clone());
        let listener = tokio::net::TcpListener::bind(config.api_listen)
            .await
            .with_context(|| format!("listening on {} (API_LISTEN)", config.api_listen))?;
        eprintln!(
            "manager API on http://{} (OpenAPI at /openapi.json)",
            listener.local_addr()?
        );
        if state.jwt_secret.is_none() {
            eprintln!("note: JWT_SECRET is not set: login is disabled");
        }
        if state.signer.is_none() {
            eprintln!("note: SECURE_LINK_SECRET is not set: /v1/play answers 503");
        }
        // The bot's update loop: it learns its own file ids from channel posts.
        let recorder = bot.clone().map(|(token, url)| {
            let recorder = Arc::new(BotFileRecorder::new(store.clone()));
            let stop = shutdown.clone();
            tokio::spawn(async move {
                recorder
                    .run(&token, url.as_deref(), async move { stop.wait().await })
                    .await;
            })
        });
        let stop = shutdown.clone();
        streamvault_manager::api::serve(listener, state, async move { stop.wait().await }).await?;
        if let Some(task) = recorder {
            let _ = task.await;
        }
        anyhow::Ok(())
    };
    let hive = async {
        if !matches!(role, Role::Hive | Role::All) {
            return Ok(());
        }
        super::hive::run(
            &config,
            store.clone(),
            coord.clone(),
            sandbox.as_ref().map(|(sb, _)| sb),
            wiring::status_bot(bot.as_ref())?,
            shutdown.clone(),
        )
        .await
    };
    let (manager, hive) = tokio::join!(manager, hive);
    manager?;
    hive?;
    if let Some((_, handle)) = sandbox {
        handle.shutdown().await.context("stopping the sandbox")?;
    }
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
