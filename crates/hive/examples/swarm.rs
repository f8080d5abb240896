//! The swarm benchmark as a stand-alone program (what `streamvault bench swarm` wires):
//!
//! ```text
//! swarm [--sessions N] [--tasks N] [--processes P] [--redis URL] [--database-url URL]
//!       [--flood-rate F] [--flood-seconds S] [--heavy-share H] [--heavy-limit L]
//!       [--task-ms MIN-MAX] [--lease-secs S] [--json]
//! swarm child        (a child hive process: reads its spec on stdin)
//! ```

use std::process::ExitCode;
use streamvault_hive::bench::{run_swarm, swarm_child_main, ChildProgram, SwarmOptions};

fn parse(args: &[String]) -> Result<(SwarmOptions, bool), String> {
    let mut opts = SwarmOptions::default();
    let mut json = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--json" {
            json = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--sessions" => opts.sessions = value.parse().map_err(|e| bad(&e))?,
            "--tasks" => opts.tasks = value.parse().map_err(|e| bad(&e))?,
            "--processes" => opts.processes = value.parse().map_err(|e| bad(&e))?,
            "--redis" => opts.redis_url = Some(value.clone()),
            "--database-url" => opts.database_url = Some(value.clone()),
            "--flood-rate" => opts.flood_rate = value.parse().map_err(|e| bad(&e))?,
            "--flood-seconds" => opts.flood_seconds = value.parse().map_err(|e| bad(&e))?,
            "--heavy-share" => opts.heavy_share = value.parse().map_err(|e| bad(&e))?,
            "--heavy-limit" => opts.heavy_limit = value.parse().map_err(|e| bad(&e))?,
            "--lease-secs" => opts.lease_secs = value.parse().map_err(|e| bad(&e))?,
            "--task-ms" => {
                let (min, max) = value.split_once('-').ok_or(bad(&"expected MIN-MAX"))?;
                opts.task_min_ms = min.parse().map_err(|e| bad(&e))?;
                opts.task_max_ms = max.parse().map_err(|e| bad(&e))?;
            }
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok((opts, json))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber_init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("child") {
        return match swarm_child_main().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("swarm child: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let (opts, json) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("swarm: {e}");
            return ExitCode::from(2);
        }
    };
    let child = std::env::current_exe().map(|program| ChildProgram {
        program,
        args: vec!["child".into()],
    });
    let child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("swarm: cannot find this program: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run_swarm(&opts, Some(&child)).await {
        Ok(report) if json => match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("swarm: {e}");
                ExitCode::FAILURE
            }
        },
        Ok(report) => {
            print!("{}", report.to_text());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("swarm: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr, at `warn` unless `RUST_LOG` says otherwise.
fn tracing_subscriber_init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
