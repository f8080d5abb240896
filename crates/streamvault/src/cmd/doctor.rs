//! `streamvault doctor`: what is installed, reachable and configured — without contacting
//! Telegram. Exits non-zero when something required is missing.

use super::db::state_name;
use crate::cli::GlobalArgs;
use crate::config::Config;
use serde::Serialize;
use std::process::ExitCode;
use std::time::Duration;
use streamvault_media::tools::{install_hint, version};
use streamvault_store_sql::MigrationState;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// External programs: (name, required, what for).
const TOOLS: &[(&str, bool, &str)] = &[
    ("ffmpeg", true, "screenshots, samples"),
    ("ffprobe", true, "media info, subtitles"),
    ("7zz", true, "store archives of season packs"),
    ("aria2c", true, "HTTP and torrent downloads"),
    ("yt-dlp", false, "downloads from yt-dlp supported sites"),
    ("rclone", false, "cloud bridge to rclone remotes"),
    (
        "nginx",
        false,
        "streaming front (usually on the front host)",
    ),
];

#[derive(Debug, Serialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warn,
    Missing,
    Error,
}

#[derive(Debug, Serialize)]
struct Check {
    group: &'static str,
    name: String,
    status: Status,
    required: bool,
    detail: String,
}

/// Runs the subcommand.
pub async fn run(global: &GlobalArgs, json: bool) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let mut checks = Vec::new();
    for (tool, required, purpose) in TOOLS {
        checks.push(match version(tool).await {
            Ok(v) => Check {
                group: "tool",
                name: tool.to_string(),
                status: Status::Ok,
                required: *required,
                detail: v,
            },
            Err(e) => Check {
                group: "tool",
                name: tool.to_string(),
                status: if *required {
                    Status::Missing
                } else {
                    Status::Warn
                },
                required: *required,
                detail: format!("missing ({purpose}): {}; {e}", install_hint(tool)),
            },
        });
    }
    checks.push(database(&config).await);
    if let Some(url) = &config.redis_url {
        checks.push(match redis_ping(url.expose()).await {
            Ok(()) => check(
                "coordination",
                "redis",
                Status::Ok,
                true,
                format!("{url} answers PING"),
            ),
            Err(e) => check(
                "coordination",
                "redis",
                Status::Error,
                true,
                format!("{url}: {e}; start Redis or unset REDIS_URL"),
            ),
        });
    } else {
        checks.push(check(
            "coordination",
            "redis",
            Status::Ok,
            false,
            "not configured: in-process coordination".into(),
        ));
    }
    checks.extend(telegram(&config));
    let failed = checks
        .iter()
        .any(|c| c.required && matches!(c.status, Status::Missing | Status::Error));
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"ok": !failed, "checks": checks}))?
        );
    } else {
        print_table(&checks);
        println!(
            "{}",
            if failed {
                "\nSomething required is missing: see the lines above."
            } else {
                "\nAll required checks passed."
            }
        );
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn check(group: &'static str, name: &str, status: Status, required: bool, detail: String) -> Check {
    Check {
        group,
        name: name.to_owned(),
        status,
        required,
        detail,
    }
}

async fn database(config: &Config) -> Check {
    let store = match super::connect_store(config).await {
        Ok(s) => s,
        Err(e) => {
            return check(
                "database",
                "database",
                Status::Error,
                true,
                format!("{e:#}"),
            )
        }
    };
    let result = match store.migration_status().await {
        Ok(status) => {
            let pending: Vec<_> = status
                .iter()
                .filter(|s| s.state != MigrationState::Applied)
                .collect();
            let backend = store.backend().name();
            if pending.is_empty() {
                check(
                    "database",
                    backend,
                    Status::Ok,
                    true,
                    format!(
                        "{} reachable; {} migrations applied",
                        config.database_url,
                        status.len()
                    ),
                )
            } else {
                let states: Vec<_> = pending
                    .iter()
                    .map(|s| format!("{} {}", s.version, state_name(s.state)))
                    .collect();
                let bad = pending.iter().any(|s| s.state != MigrationState::Pending);
                let status = if bad { Status::Error } else { Status::Warn };
                check(
                    "database",
                    backend,
                    status,
                    true,
                    format!(
                        "{}: {}; run `streamvault db migrate`",
                        config.database_url,
                        states.join(", ")
                    ),
                )
            }
        }
        Err(e) => check(
            "database",
            store.backend().name(),
            Status::Error,
            true,
            e.to_string(),
        ),
    };
    store.close().await;
    result
}

/// PING over RESP (with AUTH when the URL carries credentials).
async fn redis_ping(url: &str) -> anyhow::Result<()> {
    let u = url::Url::parse(url)?;
    let host = u.host_str().unwrap_or("127.0.0.1");
    let port = u.port().unwrap_or(6379);
    let mut conn = tokio::time::timeout(
        Duration::from_secs(3),
        tokio::net::TcpStream::connect((host, port)),
    )
    .await??;
    let mut request = Vec::new();
    if let Some(pw) = u.password() {
        let user = (!u.username().is_empty()).then(|| u.username());
        let args: Vec<&str> = ["AUTH"].into_iter().chain(user).chain([pw]).collect();
        request.extend(resp_command(&args));
    }
    request.extend(resp_command(&["PING"]));
    conn.write_all(&request).await?;
    let mut buf = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(3), conn.read(&mut buf)).await??;
    let answer = String::from_utf8_lossy(&buf[..n]);
    if answer.contains("+PONG") {
        Ok(())
    } else {
        anyhow::bail!(
            "unexpected answer {:?}",
            answer.lines().next().unwrap_or_default()
        )
    }
}

fn resp_command(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend(format!("${}\r\n{a}\r\n", a.len()).into_bytes());
    }
    out
}

fn telegram(config: &Config) -> Vec<Check> {
    let set = |b: bool| if b { "set" } else { "not set" };
    let mut out = vec![
        check(
            "telegram",
            "bot",
            if config.bot_token.is_some() {
                Status::Ok
            } else {
                Status::Warn
            },
            false,
            format!(
                "BOT_TOKEN {}{}",
                set(config.bot_token.is_some()),
                if config.bot_token.is_none() {
                    " (sandbox mode only)"
                } else {
                    ""
                }
            ),
        ),
        check(
            "telegram",
            "workers",
            if config.api_id.is_some() && config.api_hash.is_some() {
                Status::Ok
            } else {
                Status::Warn
            },
            false,
            format!(
                "API_ID {}, API_HASH {}",
                set(config.api_id.is_some()),
                set(config.api_hash.is_some())
            ),
        ),
        check(
            "telegram",
            "admins",
            if config.admin_ids.is_empty() {
                Status::Warn
            } else {
                Status::Ok
            },
            false,
            format!("{} admin id(s) in ADMIN_IDS", config.admin_ids.len()),
        ),
    ];
    let c = &config.channels;
    let channels = [
        ("public (A)", c.public),
        ("log (B)", c.log),
        ("backup (B')", c.backup),
        ("screenshots (B'')", c.screenshots()),
        ("dump (C)", c.dump),
        ("admin (D)", c.admin),
    ];
    let missing: Vec<_> = channels
        .iter()
        .filter(|(_, id)| id.is_none())
        .map(|(n, _)| *n)
        .collect();
    out.push(check(
        "telegram",
        "channels",
        if missing.is_empty() {
            Status::Ok
        } else {
            Status::Warn
        },
        false,
        if missing.is_empty() {
            format!(
                "all channels configured, {} genre log channel(s)",
                c.genre_log.len()
            )
        } else {
            format!("not configured: {}", missing.join(", "))
        },
    ));
    out
}

fn print_table(checks: &[Check]) {
    let nw = checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(4)
        .max(5);
    println!("{:<12}  {:<nw$}  {:<7}  DETAIL", "GROUP", "CHECK", "STATUS");
    for c in checks {
        let status = format!("{:?}", c.status).to_lowercase();
        println!(
            "{:<12}  {:<nw$}  {:<7}  {}",
            c.group, c.name, status, c.detail
        );
    }
}
