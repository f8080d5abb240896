//! Safe file names: whatever the input, the result can be used as one path component on
//! Linux, macOS and Windows.
//!
//! Rules, applied in order:
//! 1. `/`, `\`, `|` and look-alike slashes become spaces; `:` becomes `-` (or ` -` before a
//!    space, so `Mission: Impossible` → `Mission - Impossible`); `"` becomes `'`;
//!    `<`, `>`, `*`, `?` are dropped; control characters become spaces; invisible format
//!    characters (zero-width, bidirectional overrides, BOM, soft hyphen) are dropped.
//! 2. Runs of white space collapse to one space, runs of dots to one dot (so no `..`).
//! 3. The extension is the text after the last dot when it is 1–10 ASCII letters/digits.
//! 4. The stem loses leading spaces, dots and dashes (no hidden files, nothing that reads
//!    as a command-line option) and trailing spaces and dots. An empty stem becomes
//!    `unnamed`.
//! 5. A stem whose part before the first dot is a Windows device name (`CON`, `PRN`, `AUX`,
//!    `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, `CONIN$`, `CONOUT$`, any case) gets a `_` prefix.
//! 6. The stem is cut to fit [`MAX_FILE_NAME_BYTES`] including `.ext`, on a character
//!    boundary, and trailing spaces/dots are trimmed again.
//!
//! The function is idempotent: `safe_file_name(safe_file_name(x)) == safe_file_name(x)`.

/// Longest file name produced, in UTF-8 bytes.
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// Longest extension (in ASCII characters) that is kept apart from the stem.
pub const MAX_EXTENSION_CHARS: usize = 10;

/// Stem used when nothing usable is left.
pub const EMPTY_STEM: &str = "unnamed";

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

fn is_slash(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '|'
            | '\u{2215}'
            | '\u{2044}'
            | '\u{FF0F}'
            | '\u{FF3C}'
            | '\u{29F8}'
            | '\u{29F9}'
    )
}

/// Character-level clean-up (rules 1 and 2).
fn clean_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mapped: &str = if is_slash(c) || c.is_control() || c.is_whitespace() {
            " "
        } else if c == ':' || c == '：' {
            if chars.peek().is_some_and(|n| n.is_whitespace()) {
                " -"
            } else {
                "-"
            }
        } else if c == '"' {
            "'"
        } else if matches!(c, '<' | '>' | '*' | '?') || is_invisible(c) {
            ""
        } else {
            let mut buf = [0u8; 4];
            push_collapsed(&mut out, c.encode_utf8(&mut buf));
            continue;
        };
        push_collapsed(&mut out, mapped);
    }
    out
}

/// Appends `piece`, never creating two spaces or two dots in a row.
fn push_collapsed(out: &mut String, piece: &str) {
    for c in piece.chars() {
        if (c == ' ' || c == '.') && out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
}

fn valid_extension(ext: &str) -> bool {
    !ext.is_empty()
        && ext.len() <= MAX_EXTENSION_CHARS
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Splits `name` into stem and extension (rule 3).
fn split_extension(name: &str) -> (&str, Option<&str>) {
    match name.rfind('.') {
        Some(pos) if valid_extension(&name[pos + 1..]) => (&name[..pos], Some(&name[pos + 1..])),
        _ => (name, None),
    }
}

fn trim_stem(s: &str) -> &str {
    s.trim_start_matches([' ', '.', '-'])
        .trim_end_matches([' ', '.'])
}

fn is_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end();
    RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(base) || r.to_uppercase() == base.to_uppercase())
}

/// Largest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Builds a safe name from an already character-cleaned stem and an optional extension.
fn assemble(stem: &str, ext: Option<&str>) -> String {
    let mut stem = trim_stem(stem).to_owned();
    if stem.is_empty() {
        stem = EMPTY_STEM.to_owned();
    }
    if is_reserved(&stem) {
        stem.insert(0, '_');
    }
    let ext_len = ext.map_or(0, |e| e.len() + 1);
    let budget = MAX_FILE_NAME_BYTES - ext_len;
    let mut stem = trim_stem(truncate_bytes(&stem, budget)).to_owned();
    if stem.is_empty() {
        stem = EMPTY_STEM.to_owned();
    }
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// Turns any string into a safe file name (see the module docs for the exact rules):
/// no path separators, no `..`, no control or invisible characters, no Windows device
/// names, no leading or trailing dots/spaces, at most [`MAX_FILE_NAME_BYTES`] bytes,
/// and the extension (if any) kept.
///
/// ```
/// use streamvault_core::rename::safe_file_name;
/// assert_eq!(safe_file_name("../../etc/passwd"), "etc passwd");
/// assert_eq!(safe_file_name("CON.mkv"), "_CON.mkv");
/// assert_eq!(safe_file_name("Mission: Impossible.mkv"), "Mission - Impossible.mkv");
/// ```
pub fn safe_file_name(name: &str) -> String {
    settle(one_pass(name))
}

fn one_pass(name: &str) -> String {
    let cleaned = clean_chars(name);
    let (stem, ext) = split_extension(&cleaned);
    assemble(stem, ext)
}

/// Makes the result a fixed point. Cutting a long name without an extension can leave a
/// tail such as ` .nul` that a second pass reads as an extension and trims differently;
/// the second pass never truncates (the name already fits), so its result is stable.
fn settle(first: String) -> String {
    let second = one_pass(&first);
    debug_assert_eq!(one_pass(&second), second);
    second
}

/// Like [`safe_file_name`] but with the extension given separately (it is kept only
/// when it is 1–10 ASCII letters/digits), so a stem ending in `Vol.2` is never taken for
/// an extension.
///
/// An explicit extension may have up to three dot-separated parts (`en.forced.srt`),
/// each 1–10 ASCII letters/digits.
pub fn safe_file_name_with_extension(stem: &str, extension: Option<&str>) -> String {
    let ext = extension
        .map(|e| e.trim_start_matches('.'))
        .filter(|e| e.split('.').count() <= 3 && e.split('.').all(valid_extension));
    settle(assemble(&clean_chars(stem), ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "etc passwd");
        assert_eq!(safe_file_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(safe_file_name("a\0b\nc.mkv"), "a b c.mkv");
        assert_eq!(safe_file_name(".."), EMPTY_STEM);
        assert_eq!(safe_file_name(""), EMPTY_STEM);
        assert_eq!(safe_file_name("-rf .mkv"), "rf.mkv");
        assert_eq!(safe_file_name("evil\u{202E}vkm.exe"), "evilvkm.exe");
        assert_eq!(safe_file_name("a....b"), "a.b");
        assert_eq!(safe_file_name("name. . ."), "name");
    }

    #[test]
    fn reserved_names() {
        for n in [
            "CON",
            "con.mkv",
            "Nul.tar.gz",
            "COM1",
            "lpt9.txt",
            "AUX .mkv",
            "CONIN$",
        ] {
            let out = safe_file_name(n);
            assert!(out.starts_with('_'), "{n} -> {out}");
        }
        assert_eq!(safe_file_name("CONSOLE.mkv"), "CONSOLE.mkv");
        assert_eq!(safe_file_name("COM10"), "COM10");
    }

    #[test]
    fn long_names_keep_extension_and_chars() {
        let long = "é".repeat(300) + ".mkv";
        let out = safe_file_name(&long);
        assert!(out.len() <= MAX_FILE_NAME_BYTES);
        assert!(out.ends_with(".mkv"));
        assert_eq!(out.len(), 4 + 196);
        let cjk = "中".repeat(100) + ".mp4";
        let out = safe_file_name(&cjk);
        assert!(out.len() <= MAX_FILE_NAME_BYTES && out.ends_with(".mp4"));
        assert_eq!(out.len(), 195 + 4);
    }

    #[test]
    fn separate_extension() {
        assert_eq!(safe_file_name_with_extension("Vol.2", None), "Vol.2");
        assert_eq!(
            safe_file_name_with_extension("A/B", Some(".mkv")),
            "A B.mkv"
        );
        assert_eq!(safe_file_name_with_extension("A", Some("m/kv")), "A");
        assert_eq!(
            safe_file_name_with_extension("A", Some("en.forced.srt")),
            "A.en.forced.srt"
        );
        assert_eq!(safe_file_name_with_extension("A", Some("a..srt")), "A");
    }
}
