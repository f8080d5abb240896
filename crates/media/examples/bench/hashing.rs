//! Triple hashing vs `sha256sum` alone on the same file.

use std::path::Path;
use std::time::Instant;

use streamvault_media::hashing::hash_file_blocking;
use streamvault_media::HashingReader;

use crate::util::{median, secs, verdict, warm};
use crate::Args;

pub async fn run(args: &Args, data: &Path) -> Vec<String> {
    println!("\nhashing: {} bytes, page cache warm", args.size);
    warm(data);
    let (mut sha, mut ours, mut upload) = (Vec::new(), Vec::new(), Vec::new());
    let mut digests = None;
    for _ in 0..args.runs {
        let t = Instant::now();
        let out = std::process::Command::new("sha256sum")
            .arg(data)
            .output()
            .expect("sha256sum");
        sha.push(t.elapsed());
        let reference = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_owned();

        let t = Instant::now();
        let d = hash_file_blocking(data).expect("hash");
        ours.push(t.elapsed());
        assert_eq!(d.sha256, reference, "digest differs from sha256sum");

        // The upload path: an async consumer reading through the adapter.
        let t = Instant::now();
        let file = tokio::fs::File::open(data).await.expect("open");
        // The consumer reads 1 MiB at a time (an MTProto upload reads 512 KiB parts).
        let mut reader = tokio::io::BufReader::with_capacity(1 << 20, HashingReader::new(file));
        tokio::io::copy_buf(&mut reader, &mut tokio::io::sink())
            .await
            .expect("copy");
        upload.push(t.elapsed());
        let (d2, _) = reader.into_inner().finish();
        assert_eq!(d2, d);
        digests = Some(d);
    }
    let (sha, ours, upload) = (median(sha), median(ours), median(upload));
    if let Some(d) = digests {
        println!("  sha256 {} sha1 {:?} md5 {:?}", d.sha256, d.sha1, d.md5);
    }
    let mbps = |d: std::time::Duration| args.size as f64 / d.as_secs_f64() / 1e6;
    println!(
        "  sha256sum alone:                      {} ({:.0} MB/s)",
        secs(sha),
        mbps(sha)
    );
    println!(
        "  ours, SHA-256+SHA-1+MD5 (sync read):  {} ({:.0} MB/s)",
        secs(ours),
        mbps(ours)
    );
    println!(
        "  ours, same via async reader + copy:   {} ({:.0} MB/s)",
        secs(upload),
        mbps(upload)
    );
    let r = ours.as_secs_f64() / sha.as_secs_f64();
    let r2 = upload.as_secs_f64() / sha.as_secs_f64();
    vec![
        verdict("hashing: triple (sync) / sha256sum", r, "<= 1.5", r <= 1.5),
        verdict(
            "hashing: triple (async reader) / sha256sum",
            r2,
            "<= 1.5",
            r2 <= 1.5,
        ),
    ]
}
