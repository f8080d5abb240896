//! Output file names: only the last path component of whatever a server, a program or a
//! user suggested, made safe by [`streamvault_core::rename::safe_file_name`].

use streamvault_core::rename::{safe_file_name, safe_file_name_with_extension};

/// A safe file name from an untrusted suggestion: the last `/`- or `\`-separated
/// component, with control characters, `..` and reserved names handled by
/// `safe_file_name` (never empty, never a path).
pub fn safe_output_name(raw: &str) -> String {
    let last = raw
        .rsplit(['/', '\\'])
        .find(|c| !c.trim().is_empty())
        .unwrap_or("");
    safe_file_name(last)
}

/// Like [`safe_output_name`] but with the extension forced to `ext` (e.g. `mkv` for a
/// remuxed stream): the suggestion's own extension is dropped.
pub fn safe_output_name_with_extension(raw: &str, ext: &str) -> String {
    let last = safe_output_name(raw);
    let stem = match last.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => &last,
    };
    safe_file_name_with_extension(stem, Some(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_suggestions() {
        assert_eq!(safe_output_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_output_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(safe_output_name(".."), "unnamed");
        assert_eq!(safe_output_name("dir/"), "dir");
        assert_eq!(safe_output_name("a\nb\u{7}.mkv"), "a b.mkv");
        assert_eq!(safe_output_name(""), "unnamed");
        assert_eq!(
            safe_output_name_with_extension("x/playlist.m3u8", "mkv"),
            "playlist.mkv"
        );
        assert_eq!(safe_output_name_with_extension("..", "mkv"), "unnamed.mkv");
        for raw in ["/abs/x.mkv", "a/../../b", "\u{0}", "C:\\x\\y.mp4"] {
            let n = safe_output_name(raw);
            assert!(
                !n.contains('/') && !n.contains('\\') && n != ".." && !n.is_empty(),
                "{n}"
            );
        }
    }
}
