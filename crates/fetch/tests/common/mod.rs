//! Shared helpers of the fetch integration tests.
#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};

use streamvault_fetch::{GuardPolicy, GuardedClient, HttpOptions, UrlGuard};

/// Whether `program` is on `PATH`. Missing under `CI=true` is a failure, never a skip.
pub fn tool(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{program} is not installed (required under CI=true)");
        }
        eprintln!("SKIPPED: {program} is not installed");
    }
    found
}

/// A guarded client that allows loopback.
pub fn loopback_client() -> GuardedClient {
    GuardedClient::new(
        UrlGuard::new(GuardPolicy::with_loopback()),
        HttpOptions::default(),
    )
    .expect("client")
}

/// Runs a program to completion (test setup only), panicking on failure.
pub fn run(program: &str, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .expect("spawn");
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Generates a short HLS stream (video + audio, 2 s segments) in `dir/hls/`.
pub fn make_hls(dir: &Path, seconds: u32) -> PathBuf {
    let hls = dir.join("hls");
    std::fs::create_dir_all(&hls).expect("mkdir");
    let t = seconds.to_string();
    let seg = hls.join("seg%03d.ts");
    let index = hls.join("index.m3u8");
    run(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=44100",
            "-t",
            &t,
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "25",
            "-c:a",
            "aac",
            "-f",
            "hls",
            "-hls_time",
            "2",
            "-hls_list_size",
            "0",
            "-hls_segment_filename",
            seg.to_str().expect("utf8"),
            index.to_str().expect("utf8"),
        ],
    );
    index
}

/// The duration ffprobe reports for `file`, in seconds.
pub fn duration(file: &Path) -> f64 {
    let out = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(file)
        .output()
        .expect("ffprobe");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("duration")
}
