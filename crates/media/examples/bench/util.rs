//! Bench helpers: work directory, generated data, timing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The work directory, and a guard that removes it when it was created here.
pub fn work_dir(dir: Option<PathBuf>, keep: bool) -> (PathBuf, Option<tempfile::TempDir>) {
    match dir {
        Some(d) => {
            std::fs::create_dir_all(&d).expect("create --dir");
            (d, None)
        }
        None => {
            let t = tempfile::Builder::new()
                .prefix("streamvault-bench-")
                .tempdir()
                .expect("tmp");
            if keep {
                (t.keep(), None)
            } else {
                (t.path().to_owned(), Some(t))
            }
        }
    }
}

/// `dir/data-SIZE.bin` of pseudo-random (incompressible) bytes, made if missing.
pub fn data_file(dir: &Path, size: u64) -> PathBuf {
    let path = dir.join(format!("data-{size}.bin"));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == size) {
        return path;
    }
    let started = Instant::now();
    let mut out = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&path).expect("create data"),
    );
    let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut block = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        for chunk in block.chunks_exact_mut(8) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            chunk.copy_from_slice(&s.to_le_bytes());
        }
        let n = left.min(block.len() as u64) as usize;
        out.write_all(&block[..n]).expect("write data");
        left -= n as u64;
    }
    out.flush().expect("flush");
    println!(
        "generated {} in {}",
        path.display(),
        secs(started.elapsed())
    );
    path
}

/// Reads a file once so later runs all start with it in the page cache.
pub fn warm(path: &Path) {
    let mut f = std::fs::File::open(path).expect("open");
    std::io::copy(&mut f, &mut std::io::sink()).expect("read");
}

/// Flushes dirty pages so one run's writeback does not slow the next.
pub fn sync() {
    let _ = std::process::Command::new("sync").status();
}

/// Median of durations.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// `1.234 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// A ratio line with its target.
pub fn verdict(name: &str, ratio: f64, target: &str, ok: bool) -> String {
    format!(
        "{name}: {ratio:.2}x (target {target}) {}",
        if ok { "MET" } else { "MISSED" }
    )
}

/// Runs a command to completion, panicking on failure.
pub fn run(program: &str, args: &[&std::ffi::OsStr]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .expect("spawn");
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
