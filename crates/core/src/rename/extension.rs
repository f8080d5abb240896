//! File extensions at the end of a release name: known media/subtitle/archive types,
//! unfinished-download suffixes, and subtitle language suffixes (`.en.srt`).

/// Extensions recognised (case-insensitively) at the end of a release name.
pub const KNOWN_EXTENSIONS: &[&str] = &[
    "mkv", "mp4", "m4v", "avi", "mov", "wmv", "flv", "webm", "ts", "m2ts", "mts", "mpg", "mpeg",
    "vob", "ogv", "ogm", "3gp", "divx", "rmvb", "rm", "asf", "iso", "srt", "ass", "ssa", "sub",
    "idx", "vtt", "sup", "mka", "m4a", "flac", "mp3", "nfo", "7z", "zip", "rar", "torrent",
];

/// Suffixes download tools add to unfinished files (`.mkv.part`).
const PARTIAL_SUFFIXES: &[&str] = &[".part", ".crdownload", ".!qb", ".!ut", ".aria2", ".tmp"];

pub(crate) fn strip_partial_suffix(name: &str) -> &str {
    for suffix in PARTIAL_SUFFIXES {
        let n = suffix.len();
        if name.len() > n
            && name.is_char_boundary(name.len() - n)
            && name[name.len() - n..].eq_ignore_ascii_case(suffix)
        {
            return &name[..name.len() - n];
        }
    }
    name
}

/// Subtitle formats whose names may carry a language suffix (`.en.srt`, `.pt-BR.forced.srt`
/// is not recognised; `.eng.forced.srt` is).
const SUBTITLE_EXTENSIONS: &[&str] = &["srt", "ass", "ssa", "sub", "idx", "vtt", "sup"];

/// Markers that may follow a subtitle's language code.
const SUBTITLE_FLAGS: &[&str] = &["forced", "sdh", "cc", "hi"];

/// Splits off a known extension. Upper-case `TS` is the telesync tag, not an extension.
/// Subtitles keep a lower-case language suffix in the extension: `Movie.en.srt` →
/// `en.srt`, `Movie.eng.forced.srt` → `eng.forced.srt`.
pub(crate) fn split_extension(name: &str) -> (&str, Option<String>) {
    let Some(pos) = name.rfind('.') else {
        return (name, None);
    };
    let ext = &name[pos + 1..];
    let lower = ext.to_ascii_lowercase();
    if !KNOWN_EXTENSIONS.contains(&lower.as_str()) || ext == "TS" {
        return (name, None);
    }
    let mut stem = &name[..pos];
    let mut full = lower.clone();
    if SUBTITLE_EXTENSIONS.contains(&lower.as_str()) {
        for _ in 0..2 {
            let Some(p) = stem.rfind('.') else { break };
            let seg = &stem[p + 1..];
            let language =
                (2..=3).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_lowercase());
            if p == 0 || !(language || SUBTITLE_FLAGS.contains(&seg)) {
                break;
            }
            full = format!("{seg}.{full}");
            stem = &stem[..p];
        }
    }
    (stem, Some(full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(
            split_extension("Movie.2010.MKV"),
            ("Movie.2010", Some("mkv".into()))
        );
        assert_eq!(split_extension("Movie.2010.TS"), ("Movie.2010.TS", None));
        assert_eq!(
            split_extension("Movie.2010.ts"),
            ("Movie.2010", Some("ts".into()))
        );
        assert_eq!(split_extension("Movie.x264-GRP"), ("Movie.x264-GRP", None));
        assert_eq!(split_extension(".mkv"), ("", Some("mkv".into())));
        assert_eq!(
            split_extension("Movie.GRP.en.srt"),
            ("Movie.GRP", Some("en.srt".into()))
        );
        assert_eq!(
            split_extension("Movie.eng.forced.srt"),
            ("Movie", Some("eng.forced.srt".into()))
        );
        assert_eq!(
            split_extension("Movie.EN.srt"),
            ("Movie.EN", Some("srt".into()))
        );
        assert_eq!(
            split_extension("Movie.en.mkv"),
            ("Movie.en", Some("mkv".into()))
        );
    }

    #[test]
    fn partial_downloads() {
        assert_eq!(strip_partial_suffix("a.mkv.part"), "a.mkv");
        assert_eq!(strip_partial_suffix("a.mkv.!qB"), "a.mkv");
        assert_eq!(strip_partial_suffix("a.mkv"), "a.mkv");
        assert_eq!(strip_partial_suffix("é.part"), "é");
    }
}
