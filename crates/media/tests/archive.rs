//! 7z store archives, checked with 7zz itself.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use streamvault_media::archive::volume_path;
use streamvault_media::{create_store_archive, ArchiveError, ArchiveOptions, Tools};

fn sevenzip(args: &[&str], cwd: &Path) -> String {
    let out = Command::new("7zz")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("7zz runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "7zz {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// `(path, method)` of every non-empty file entry in `7zz l -slt` output.
fn stored_files(listing: &str) -> Vec<(String, String)> {
    let entries = listing
        .split_once("----------\n")
        .map(|(_, e)| e)
        .unwrap_or("");
    entries
        .split("\n\n")
        .filter_map(|entry| {
            let field = |name: &str| {
                entry
                    .lines()
                    .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
            };
            let size: u64 = field("Size = ")?.parse().ok()?;
            (size > 0).then(|| {
                (
                    field("Path = ").unwrap_or_default(),
                    field("Method = ").unwrap_or_default(),
                )
            })
        })
        .collect()
}

/// A season-pack-like tree under `root`: two episodes and a subtitle folder.
fn season(root: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(root.join("Show S01/Subs")).expect("dirs");
    std::fs::write(root.join("Show S01/E01.mkv"), common::noise(3 << 20, 1)).expect("write");
    std::fs::write(root.join("Show S01/E02 [x].mkv"), common::noise(2 << 20, 2)).expect("write");
    std::fs::write(
        root.join("Show S01/Subs/E01.eng.srt"),
        b"1\n00:00:01,000 --> 00:00:02,000\nhi\n",
    )
    .expect("write");
    vec![root.join("Show S01")]
}

#[tokio::test]
async fn store_archive_single_file_uses_copy_method() {
    if !common::require("7zz") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    let inputs = season(root);
    let out = root.join("pack.7z");
    let archive =
        create_store_archive(&Tools::default(), &inputs, &out, &ArchiveOptions::default())
            .await
            .expect("archive");
    assert_eq!(archive.volumes, std::slice::from_ref(&out));
    assert_eq!(
        archive.total_bytes,
        std::fs::metadata(&out).expect("meta").len()
    );
    assert!(archive.total_bytes > 5 << 20, "stored, not compressed");
    sevenzip(&["t", "pack.7z"], root);
    let listing = sevenzip(&["l", "-slt", "pack.7z"], root);
    let files = stored_files(&listing);
    assert_eq!(files.len(), 3, "{listing}");
    assert!(files.iter().all(|(_, m)| m == "Copy"), "{files:?}");
    // An absolute input is stored under its own name, not its full path.
    assert!(listing.contains("Path = Show S01/E02 [x].mkv"), "{listing}");
}

#[tokio::test]
async fn volumes_stay_below_the_limit_and_extract_intact() {
    if !common::require("7zz") {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    let inputs = season(root);
    let out = root.join("pack.7z");
    let limit = 1 << 20;
    let opts = ArchiveOptions {
        volume_size: Some(limit),
        ..ArchiveOptions::default()
    };
    let archive = create_store_archive(&Tools::default(), &inputs, &out, &opts)
        .await
        .expect("archive");
    assert!(archive.volumes.len() >= 5, "{:?}", archive.volumes);
    for (i, v) in archive.volumes.iter().enumerate() {
        assert_eq!(*v, volume_path(&out, i + 1));
        assert!(std::fs::metadata(v).expect("volume").len() <= limit);
    }
    sevenzip(&["t", "pack.7z.001"], root);
    let listing = sevenzip(&["l", "-slt", "pack.7z.001"], root);
    let files = stored_files(&listing);
    assert_eq!(files.len(), 3, "{listing}");
    assert!(files.iter().all(|(_, m)| m == "Copy"), "{files:?}");
    assert!(
        listing.contains("Path = Show S01/Subs/E01.eng.srt"),
        "{listing}"
    );
    sevenzip(&["x", "-oout", "pack.7z.001"], root);
    let original = std::fs::read(root.join("Show S01/E01.mkv")).expect("read");
    let extracted = std::fs::read(root.join("out/Show S01/E01.mkv")).expect("read");
    assert!(original == extracted, "extracted bytes differ");
    assert!(!out.exists(), "no unsplit archive");
}

#[tokio::test]
async fn refuses_bad_requests_before_running() {
    let dir = tempfile::tempdir().expect("tmp");
    let tools = Tools::default();
    let input = dir.path().join("a.bin");
    std::fs::write(&input, b"abc").expect("write");
    let out = dir.path().join("x.7z");
    let opts = ArchiveOptions::default();
    let err = |r: Result<_, ArchiveError>| r.expect_err("must fail");
    assert!(matches!(
        err(create_store_archive(&tools, &[], &out, &opts).await),
        ArchiveError::NoInputs
    ));
    let missing = vec![dir.path().join("nope")];
    assert!(matches!(
        err(create_store_archive(&tools, &missing, &out, &opts).await),
        ArchiveError::InputMissing(_)
    ));
    let zip = dir.path().join("x.zip");
    assert!(matches!(
        err(create_store_archive(&tools, std::slice::from_ref(&input), &zip, &opts).await),
        ArchiveError::BadName(_)
    ));
    let tiny = ArchiveOptions {
        volume_size: Some(1000),
        ..ArchiveOptions::default()
    };
    assert!(matches!(
        err(create_store_archive(&tools, std::slice::from_ref(&input), &out, &tiny).await),
        ArchiveError::VolumeTooSmall(1000)
    ));
    std::fs::write(&out, b"old").expect("write");
    assert!(matches!(
        err(create_store_archive(&tools, &[input], &out, &opts).await),
        ArchiveError::OutputExists(_)
    ));
}
