//! Benchmarks for the media toolkit, reported as ratios against reference programs
//! measured in the same run (not timed tests).
//!
//! ```text
//! cargo run --release -p streamvault-media --example bench -- [--size 2GiB] [--minutes 20]
//!     [--video 1280x720] [--runs 3] [--only screenshots|archive|hashing] [--dir DIR] [--keep]
//! ```
//!
//! Inputs are generated (lavfi video, pseudo-random data) in DIR (default: a new temporary
//! directory, removed at the end unless `--keep`; an existing DIR's inputs are reused).

mod archive;
mod hashing;
mod screens;
mod util;

use std::path::PathBuf;

use streamvault_media::parse_size;

/// Parsed command line.
pub struct Args {
    /// Size of the archive/hashing input.
    pub size: u64,
    /// Length of the screenshot video, minutes.
    pub minutes: u32,
    /// Frame size of the screenshot video.
    pub video: (u32, u32),
    /// Repetitions of the fast measurements (median reported).
    pub runs: usize,
    /// Volume size for our archive.
    pub volume_size: u64,
    /// Only this benchmark.
    pub only: Option<String>,
    /// Work directory.
    pub dir: Option<PathBuf>,
    /// Keep generated files.
    pub keep: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        size: 2 << 30,
        minutes: 20,
        video: (1280, 720),
        runs: 3,
        volume_size: 1990 << 20,
        only: None,
        dir: None,
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--size" => args.size = parse_size(&value()?).map_err(|e| e.to_string())?,
            "--volume-size" => {
                args.volume_size = parse_size(&value()?).map_err(|e| e.to_string())?
            }
            "--minutes" => args.minutes = value()?.parse().map_err(|_| "bad --minutes")?,
            "--runs" => args.runs = value()?.parse().map_err(|_| "bad --runs")?,
            "--video" => {
                let v = value()?;
                let (w, h) = v.split_once('x').ok_or("--video WxH")?;
                args.video = (
                    w.parse().map_err(|_| "bad width")?,
                    h.parse().map_err(|_| "bad height")?,
                );
            }
            "--only" => args.only = Some(value()?),
            "--dir" => args.dir = Some(PathBuf::from(value()?)),
            "--keep" => args.keep = true,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    args.runs = args.runs.max(1);
    Ok(args)
}

#[tokio::main]
async fn main() {
    // Internal mode: one archive run, under /usr/bin/time for peak memory.
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some(archive::ONCE) {
        archive::once(&argv[2..]).await;
        return;
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    };
    let (dir, _guard) = util::work_dir(args.dir.clone(), args.keep);
    println!("work dir: {}", dir.display());
    let wants = |name: &str| args.only.as_deref().is_none_or(|o| o == name);
    let mut verdicts = Vec::new();
    if wants("screenshots") {
        verdicts.extend(screens::run(&args, &dir).await);
    }
    if wants("archive") || wants("hashing") {
        let data = util::data_file(&dir, args.size);
        if wants("archive") {
            verdicts.extend(archive::run(&args, &dir, &data).await);
        }
        if wants("hashing") {
            verdicts.extend(hashing::run(&args, &data).await);
        }
    }
    println!("\nsummary");
    for v in &verdicts {
        println!("  {v}");
    }
}
