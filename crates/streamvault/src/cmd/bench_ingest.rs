//! `streamvault bench ingest`: ingestion of generated videos of several sizes into a
//! sandbox, against a reference measured in the same run — a plain copy of the file plus
//! the ffmpeg work (probe, screenshots, sample) done alone — and the ingesting process's
//! peak memory at each size. Each size is measured `--runs` times (reference and
//! ingestion alternating, writeback settled before each); medians are reported.

use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use streamvault_media::synth::{self, SynthSpec};
use streamvault_media::{
    parse_size, probe, sample, screenshots, SampleOptions, ScreenshotOptions, Tools,
};

/// Video bit rate of the generated inputs (constant, with filler, so sizes are predictable).
const BITRATE: u64 = 40_000_000;

/// Generates a constant-bit-rate 720p video of about `bytes`.
async fn generate(file: &Path, bytes: u64) -> anyhow::Result<()> {
    let spec = SynthSpec {
        seconds: (bytes * 8 / BITRATE).max(10) as f64,
        video_size: Some((1280, 720)),
        video_bitrate: Some(BITRATE),
        ..SynthSpec::default()
    };
    synth::generate(&Tools::default(), file, &spec)
        .await
        .context("generating the input video")?;
    Ok(())
}

/// Writes dirty pages back, so each measured run starts with the same page-cache state
/// (otherwise one run's gigabyte of writeback throttles the next run's writes).
fn settle() {
    let _ = std::process::Command::new("sync").status();
}

/// The reference: copying the file, then the ffmpeg work of a pipeline done alone.
async fn reference(file: &Path, scratch: &Path) -> anyhow::Result<Duration> {
    let tools = Tools::default();
    settle();
    let start = Instant::now();
    tokio::fs::copy(file, scratch.join("copy.mkv")).await?;
    probe(&tools, file).await?;
    let shots = scratch.join("shots");
    tokio::fs::create_dir_all(&shots).await?;
    screenshots(&tools, file, &shots, &ScreenshotOptions::default()).await?;
    sample(
        &tools,
        file,
        &scratch.join("sample.mp4"),
        &SampleOptions::default(),
    )
    .await?;
    let took = start.elapsed();
    tokio::fs::remove_file(scratch.join("copy.mkv")).await?;
    Ok(took)
}

/// Runs `streamvault ingest` on `file` in a child process; returns its time and summary.
fn ingest(file: &Path, dir: &Path) -> anyhow::Result<(Duration, Value)> {
    settle();
    let start = Instant::now();
    let out = std::process::Command::new(std::env::current_exe()?)
        .current_dir(dir)
        .args([
            "ingest",
            &file.display().to_string(),
            "--sandbox",
            "sbx",
            "--json",
        ])
        .env("GENERATE_SAMPLES", "true")
        .env("DATABASE_URL", "sqlite://./bench.db?mode=rwc")
        .env("WORK_DIR", dir.join("work"))
        .env_remove("REDIS_URL")
        .output()?;
    let took = start.elapsed();
    if !out.status.success() {
        bail!("ingest failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok((took, serde_json::from_slice(&out.stdout)?))
}

/// The median of `values` (not empty).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs the benchmark: `runs` alternating measurements of the reference and of an
/// ingestion per size; reports the medians and the largest peak RSS.
pub async fn run(sizes: &str, runs: u32, json_out: bool) -> anyhow::Result<ExitCode> {
    let sizes: Vec<u64> = sizes
        .split(',')
        .map(|s| parse_size(s.trim()))
        .collect::<Result<_, _>>()?;
    let root = tempfile::tempdir()?;
    let mut rows = Vec::new();
    for size in sizes {
        let dir = root.path().join(format!("run-{size}"));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("Bench.Movie.2024.720p.WEB-DL.x264-SV.mkv");
        eprintln!("generating a {size}-byte input…");
        generate(&file, size).await?;
        let bytes = std::fs::metadata(&file)?.len();
        let (mut refs, mut ingests, mut ratios, mut rss) = (vec![], vec![], vec![], 0);
        let mut last = Value::Null;
        for i in 0..runs {
            eprintln!("run {}/{runs}: reference (copy + ffmpeg alone)…", i + 1);
            let reference = reference(&file, &dir).await?.as_secs_f64();
            eprintln!("run {}/{runs}: ingesting…", i + 1);
            let work = dir.join(format!("ingest-{i}"));
            std::fs::create_dir_all(&work)?;
            let (took, summary) = tokio::task::spawn_blocking({
                let (file, work) = (file.clone(), work.clone());
                move || ingest(&file, &work)
            })
            .await??;
            std::fs::remove_dir_all(&work).ok();
            let took = took.as_secs_f64();
            refs.push(reference);
            ingests.push(took);
            ratios.push(took / reference);
            rss = rss.max(summary["peak_rss_bytes"].as_u64().unwrap_or(0));
            last = summary;
        }
        rows.push(json!({
            "input_bytes": bytes, "runs": runs,
            "ingest_secs": median(&mut ingests), "reference_secs": median(&mut refs),
            "time_ratio": median(&mut ratios), "time_ratios": ratios, "peak_rss_bytes": rss,
            "bytes_uploaded": last["bytes_uploaded"], "state": last["state"],
            "stage_secs": last["stage_secs"],
        }));
        std::fs::remove_dir_all(&dir).ok();
    }
    let growth = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) if rows.len() > 1 => Some(
            b["peak_rss_bytes"].as_f64().unwrap_or(0.0)
                / a["peak_rss_bytes"].as_f64().unwrap_or(1.0)
                - 1.0,
        ),
        _ => None,
    };
    if json_out {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"runs": rows, "rss_growth": growth}))?
        );
    } else {
        for r in &rows {
            println!(
                "{:>6} MiB  ingest {:>6.1} s  reference {:>6.1} s  median ratio {:.2} (target <= 1.3)  peak RSS {:.1} MiB (target <= 128)",
                r["input_bytes"].as_u64().unwrap_or(0) >> 20,
                r["ingest_secs"].as_f64().unwrap_or(0.0),
                r["reference_secs"].as_f64().unwrap_or(0.0),
                r["time_ratio"].as_f64().unwrap_or(0.0),
                r["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1048576.0
            );
        }
        if let Some(g) = growth {
            println!(
                "peak RSS growth from the smallest to the largest input: {:+.1}% (target <= 10%)",
                g * 100.0
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
