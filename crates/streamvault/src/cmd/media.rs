//! `streamvault media …`.

use crate::cli::MediaCommand;
use std::process::ExitCode;
use std::time::Duration;
use streamvault_media::{
    create_store_archive, parse_size, probe, sample, screenshots, ArchiveOptions, SampleOptions,
    ScreenshotOptions, Tools,
};

/// Runs the subcommand.
pub async fn run(command: MediaCommand) -> anyhow::Result<ExitCode> {
    let tools = Tools::default();
    match command {
        MediaCommand::Probe { file, json } => {
            let p = probe(&tools, &file).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                let secs = p.duration_ms.unwrap_or(0) as f64 / 1000.0;
                println!(
                    "container: {}  duration: {secs:.1} s",
                    p.container.as_deref().unwrap_or("?")
                );
                if let Some(v) = &p.video {
                    println!(
                        "video 0:{}  {} {}x{} {:.3} fps",
                        v.stream_index,
                        v.codec.as_deref().unwrap_or("?"),
                        v.width.unwrap_or(0),
                        v.height.unwrap_or(0),
                        v.fps.unwrap_or(0.0)
                    );
                }
                for (kind, tracks) in [("audio", &p.audio), ("subtitle", &p.subtitles)] {
                    for t in tracks {
                        let flags = [(t.is_default, "default"), (t.is_forced, "forced")]
                            .iter()
                            .filter(|f| f.0)
                            .map(|f| f.1)
                            .collect::<Vec<_>>()
                            .join(",");
                        println!(
                            "{kind:<8} {}  {} {} {} {flags}",
                            t.specifier(),
                            t.language.as_deref().unwrap_or("und"),
                            t.codec.as_deref().unwrap_or("?"),
                            t.title.as_deref().unwrap_or("")
                        );
                    }
                }
            }
        }
        MediaCommand::Screenshots { file, out, count } => {
            std::fs::create_dir_all(&out)?;
            let shots = screenshots(
                &tools,
                &file,
                &out,
                &ScreenshotOptions {
                    count: count as usize,
                    ..Default::default()
                },
            )
            .await?;
            for s in shots {
                println!(
                    "{:>8.1} s  {}",
                    s.position_ms as f64 / 1000.0,
                    s.path.display()
                );
            }
        }
        MediaCommand::Sample {
            file,
            out,
            start,
            duration,
        } => {
            let options = SampleOptions {
                start: Duration::from_secs(start),
                length: Duration::from_secs(duration),
                ..Default::default()
            };
            let plan = sample(&tools, &file, &out, &options).await?;
            println!(
                "{}: {:.1} s from {:.1} s",
                out.display(),
                plan.length_ms as f64 / 1000.0,
                plan.start_ms as f64 / 1000.0
            );
        }
        MediaCommand::Archive {
            inputs,
            out,
            volume_size,
        } => {
            let volume_size = volume_size.map(|s| parse_size(&s)).transpose()?;
            let archive = create_store_archive(
                &tools,
                &inputs,
                &out,
                &ArchiveOptions {
                    volume_size,
                    ..Default::default()
                },
            )
            .await?;
            for v in &archive.volumes {
                println!("{}", v.display());
            }
            println!(
                "{} volume(s), {} bytes",
                archive.volumes.len(),
                archive.total_bytes
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
