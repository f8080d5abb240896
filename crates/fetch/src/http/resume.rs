//! Deciding whether a partial download can be resumed from the server's answer to
//! `Range: bytes=N-`: only a 206 whose `Content-Range` starts at N is appended to; a 416
//! saying the size is N means the partial file is complete; anything else restarts.

use reqwest::header::CONTENT_RANGE;
use reqwest::{Response, StatusCode};

use super::ensure_success;
use crate::error::FetchError;

pub(super) enum Resume {
    /// Write the body from `start`.
    Body {
        response: Response,
        start: u64,
        total: Option<u64>,
    },
    /// The partial file already holds everything.
    Complete { response: Response, total: u64 },
    /// Ask again without `Range`.
    Restart,
}

pub(super) fn classify(response: Response, offset: u64) -> Result<Resume, FetchError> {
    let status = response.status();
    if offset == 0 {
        let response = ensure_success(response)?;
        if response.status() == StatusCode::PARTIAL_CONTENT {
            return Err(FetchError::BadResponse(
                "206 to a request without Range".into(),
            ));
        }
        let total = response.content_length();
        return Ok(Resume::Body {
            response,
            start: 0,
            total,
        });
    }
    let range = response
        .headers()
        .get(CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_content_range);
    match (status, range) {
        (StatusCode::PARTIAL_CONTENT, Some(Some((Some((first, _)), total)))) if first == offset => {
            Ok(Resume::Body {
                response,
                start: offset,
                total,
            })
        }
        (StatusCode::PARTIAL_CONTENT, _) => Ok(Resume::Restart),
        (StatusCode::RANGE_NOT_SATISFIABLE, Some(Some((None, Some(total))))) if total == offset => {
            Ok(Resume::Complete { response, total })
        }
        (StatusCode::RANGE_NOT_SATISFIABLE, _) => Ok(Resume::Restart),
        (s, _) if s.is_success() => {
            // 200: the server ignored Range and sends everything; start over.
            let total = response.content_length();
            Ok(Resume::Body {
                response,
                start: 0,
                total,
            })
        }
        (s, _) => Err(FetchError::Status { code: s.as_u16() }),
    }
}

/// Parses `bytes a-b/total` or `bytes */total` → (Some((a, b)) | None, total or None for `*`).
type ContentRange = (Option<(u64, u64)>, Option<u64>);

fn parse_content_range(value: &str) -> Option<ContentRange> {
    let rest = value.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    let range = match range.trim() {
        "*" => None,
        r => {
            let (a, b) = r.split_once('-')?;
            let (a, b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
            if b < a || total.is_some_and(|t| b >= t) {
                return None;
            }
            Some((a, b))
        }
    };
    Some((range, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges() {
        assert_eq!(
            parse_content_range("bytes 10-19/20"),
            Some((Some((10, 19)), Some(20)))
        );
        assert_eq!(
            parse_content_range("bytes 10-19/*"),
            Some((Some((10, 19)), None))
        );
        assert_eq!(parse_content_range("bytes */20"), Some((None, Some(20))));
        assert_eq!(parse_content_range("bytes 10-25/20"), None);
        assert_eq!(parse_content_range("bytes 19-10/20"), None);
        assert_eq!(parse_content_range("items 1-2/3"), None);
    }
}
