//! Triple hashing against known vectors and coreutils.

mod common;

use std::io::Read;
use std::process::Command;

use streamvault_media::hashing::{hash_file, hash_file_blocking, hash_file_with, Extra};
use streamvault_media::{copy_hashing_blocking, BackgroundHasher, HashingReader, TripleHasher};
use streamvault_store::blocklist::HashKind;
use tokio::io::AsyncReadExt;

#[test]
fn known_vectors() {
    let d = TripleHasher::new().finish();
    assert_eq!(
        d.sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        d.sha1.as_deref(),
        Some("da39a3ee5e6b4b0d3255bfef95601890afd80709")
    );
    assert_eq!(d.md5.as_deref(), Some("d41d8cd98f00b204e9800998ecf8427e"));
    let mut h = TripleHasher::new();
    h.update(b"ab");
    h.update(b"c");
    let d = h.finish();
    assert_eq!(
        d.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        d.sha1.as_deref(),
        Some("a9993e364706816aba3e25717850c26c9cd0d89d")
    );
    assert_eq!(d.md5.as_deref(), Some("900150983cd24fb0d6963f7d28e17f72"));
    assert_eq!(d.bytes, 3);
    for (kind, value) in d.entries() {
        assert_eq!(kind.normalize(value).as_deref(), Ok(value), "{kind}");
    }
    assert_eq!(d.entries()[0].0, HashKind::Sha256);
    assert_eq!(
        Extra::for_kinds(&[HashKind::Pdq, HashKind::Md5]),
        Extra {
            sha1: false,
            md5: true
        }
    );
}

#[test]
fn large_updates_hash_like_small_ones() {
    let data = common::noise(3 * streamvault_media::hashing::PARALLEL_MIN + 5, 4);
    let mut whole = TripleHasher::new();
    whole.update(&data);
    let mut pieces = TripleHasher::new();
    for chunk in data.chunks(1000) {
        pieces.update(chunk);
    }
    assert_eq!(whole.finish(), pieces.finish());
}

fn coreutils(tool: &str, file: &std::path::Path) -> String {
    let out = Command::new(tool).arg(file).output().expect("runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("digest")
        .to_owned()
}

#[tokio::test]
async fn readers_pass_bytes_through_and_match_coreutils() {
    if !common::require_all(&["sha256sum", "sha1sum", "md5sum"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("data.bin");
    let data = common::noise(5 * 1024 * 1024 + 12_345, 9);
    std::fs::write(&file, &data).expect("write");

    // Sync: the consumer (here read_to_end) sees exactly the file's bytes.
    let mut reader = HashingReader::new(std::fs::File::open(&file).expect("open"));
    let mut seen = Vec::new();
    reader.read_to_end(&mut seen).expect("read");
    let (sync, _) = reader.finish();
    assert!(seen == data);

    // Async, with small odd reads as an upload body might do.
    let mut reader = HashingReader::new(tokio::fs::File::open(&file).await.expect("open"));
    let mut seen = Vec::new();
    let mut buf = vec![0u8; 7_777];
    loop {
        let n = reader.read(&mut buf).await.expect("read");
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
    assert_eq!(reader.bytes_read(), data.len() as u64);
    let (asynchronous, _) = reader.finish();
    assert!(seen == data);

    assert_eq!(sync, asynchronous);
    assert_eq!(sync, hash_file(&file).await.expect("hash_file"));
    assert_eq!(sync, hash_file_blocking(&file).expect("hash_file_blocking"));
    assert_eq!(sync.sha256, coreutils("sha256sum", &file));
    assert_eq!(sync.sha1, Some(coreutils("sha1sum", &file)));
    assert_eq!(sync.md5, Some(coreutils("md5sum", &file)));
    // Only what is asked: SHA-256 alone, or with SHA-1 (hashed on the second thread).
    for extra in [
        Extra::NONE,
        Extra {
            sha1: true,
            md5: false,
        },
        Extra {
            sha1: false,
            md5: true,
        },
    ] {
        let some = hash_file_with(&file, extra).await.expect("hash");
        assert_eq!(some.sha256, sync.sha256);
        assert_eq!(some.sha1, sync.sha1.clone().filter(|_| extra.sha1));
        assert_eq!(some.md5, sync.md5.clone().filter(|_| extra.md5));
        assert_eq!(
            some.entries().len(),
            1 + usize::from(extra.sha1) + usize::from(extra.md5)
        );
    }
    assert_eq!(sync.bytes, data.len() as u64);
}

#[tokio::test]
async fn background_hasher_and_hashing_copy_match_one_pass() {
    let data = common::noise(3 * 1024 * 1024 + 777, 11);
    let mut one_pass = TripleHasher::new();
    one_pass.update(&data);
    let expected = one_pass.finish();

    // Network-sized chunks, then large ones, then small again: order and bytes kept.
    let hasher = BackgroundHasher::<Vec<u8>>::start();
    let (head, rest) = data.split_at(100_000);
    let (middle, tail) = rest.split_at(2 * 1024 * 1024);
    for chunk in head.chunks(16_384) {
        hasher.push(chunk.to_vec()).await.expect("push");
    }
    for chunk in middle.chunks(512 * 1024) {
        hasher.push(chunk.to_vec()).await.expect("push");
    }
    for chunk in tail.chunks(9_999) {
        hasher.push(chunk.to_vec()).await.expect("push");
    }
    assert_eq!(hasher.finish().await.expect("digests"), expected);

    let mut copied = Vec::new();
    let digests = copy_hashing_blocking(&mut data.as_slice(), &mut copied).expect("copy");
    assert!(copied == data);
    assert_eq!(digests, expected);
}
