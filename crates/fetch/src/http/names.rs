//! File names a server suggests: `Content-Disposition` and the URL's last path segment.

use percent_encoding::percent_decode_str;
use url::Url;

/// The file name in a `Content-Disposition` value: `filename*=UTF-8''…` (RFC 6266/5987)
/// is preferred over `filename=…`. Returned raw: sanitize before use.
pub fn content_disposition_name(value: &str) -> Option<String> {
    let mut plain = None;
    for part in split_params(value) {
        let Some((key, val)) = part.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let val = val.trim();
        if key == "filename*" {
            // charset'language'percent-encoded
            let mut pieces = val.splitn(3, '\'');
            let charset = pieces.next().unwrap_or_default();
            let encoded = pieces.nth(1)?;
            let bytes: Vec<u8> = percent_decode_str(encoded).collect();
            let name = if charset.eq_ignore_ascii_case("utf-8") {
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                bytes.iter().map(|&b| char::from(b)).collect() // ISO-8859-1
            };
            if !name.trim().is_empty() {
                return Some(name);
            }
        } else if key == "filename" {
            let unquoted = val
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(|v| v.replace("\\\"", "\"").replace("\\\\", "\\"))
                .unwrap_or_else(|| val.to_owned());
            if !unquoted.trim().is_empty() {
                plain = Some(unquoted);
            }
        }
    }
    plain
}

/// Splits on `;` outside double quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// The URL's last non-empty path segment, percent-decoded. Raw: sanitize before use.
pub fn url_file_name(url: &Url) -> Option<String> {
    let segment = url.path_segments()?.rev().find(|s| !s.is_empty())?;
    let name = percent_decode_str(segment).decode_utf8_lossy().into_owned();
    (!name.trim().is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_forms() {
        assert_eq!(
            content_disposition_name("attachment; filename=\"a; b.mkv\"").as_deref(),
            Some("a; b.mkv")
        );
        assert_eq!(
            content_disposition_name("attachment; filename=plain.mp4").as_deref(),
            Some("plain.mp4")
        );
        assert_eq!(
            content_disposition_name(
                "attachment; filename=\"fallback.mkv\"; filename*=UTF-8''Caf%C3%A9%20S01E02.mkv"
            )
            .as_deref(),
            Some("Café S01E02.mkv")
        );
        assert_eq!(content_disposition_name("inline"), None);
        assert_eq!(content_disposition_name("attachment; filename=\"\""), None);
    }

    #[test]
    fn url_names() {
        let u = Url::parse("http://h/dir/The%20Movie.mkv?x=1").expect("url");
        assert_eq!(url_file_name(&u).as_deref(), Some("The Movie.mkv"));
        let u = Url::parse("http://h/dir/").expect("url");
        assert_eq!(url_file_name(&u).as_deref(), Some("dir"));
        let u = Url::parse("http://h/").expect("url");
        assert_eq!(url_file_name(&u), None);
        let u = Url::parse("http://h/a/..%2F..%2Fetc%2Fpasswd").expect("url");
        assert_eq!(url_file_name(&u).as_deref(), Some("../../etc/passwd"));
    }
}
