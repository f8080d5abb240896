//! Resolving an HTTP `Range` header (RFC 9110 §14) against a known size: single ranges
//! `bytes=a-b`, open `bytes=a-` and suffix `bytes=-n`. Multi-range and malformed headers are
//! ignored (the whole body is served), as the RFC allows.

/// What to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeOutcome {
    /// 200 with the whole body.
    Full,
    /// 206 with bytes `start..=end`.
    Partial {
        /// First byte.
        start: u64,
        /// Last byte, inclusive.
        end: u64,
    },
    /// 416 with `Content-Range: bytes */size`.
    Unsatisfiable,
}

impl RangeOutcome {
    /// The `Content-Range` header value for a partial or unsatisfiable answer.
    pub fn content_range(self, size: u64) -> Option<String> {
        match self {
            RangeOutcome::Full => None,
            RangeOutcome::Partial { start, end } => Some(format!("bytes {start}-{end}/{size}")),
            RangeOutcome::Unsatisfiable => Some(format!("bytes */{size}")),
        }
    }

    /// Number of body bytes for this outcome.
    pub fn len(self, size: u64) -> u64 {
        match self {
            RangeOutcome::Full => size,
            RangeOutcome::Partial { start, end } => end - start + 1,
            RangeOutcome::Unsatisfiable => 0,
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(self, size: u64) -> bool {
        self.len(size) == 0
    }
}

/// Resolves `header` (the `Range` value, if any) for a body of `size` bytes.
pub fn resolve(header: Option<&str>, size: u64) -> RangeOutcome {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeOutcome::Full;
    };
    if spec.contains(',') {
        return RangeOutcome::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeOutcome::Full;
    };
    let parse = |s: &str| -> Option<u64> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (
        parse(first),
        parse(last),
        first.trim().is_empty(),
        last.trim().is_empty(),
    ) {
        (Some(start), _, _, true) => {
            if start >= size {
                RangeOutcome::Unsatisfiable
            } else {
                RangeOutcome::Partial {
                    start,
                    end: size - 1,
                }
            }
        }
        (Some(start), Some(end), _, _) if start <= end => {
            if start >= size {
                RangeOutcome::Unsatisfiable
            } else {
                RangeOutcome::Partial {
                    start,
                    end: end.min(size - 1),
                }
            }
        }
        (None, Some(suffix), true, _) => {
            if suffix == 0 || size == 0 {
                RangeOutcome::Unsatisfiable
            } else {
                RangeOutcome::Partial {
                    start: size.saturating_sub(suffix),
                    end: size - 1,
                }
            }
        }
        _ => RangeOutcome::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RangeOutcome::*;

    #[test]
    fn single_ranges() {
        assert_eq!(
            resolve(Some("bytes=0-99"), 1000),
            Partial { start: 0, end: 99 }
        );
        assert_eq!(
            resolve(Some("bytes=900-"), 1000),
            Partial {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            resolve(Some("bytes=990-2000"), 1000),
            Partial {
                start: 990,
                end: 999
            }
        );
        assert_eq!(
            resolve(Some("bytes=999-999"), 1000),
            Partial {
                start: 999,
                end: 999
            }
        );
    }

    #[test]
    fn suffix_ranges() {
        assert_eq!(
            resolve(Some("bytes=-100"), 1000),
            Partial {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            resolve(Some("bytes=-5000"), 1000),
            Partial { start: 0, end: 999 }
        );
        assert_eq!(resolve(Some("bytes=-0"), 1000), Unsatisfiable);
    }

    #[test]
    fn unsatisfiable_and_ignored() {
        assert_eq!(resolve(Some("bytes=1000-"), 1000), Unsatisfiable);
        assert_eq!(resolve(Some("bytes=1000-1001"), 1000), Unsatisfiable);
        for h in [
            "bytes=5-1",
            "bytes=a-b",
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=--1",
            "bytes= - ",
        ] {
            assert_eq!(resolve(Some(h), 1000), Full, "{h}");
        }
        assert_eq!(resolve(None, 1000), Full);
    }

    #[test]
    fn headers_and_lengths() {
        let p = Partial { start: 10, end: 19 };
        assert_eq!(p.content_range(100).as_deref(), Some("bytes 10-19/100"));
        assert_eq!(p.len(100), 10);
        assert_eq!(
            Unsatisfiable.content_range(100).as_deref(),
            Some("bytes */100")
        );
        assert_eq!(Full.len(100), 100);
    }
}
