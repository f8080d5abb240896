//! Byte sizes as operators type them (`--volume-size 1990MiB`).

/// A size that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid size {0:?}: use bytes or a number with K, M, G, T (binary: KiB...) or KB, MB, GB, TB (decimal)")]
pub struct SizeError(pub String);

/// Parses `2000000000`, `1990m`, `1990MiB`, `1.5G` (binary multiples, as 7-Zip reads them)
/// or `2GB`, `500kb` (decimal multiples). Case-insensitive; zero is an error.
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let err = || SizeError(text.to_owned());
    let t = text.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let multiplier: u64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return Err(err()),
    };
    let bytes = if number.contains('.') {
        let v: f64 = number.parse().map_err(|_| err())?;
        let b = v * multiplier as f64;
        if !(b.is_finite() && b < u64::MAX as f64) {
            return Err(err());
        }
        b.floor() as u64
    } else {
        let v: u64 = number.parse().map_err(|_| err())?;
        v.checked_mul(multiplier).ok_or_else(err)?
    };
    if bytes == 0 {
        return Err(err());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_size("2000000000"), Ok(2_000_000_000));
        assert_eq!(parse_size("1990m"), Ok(1990 << 20));
        assert_eq!(parse_size("1990MiB"), Ok(1990 << 20));
        assert_eq!(parse_size(" 2G "), Ok(2 << 30));
        assert_eq!(parse_size("1.5g"), Ok(3 << 29));
        assert_eq!(parse_size("2GB"), Ok(2_000_000_000));
        assert_eq!(parse_size("64 k"), Ok(65_536));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "0",
            "m",
            "-5",
            "1.2.3g",
            "12x",
            "99999999999999999999",
            "1e3",
            "nan",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
