//! `streamvault sandbox …`: the simulated Telegram from the command line.

use crate::cli::SandboxCommand;
use anyhow::Context;
use std::process::ExitCode;
use streamvault_telegram_sandbox::control::{run as control, Command};
use streamvault_telegram_sandbox::{banner, serve, Sandbox};

/// Runs the subcommand.
pub async fn run(command: SandboxCommand) -> anyhow::Result<ExitCode> {
    let (dir, cmd) = match command {
        SandboxCommand::Serve { dir, addr } => {
            let sb = Sandbox::open(&dir)
                .with_context(|| format!("opening the sandbox in {}", dir.display()))?;
            let handle = serve(&sb, addr)
                .await
                .with_context(|| format!("serving the Bot API on {addr}"))?;
            print!("{}", banner(&sb, &handle));
            println!("Ctrl-C to stop; other `streamvault sandbox …` commands with --dir {} go through this server.", dir.display());
            super::run::shutdown_signal().await;
            handle.shutdown().await?;
            return Ok(ExitCode::SUCCESS);
        }
        SandboxCommand::Say {
            dir,
            user,
            bot,
            text,
        } => (dir, Command::Say { user, bot, text }),
        SandboxCommand::Press {
            dir,
            user,
            bot,
            message,
            data,
        } => (
            dir,
            Command::Press {
                user,
                bot,
                message_id: to_i32(message)?,
                data,
            },
        ),
        SandboxCommand::Forward {
            dir,
            user,
            bot,
            channel,
            message,
        } => (
            dir,
            Command::Forward {
                user,
                bot,
                channel,
                message_id: to_i32(message)?,
            },
        ),
        SandboxCommand::Post {
            dir,
            channel,
            author,
            file,
            text,
        } => (
            dir,
            Command::Post {
                user: author,
                channel,
                text,
                file,
                kind: None,
            },
        ),
        SandboxCommand::Messages {
            dir,
            chat,
            bot,
            json: _,
        } => (dir, Command::Messages { chat, bot }),
        SandboxCommand::Accounts { dir, json: _ } => (dir, Command::Accounts),
    };
    let answer = control(&dir, cmd).await?;
    println!("{}", serde_json::to_string_pretty(&answer)?);
    Ok(ExitCode::SUCCESS)
}

fn to_i32(message: i64) -> anyhow::Result<i32> {
    i32::try_from(message).map_err(|_| anyhow::anyhow!("message id {message} is out of range"))
}
