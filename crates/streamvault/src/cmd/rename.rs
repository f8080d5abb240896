//! `streamvault rename`: the clean file name of a release name.

use crate::cli::GlobalArgs;
use chrono::Datelike;
use std::process::ExitCode;
use streamvault_core::rename::{clean_name, parse_with, ParseOptions};

/// Runs the subcommand.
pub fn run(global: &GlobalArgs, name: &str, json: bool) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let year = chrono::Utc::now().year().clamp(1900, i32::from(u16::MAX)) as u16;
    let info = parse_with(name, &ParseOptions::for_current_year(year));
    let clean = clean_name(&info, &config.rename);
    if json {
        let mut value = serde_json::to_value(&info)?;
        value["clean_name"] = serde_json::Value::String(clean);
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!("{clean}");
    }
    Ok(ExitCode::SUCCESS)
}
