//! `streamvault config show|example`.

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::{example, show};
use std::process::ExitCode;

/// Runs the subcommand.
pub fn run(global: &GlobalArgs, command: ConfigCommand) -> anyhow::Result<ExitCode> {
    match command {
        ConfigCommand::Show { json } => {
            let (_, layers) = super::load_config(global)?;
            let rows = show::rows(&layers);
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", show::table(&rows));
            }
        }
        ConfigCommand::Example => print!("{}", example::render()),
    }
    Ok(ExitCode::SUCCESS)
}
