//! `streamvault db migrate|status`.

use crate::cli::{DbCommand, GlobalArgs};
use serde_json::json;
use std::process::ExitCode;
use streamvault_store_sql::MigrationState;

/// Runs the subcommand.
pub async fn run(global: &GlobalArgs, command: DbCommand) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let store = super::connect_store(&config).await?;
    match command {
        DbCommand::Migrate => {
            let applied = store.migrate().await?;
            if applied.is_empty() {
                println!("{}: schema is up to date", store.backend().name());
            } else {
                println!("{}: applied migrations {applied:?}", store.backend().name());
            }
        }
        DbCommand::Status { json } => {
            let status = store.migration_status().await?;
            if json {
                let rows: Vec<_> = status
                    .iter()
                    .map(|s| json!({"version": s.version, "name": s.name, "state": state_name(s.state), "applied_at": s.applied_at}))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &json!({"backend": store.backend().name(), "migrations": rows})
                    )?
                );
            } else {
                println!("backend: {}", store.backend().name());
                println!("{:>7}  {:<20}  STATE", "VERSION", "NAME");
                for s in &status {
                    println!("{:>7}  {:<20}  {}", s.version, s.name, state_name(s.state));
                }
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Stable name of a migration state.
pub fn state_name(state: MigrationState) -> &'static str {
    match state {
        MigrationState::Applied => "applied",
        MigrationState::Pending => "pending",
        MigrationState::Changed => "changed (edited after it was applied)",
        MigrationState::Unknown => "unknown (applied by a newer StreamVault)",
    }
}
