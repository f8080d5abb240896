//! `streamvault blocklist import|check`.

use super::wiring;
use crate::cli::{BlocklistCommand, GlobalArgs};
use anyhow::Context;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;
use streamvault_media::pdq::{match_blocklist, DEFAULT_THRESHOLD, MIN_USEFUL_QUALITY};
use streamvault_media::{hash_file, pdq_of_image, probe, screenshots, ScreenshotOptions, Tools};
use streamvault_store::blocklist::{parse_list, BlockEntry, HashKind};
use streamvault_store::Store;

/// Exit status of `check` for a blocked file.
const BLOCKED: u8 = 2;

/// Runs the subcommand.
pub async fn run(global: &GlobalArgs, command: BlocklistCommand) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let store = wiring::migrated_store(&config).await?;
    match command {
        BlocklistCommand::Import { file, source } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let source = source.unwrap_or_else(|| {
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let entries = parse_list(&text, &source).map_err(|errors| {
                let lines: Vec<String> = errors.iter().take(20).map(|e| format!("  {e}")).collect();
                anyhow::anyhow!(
                    "{} bad line(s) in {}, nothing imported:\n{}",
                    errors.len(),
                    file.display(),
                    lines.join("\n")
                )
            })?;
            let added = store.add_block_entries(&entries, wiring::now()).await?;
            println!(
                "{} entries read, {added} new, {} already listed",
                entries.len(),
                entries.len() as u64 - added
            );
            Ok(ExitCode::SUCCESS)
        }
        BlocklistCommand::Check { file, json } => check(&*store, &file, json).await,
    }
}

async fn check(store: &dyn Store, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let digests = hash_file(file)
        .await
        .with_context(|| format!("reading {}", file.display()))?;
    let mut matches: Vec<(String, BlockEntry, Option<u32>)> = Vec::new();
    for (kind, value) in digests.entries() {
        if let Some(entry) = store.find_block_entry(kind, value).await? {
            matches.push((kind.to_string(), entry, None));
        }
    }
    let pdq_entries = store.list_block_entries(HashKind::Pdq).await?;
    let tools = Tools::default();
    let mut frames = Vec::new();
    let is_video = probe(&tools, file)
        .await
        .map(|p| p.video.is_some())
        .unwrap_or(false);
    if is_video {
        let dir = tempfile::tempdir()?;
        for shot in screenshots(&tools, file, dir.path(), &ScreenshotOptions::default()).await? {
            let frame = pdq_of_image(&tools, &shot.path).await?;
            frames.push(json!({"position_ms": shot.position_ms, "pdq": frame.hash.to_string(), "quality": frame.quality}));
            // Flat or nearly blank frames match each other by accident.
            if frame.quality < MIN_USEFUL_QUALITY {
                continue;
            }
            if let Some((entry, distance)) =
                match_blocklist(&frame.hash, &pdq_entries, DEFAULT_THRESHOLD)
            {
                matches.push((
                    format!("pdq@{}ms", shot.position_ms),
                    entry.clone(),
                    Some(distance),
                ));
            }
        }
    }
    if json {
        let found: Vec<_> = matches
            .iter()
            .map(|(what, e, d)| json!({"matched": what, "entry_id": e.id, "kind": e.entry.kind, "value": e.entry.value, "reason": e.entry.reason, "distance": d}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"file": file, "sha256": digests.sha256, "sha1": digests.sha1, "md5": digests.md5, "frames": frames, "blocked": !matches.is_empty(), "matches": found})
            )?
        );
    } else {
        println!(
            "sha256 {}\nsha1   {}\nmd5    {}",
            digests.sha256,
            digests.sha1.unwrap_or_default(),
            digests.md5.unwrap_or_default()
        );
        if is_video {
            println!(
                "pdq: {} frame(s) checked against {} entries",
                frames.len(),
                pdq_entries.len()
            );
        }
        for (what, e, d) in &matches {
            let distance = d.map(|d| format!(" (distance {d})")).unwrap_or_default();
            println!(
                "BLOCKED by {what}{distance}: entry {} {} {}",
                e.id,
                e.entry.kind,
                e.entry.reason.as_deref().unwrap_or("")
            );
        }
        if matches.is_empty() {
            println!("not on the blocklist");
        }
    }
    Ok(if matches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BLOCKED)
    })
}
