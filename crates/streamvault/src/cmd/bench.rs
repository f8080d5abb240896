//! `streamvault bench swarm`: the swarm benchmark (sandbox sessions, durable jobs,
//! coordinator), optionally across child processes sharing Redis and the database.

use crate::cli::BenchCommand;
use std::process::ExitCode;
use streamvault_hive::bench::{run_swarm, swarm_child_main, ChildProgram, SwarmOptions};

/// Runs the subcommand.
pub async fn run(command: BenchCommand) -> anyhow::Result<ExitCode> {
    match command {
        BenchCommand::Swarm {
            sessions,
            tasks,
            processes,
            redis,
            database_url,
            flood_rate,
            json,
        } => {
            let opts = SwarmOptions {
                sessions,
                tasks,
                processes,
                redis_url: redis,
                database_url,
                flood_rate,
                ..SwarmOptions::default()
            };
            let child = ChildProgram {
                program: std::env::current_exe()?,
                args: vec!["bench".into(), "swarm-child".into()],
            };
            let report = run_swarm(&opts, Some(&child)).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Ingest { sizes, runs, json } => {
            super::bench_ingest::run(&sizes, runs, json).await
        }
        BenchCommand::SwarmChild => {
            swarm_child_main().await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
