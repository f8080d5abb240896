//! Parsing a key's text by its [`Kind`]: pure functions with messages that say what is wrong.

use super::keys::Kind;
use std::time::Duration;

/// Checks `text` against `kind`; the message says what is wrong (never echoing secrets is
/// the caller's job).
pub fn check(kind: Kind, text: &str) -> Result<(), String> {
    match kind {
        Kind::Text => Ok(()),
        Kind::HttpUrl => http_url(text).map(|_| ()),
        Kind::DatabaseUrl => match text.split(':').next() {
            Some("sqlite" | "postgres" | "postgresql") => Ok(()),
            _ => Err("not a database URL: use sqlite://PATH or postgres://USER@HOST/DB".into()),
        },
        Kind::RedisUrl => match url::Url::parse(text) {
            Ok(u) if matches!(u.scheme(), "redis" | "rediss") => Ok(()),
            _ => Err("not a redis:// URL".into()),
        },
        Kind::Int { min, max } => int(text, min, max).map(|_| ()),
        Kind::Bool => boolean(text).map(|_| ()),
        Kind::IdList => id_list(text).map(|_| ()),
        Kind::ChannelId => channel_id(text).map(|_| ()),
        Kind::Duration => duration(text).map(|_| ()),
        Kind::DurationOrZero => duration_or_zero(text).map(|_| ()),
        Kind::Argv => argv(text).map(|_| ()),
        Kind::Rate => rate(text).map(|_| ()),
        Kind::SocketAddr => text
            .parse::<std::net::SocketAddr>()
            .map(|_| ())
            .map_err(|_| "not a HOST:PORT address with an IP".into()),
    }
}

/// An absolute http(s) URL.
pub fn http_url(text: &str) -> Result<url::Url, String> {
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        Ok(_) => Err("must be an http:// or https:// URL with a host".into()),
        Err(e) => Err(format!("not a URL ({e})")),
    }
}

/// A whole number in `[min, max]`.
pub fn int(text: &str, min: i64, max: i64) -> Result<i64, String> {
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| "not a whole number".to_owned())?;
    if n < min || n > max {
        return Err(format!("must be between {min} and {max}"));
    }
    Ok(n)
}

/// A boolean in any of the usual spellings.
pub fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("not a boolean: use true or false".into()),
    }
}

/// Comma- or space-separated positive user ids.
pub fn id_list(text: &str) -> Result<Vec<i64>, String> {
    text.split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| match s.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "{:?} is not a Telegram user id (a positive number)",
                s.trim()
            )),
        })
        .collect()
}

/// A channel id in Bot API form: `-100` followed by the channel's digits.
pub fn channel_id(text: &str) -> Result<i64, String> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(n) if t.starts_with("-100") && n < -1_000_000_000_000 => Ok(n),
        _ => Err("not a channel id: channel ids look like -100 followed by digits".into()),
    }
}

/// `90s`, `10m`, `4h`, `7d`, or plain seconds.
pub fn duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| "not a duration such as 90s, 10m, 4h or 7d".to_owned())?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("unknown unit {unit:?}: use s, m, h or d")),
    };
    if secs == 0 {
        return Err("must be longer than zero".into());
    }
    Ok(Duration::from_secs(secs))
}

/// Like [`duration`], but `0` (or `0s`) is allowed and means off.
pub fn duration_or_zero(text: &str) -> Result<Duration, String> {
    match text.trim() {
        "0" | "0s" => Ok(Duration::ZERO),
        t => duration(t),
    }
}

/// `COUNT/DURATION`, e.g. `60/1h`.
pub fn rate(text: &str) -> Result<(u32, Duration), String> {
    let (count, per) = text
        .split_once('/')
        .ok_or_else(|| "not a rate: write COUNT/DURATION, e.g. 60/1h".to_owned())?;
    let count: u32 = count
        .trim()
        .parse()
        .map_err(|_| "the count of a rate is a whole number".to_owned())?;
    if count == 0 {
        return Err("a rate allows at least 1".into());
    }
    Ok((count, duration(per)?))
}

/// A JSON array of strings with a non-empty program.
pub fn argv(text: &str) -> Result<Vec<String>, String> {
    let v: Vec<String> = serde_json::from_str(text).map_err(|_| {
        "not a JSON array of strings (an argument vector, not a shell string)".to_owned()
    })?;
    if v.first().is_none_or(|p| p.trim().is_empty()) {
        return Err("the argument vector needs a program as its first item".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("4h"), Ok(Duration::from_secs(14_400)));
        assert_eq!(duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("7d"), Ok(Duration::from_secs(604_800)));
        assert!(duration("4 hours").is_err());
        assert!(duration("0s").is_err());
        assert!(duration("h").is_err());
    }

    #[test]
    fn ids_and_channels() {
        assert_eq!(id_list("1, 2 3"), Ok(vec![1, 2, 3]));
        assert_eq!(id_list(""), Ok(vec![]));
        assert!(id_list("1,abc").unwrap_err().contains("\"abc\""));
        assert_eq!(channel_id("-1001234567890"), Ok(-1_001_234_567_890));
        assert!(channel_id("1234567890").is_err());
        assert!(channel_id("-12345").is_err());
    }

    #[test]
    fn scalars() {
        assert_eq!(int("5", 1, 64), Ok(5));
        assert!(int("0", 1, 64).is_err());
        assert!(int("five", 1, 64).is_err());
        assert_eq!(boolean("Yes"), Ok(true));
        assert!(boolean("maybe").is_err());
        assert!(http_url("ftp://x").is_err());
        assert!(http_url("https://example.org").is_ok());
        assert!(check(Kind::DatabaseUrl, "mysql://x").is_err());
        assert!(check(Kind::SocketAddr, "localhost:80").is_err());
    }

    #[test]
    fn rates() {
        assert_eq!(rate("60/1h"), Ok((60, Duration::from_secs(3600))));
        assert!(rate("60").is_err());
        assert!(rate("0/1h").is_err());
        assert!(rate("x/1h").is_err());
    }

    #[test]
    fn argument_vectors() {
        assert_eq!(
            argv(r#"["x","{url}"]"#),
            Ok(vec!["x".to_owned(), "{url}".to_owned()])
        );
        assert!(argv("x --url {url}").is_err(), "shell strings are refused");
        assert!(argv("[]").is_err());
    }
}
