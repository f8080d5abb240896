//! Subcommand implementations.

mod bench;
mod bench_ingest;
mod blocklist;
mod config_cmd;
mod db;
mod doctor;
mod hive;
mod ingest;
mod ingest_setup;
mod links;
mod media;
mod rename;
mod run;
mod sandbox;
mod wiring;
mod worker;

use crate::cli::{AuthCommand, Cli, Command, GlobalArgs, NginxCommand, WorkerCommand};
use crate::config::{Config, Layers, Sources};
use anyhow::Context;
use std::process::ExitCode;
use streamvault_store_sql::{OpenOptions, SqlStore};

/// Runs the chosen subcommand.
pub async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Doctor { json } => doctor::run(&cli.global, json).await,
        Command::Config(c) => config_cmd::run(&cli.global, c),
        Command::Db(c) => db::run(&cli.global, c).await,
        Command::Rename { name, json } => rename::run(&cli.global, &name, json),
        Command::Run { role, sandbox } => run::run(&cli.global, role, sandbox.as_deref()).await,
        Command::Sign {
            path,
            ttl,
            expires,
            ip,
        } => links::sign(&cli.global, &path, ttl.as_deref(), expires, ip),
        Command::Auth(AuthCommand::Link { user }) => links::auth_link(&cli.global, user).await,
        Command::Nginx(NginxCommand::Render { out }) => links::nginx_render(&cli.global, &out),
        Command::Media(c) => media::run(c).await,
        Command::Blocklist(c) => blocklist::run(&cli.global, c).await,
        Command::Sandbox(c) => sandbox::run(c).await,
        Command::Bench(c) => bench::run(c).await,
        Command::Ingest(args) => ingest::run(&cli.global, args).await,
        Command::Worker(WorkerCommand::Login { name, proxy }) => {
            worker::login_cmd(&cli.global, &name, proxy).await
        }
    }
}

/// Builds the configuration sources from the process environment and the global flags.
pub fn sources(global: &GlobalArgs) -> Sources {
    let mut flags: Vec<(String, String, String)> = global
        .set
        .iter()
        .map(|(k, v)| ("--set".to_owned(), k.clone(), v.clone()))
        .collect();
    if let Some(url) = &global.database_url {
        flags.push(("--database-url".into(), "database.url".into(), url.clone()));
    }
    Sources {
        file: global.config.clone(),
        env: std::env::vars().collect(),
        flags,
    }
}

/// Loads the configuration or explains what is wrong.
pub fn load_config(global: &GlobalArgs) -> anyhow::Result<(Config, Layers)> {
    Ok(Config::load(&sources(global))?)
}

/// Connects to the configured database (without migrating).
pub async fn connect_store(config: &Config) -> anyhow::Result<SqlStore> {
    let options = OpenOptions {
        max_connections: config.database_max_connections,
        ..OpenOptions::default()
    };
    SqlStore::connect(config.database_url.expose(), &options)
        .await
        .with_context(|| format!("opening the database {}", config.database_url))
}
