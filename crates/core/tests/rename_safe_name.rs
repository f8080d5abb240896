//! Property-style tests of the safe file-name rules over many random strings drawn from
//! a seeded RNG (deterministic), plus the full rename pipeline on hostile input.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use streamvault_core::rename::{
    clean_name, parse, rename, safe_file_name, safe_file_name_with_extension, Templates,
    EMPTY_STEM, MAX_FILE_NAME_BYTES,
};

const SEED: u64 = 0x5EED_5AFE;
const CASES: usize = 10_000;

/// Pieces random names are built from: separators, traversal, controls, reserved names,
/// invisible/bidi characters, look-alike slashes, multi-byte and combining characters.
const PIECES: &[&str] = &[
    "/",
    "\\",
    "..",
    ".",
    " ",
    "\0",
    "\n",
    "\t",
    "\r",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{2215}",
    "\u{ff0f}",
    ":",
    "*",
    "?",
    "\"",
    "<",
    ">",
    "|",
    "-",
    "_",
    "CON",
    "nul",
    "COM1",
    "LPT9",
    "aux",
    "a",
    "Z",
    "9",
    "é",
    "中",
    "🎬",
    "e\u{301}",
    "ß",
    "Ж",
    "ﷺ",
    "\u{10ffff}",
    "www.site.com - ",
    "[site.org]",
    "S01E02",
    "1080p",
    "x264-GRP",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "2019",
    "E03",
    "Season 1",
    " - 05",
    "第1集",
    "1x02",
    "Complete",
    "DD5.1",
    "v2",
    "S01-S03",
];

fn random_string(rng: &mut StdRng, max_pieces: usize) -> String {
    let n = rng.gen_range(0..=max_pieces);
    let mut s = String::new();
    for _ in 0..n {
        if rng.gen_bool(0.2) {
            // Any Unicode scalar value, including unassigned and private-use ones.
            let c = loop {
                if let Some(c) = char::from_u32(rng.gen_range(0..=0x10FFFF)) {
                    break c;
                }
            };
            s.push(c);
        } else {
            s.push_str(PIECES[rng.gen_range(0..PIECES.len())]);
        }
    }
    s
}

fn is_reserved_base(name: &str) -> bool {
    let base = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_uppercase();
    matches!(
        base.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((base.starts_with("COM") || base.starts_with("LPT"))
        && base.chars().count() == 4
        && base
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || "¹²³".contains(c)))
}

fn check_safe(out: &str, input: &str) {
    let ctx = || format!("input {input:?} -> {out:?}");
    assert!(!out.is_empty(), "empty: {}", ctx());
    assert!(
        out.len() <= MAX_FILE_NAME_BYTES,
        "too long ({}): {}",
        out.len(),
        ctx()
    );
    for bad in [
        '/', '\\', ':', '*', '?', '"', '<', '>', '|', '\u{2215}', '\u{ff0f}', '\u{202e}',
        '\u{200b}', '\u{feff}',
    ] {
        assert!(!out.contains(bad), "contains {bad:?}: {}", ctx());
    }
    assert!(
        !out.chars().any(char::is_control),
        "control char: {}",
        ctx()
    );
    assert!(!out.contains(".."), "contains '..': {}", ctx());
    assert!(!out.contains("  "), "double space: {}", ctx());
    assert!(!out.starts_with(['.', ' ', '-']), "bad start: {}", ctx());
    assert!(!out.ends_with(['.', ' ']), "bad end: {}", ctx());
    assert!(!is_reserved_base(out), "reserved: {}", ctx());
    assert_eq!(safe_file_name(out), out, "not idempotent: {}", ctx());
}

#[test]
fn random_strings_always_give_safe_names() {
    let mut rng = StdRng::seed_from_u64(SEED);
    for _ in 0..CASES {
        let input = random_string(&mut rng, 120);
        check_safe(&safe_file_name(&input), &input);
    }
}

#[test]
fn random_stems_keep_their_extension() {
    let mut rng = StdRng::seed_from_u64(SEED ^ 1);
    let exts = ["mkv", "mp4", "srt", "7z", "M2TS"];
    for _ in 0..CASES {
        let ext = exts[rng.gen_range(0..exts.len())];
        // Long stems (up to ~600 pieces) force truncation.
        let max_pieces = if rng.gen_bool(0.3) { 600 } else { 40 };
        let stem = random_string(&mut rng, max_pieces);
        let input = format!("{stem}.{ext}");
        let out = safe_file_name(&input);
        check_safe(&out, &input);
        assert!(
            out.ends_with(&format!(".{ext}")),
            "lost extension: {input:?} -> {out:?}"
        );
        assert!(
            out.len() > ext.len() + 1,
            "no stem left: {input:?} -> {out:?}"
        );

        let explicit = safe_file_name_with_extension(&stem, Some(ext));
        check_safe(&explicit, &stem);
        assert!(
            explicit.ends_with(&format!(".{ext}")),
            "lost explicit extension: {stem:?} -> {explicit:?}"
        );
    }
}

#[test]
fn truncation_never_splits_a_character() {
    // Every width of UTF-8 character around the cut point.
    for filler in ["a", "é", "中", "🎬"] {
        for extra in 0..8 {
            let input = format!("{}{}.mkv", "x".repeat(extra), filler.repeat(300));
            let out = safe_file_name(&input);
            check_safe(&out, &input);
            assert!(out.ends_with(".mkv"));
            // Filled as far as the character width allows.
            assert!(
                out.len() > MAX_FILE_NAME_BYTES - filler.len(),
                "{} bytes for {filler:?}",
                out.len()
            );
        }
    }
}

#[test]
fn random_release_names_through_the_whole_pipeline() {
    let mut rng = StdRng::seed_from_u64(SEED ^ 2);
    let templates = Templates::default();
    for _ in 0..CASES / 4 {
        let input = format!("{}.mkv", random_string(&mut rng, 60));
        let out = clean_name(&parse(&input), &templates);
        check_safe(&out, &input);
        assert!(
            out.ends_with(".mkv"),
            "lost extension: {input:?} -> {out:?}"
        );
    }
}

#[test]
fn hostile_release_names() {
    let t = Templates::default();
    let cases = [
        "../../etc/passwd",
        "..\\..\\Windows\\System32\\drivers\\etc\\hosts",
        "/",
        "..",
        "",
        "\0\0\0",
        "Movie\0Name.2010.1080p.mkv",
        "Show/Name.S01E01.mkv",
        "CON.mkv",
        "nul",
        "COM1.S01E01.mkv",
        "lpt1 (2010).mkv",
        "evil\u{202e}vkm.exe.mkv",
        "-rf --no-preserve-root.mkv",
        " . . .mkv",
    ];
    for input in cases {
        let out = rename(input, &t);
        check_safe(&out, input);
    }
    assert_eq!(rename("../../etc/passwd", &t), "Passwd [StreamVault]");
    assert_eq!(
        rename("Show/Name.S01E01.mkv", &t),
        "Name S01E01 [StreamVault].mkv"
    );
    assert_eq!(
        rename("Movie\0Name.2010.1080p.mkv", &t),
        "Movie Name (2010) 1080p [StreamVault].mkv"
    );
    assert_eq!(safe_file_name("\0\0\0"), EMPTY_STEM);

    // A parse that yields only a reserved device name is still escaped.
    let custom =
        Templates::from_lookup(|k| (k == "RENAME_TEMPLATE_MOVIE").then(|| "{title}".into()))
            .expect("valid");
    assert_eq!(rename("CON.mkv", &custom), "_CON.mkv");
    // All-lower-case titles are capitalised, then escaped.
    assert_eq!(rename("nul", &custom), "_Nul");
    assert_eq!(rename("dir\\.mkv", &t), "[StreamVault].mkv");
}

#[test]
fn long_release_name_keeps_extension() {
    let t = Templates::default();
    let input = format!(
        "{}.2010.1080p.BluRay.x264-GRP.mkv",
        "Very.Long.Title.Words".repeat(40)
    );
    let out = rename(&input, &t);
    check_safe(&out, &input);
    assert!(out.ends_with(".mkv"));
    assert!(
        out.len() <= MAX_FILE_NAME_BYTES && out.len() > MAX_FILE_NAME_BYTES - 8,
        "{}",
        out.len()
    );
    let cjk = format!("{}.2010.1080p.mkv", "中文标题".repeat(60));
    let out = rename(&cjk, &t);
    check_safe(&out, &cjk);
    assert!(out.ends_with(".mkv"));
}
