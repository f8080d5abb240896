//! 7z store archive: ours (7zz driven by the library, with volumes) vs plain `7zz a -mx0`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use streamvault_media::{create_store_archive, ArchiveOptions, Tools};

use crate::util::{median, secs, sync, verdict, warm};
use crate::Args;

/// Internal sub-command: `bench archive-once VOLUME_SIZE OUT INPUT...`.
pub const ONCE: &str = "archive-once";
const TIME: &str = "/usr/bin/time";

pub async fn run(args: &Args, dir: &Path, data: &Path) -> Vec<String> {
    println!(
        "\narchive: {} bytes of incompressible data, volumes of {} bytes",
        args.size, args.volume_size
    );
    warm(data);
    let exe = std::env::current_exe().expect("exe");
    let ours_out = dir.join("ours.7z");
    let ref_out = dir.join("ref.7z");
    let measure_memory = Path::new(TIME).is_file();
    let (mut ours, mut reference) = (Vec::new(), Vec::new());
    let (mut ours_rss, mut ref_rss) = (0u64, 0u64);
    // Round 0 warms caches and the disk's writeback and is not counted.
    for round in 0..=args.runs {
        clean(dir);
        sync();
        let mut c = timed(measure_memory, &exe.to_string_lossy());
        c.arg(ONCE)
            .arg(args.volume_size.to_string())
            .arg(&ours_out)
            .arg(data);
        let (t, rss) = run_timed(c);
        if round > 0 {
            ours.push(t);
        }
        ours_rss = ours_rss.max(rss);
        clean(dir);
        sync();
        let mut c = timed(measure_memory, "7zz");
        c.args(["a", "-mx0", "-bd", "-y"]).arg(&ref_out).arg(data);
        let (t, rss) = run_timed(c);
        if round > 0 {
            reference.push(t);
        }
        ref_rss = ref_rss.max(rss);
    }
    clean(dir);
    let (ours, reference) = (median(ours), median(reference));
    let mbps = |d: Duration| args.size as f64 / d.as_secs_f64() / 1e6;
    println!(
        "  7zz a -mx0 (reference): {} ({:.0} MB/s), peak RSS {} KiB",
        secs(reference),
        mbps(reference),
        ref_rss
    );
    println!("  ours (store, volumes):  {} ({:.0} MB/s), peak RSS {} KiB (largest process: bench or 7zz)", secs(ours), mbps(ours), ours_rss);
    let ratio = reference.as_secs_f64() / ours.as_secs_f64();
    let mut v = vec![verdict(
        "archive: throughput ours / 7zz -mx0",
        ratio,
        ">= 0.8",
        ratio >= 0.8,
    )];
    if measure_memory {
        let mib = ours_rss as f64 / 1024.0;
        v.push(format!(
            "archive: peak memory {mib:.1} MiB (target < 64 MiB) {}",
            if mib < 64.0 { "MET" } else { "MISSED" }
        ));
    } else {
        v.push(format!(
            "archive: peak memory NOT MEASURED ({TIME} missing: apt-get install time)"
        ));
    }
    v
}

fn clean(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("ours.7z") || name.starts_with("ref.7z") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn timed(measure_memory: bool, program: &str) -> Command {
    if measure_memory {
        let mut c = Command::new(TIME);
        c.args(["-v", program]);
        c
    } else {
        Command::new(program)
    }
}

/// Wall time and, under `time -v`, the maximum resident set size in KiB.
fn run_timed(mut c: Command) -> (Duration, u64) {
    let t = Instant::now();
    let out = c.output().expect("spawn");
    let elapsed = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{c:?} failed: {stderr}");
    let rss = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (elapsed, rss)
}

/// The internal sub-command: archive once, then print this process's own peak RSS.
pub async fn once(argv: &[String]) {
    let volume_size: u64 = argv
        .first()
        .and_then(|v| v.parse().ok())
        .expect("volume size");
    let out = PathBuf::from(argv.get(1).expect("out"));
    let inputs: Vec<PathBuf> = argv[2..].iter().map(PathBuf::from).collect();
    let opts = ArchiveOptions {
        volume_size: Some(volume_size),
        timeout: None,
    };
    let archive = create_store_archive(&Tools::default(), &inputs, &out, &opts)
        .await
        .expect("archive");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    eprintln!("bench process {hwm}; {} volumes", archive.volumes.len());
}
