//! Spam removal: site domains in front of or behind a release name (`www.site.com - `,
//! `[site.org]`, `[ www.Site.to ] -`), and bracket tags that name an uploading site
//! rather than anything about the release.

/// Generic top-level domains seen in release-name spam. Any two-letter label is also
/// accepted as a country domain.
const TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "info",
    "biz",
    "xyz",
    "top",
    "club",
    "online",
    "site",
    "live",
    "lol",
    "vip",
    "pro",
    "link",
    "click",
    "one",
    "app",
    "dev",
    "win",
    "bid",
    "fun",
    "icu",
    "asia",
    "name",
    "mobi",
    "today",
    "world",
    "stream",
    "movie",
    "movies",
    "film",
    "watch",
    "download",
    "tube",
    "zone",
    "space",
    "website",
    "store",
    "shop",
    "news",
    "media",
    "host",
    "cloud",
    "work",
    "network",
    "center",
    "digital",
    "plus",
    "ink",
    "wtf",
    "rocks",
    "ninja",
    "best",
    "buzz",
    "cam",
    "cyou",
    "monster",
    "quest",
    "sbs",
    "skin",
    "uno",
    "bond",
    "mom",
    "beauty",
    "lat",
    "onl",
    "unblocked",
    "art",
    "blog",
    "cafe",
    "city",
    "email",
    "exchange",
    "guru",
    "life",
    "ltd",
    "pics",
    "pictures",
    "red",
    "run",
    "show",
    "social",
    "tech",
    "tips",
    "tools",
    "video",
    "wiki",
    "rip",
];

/// Uploader and site tags that are spam when they appear alone in brackets.
const SITE_TAGS: &[&str] = &[
    "rarbg",
    "rartv",
    "eztv",
    "ettv",
    "tgx",
    "torrentgalaxy",
    "yts",
    "1337x",
    "torrenting",
    "ethd",
    "publichd",
    "kat",
    "ext.to",
    "mkvcage",
    "torrent9",
    "cpasbien",
    "tamilrockers",
    "tamilblasters",
    "tamilmv",
];

/// Two-letter words that are release tags far more often than country domains.
const NOT_COUNTRY: &[&str] = &[
    "dl", "hd", "sd", "ts", "tc", "nf", "cr", "dv", "fs", "ma", "hc", "ep", "hq", "mp", "dd",
];

fn is_tld(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    (lower.len() == 2
        && lower.bytes().all(|b| b.is_ascii_alphabetic())
        && !NOT_COUNTRY.contains(&lower.as_str()))
        || TLDS.contains(&lower.as_str())
}

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Length in bytes of a domain at the start of `s` (`www.site.com`, `site.org`), or
/// `None`. Without `www.`, the name label must have at least three characters.
fn domain_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    // Split into dot-separated labels of [A-Za-z0-9-].
    let mut labels: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && is_label_byte(bytes[i]) {
            i += 1;
        }
        if i == start {
            break;
        }
        labels.push((start, i));
        if i < bytes.len() && bytes[i] == b'.' && i + 1 < bytes.len() && is_label_byte(bytes[i + 1])
        {
            i += 1;
            continue;
        }
        break;
    }
    // Never stop inside a non-ASCII word (`site.comé`).
    let label = |k: usize| &s[labels[k].0..labels[k].1];
    let www = labels.first().is_some_and(|_| {
        matches!(
            label(0).to_ascii_lowercase().as_str(),
            "www" | "www1" | "www2" | "ww1" | "ww2"
        )
    });
    let first_name = usize::from(www);
    for k in (first_name + 1)..labels.len() {
        if !is_tld(label(k)) {
            if www {
                continue;
            }
            return None;
        }
        if !www && (k != 1 || label(0).len() < 3) {
            return None;
        }
        let mut end = labels[k].1;
        // `co.uk`, `com.br`: a generic label followed by a country label.
        if matches!(
            label(k).to_ascii_lowercase().as_str(),
            "co" | "com" | "net" | "org"
        ) && k + 1 < labels.len()
            && label(k + 1).len() == 2
            && matches!(
                label(k + 1).to_ascii_lowercase().as_str(),
                "uk" | "br" | "au" | "mx" | "ar" | "tr" | "in" | "nz" | "za" | "jp" | "kr"
            )
        {
            end = labels[k + 1].1;
        }
        if s[end..].chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        return Some(end);
    }
    None
}

/// Whether `text` contains a domain name anywhere (`www.` or `name.tld`).
pub(crate) fn contains_domain(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.contains("www.") {
        return true;
    }
    text.char_indices().any(|(i, _)| {
        let before_ok = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-' && c != '.');
        before_ok && domain_len(&text[i..]).is_some()
    })
}

/// Whether a bracket group's text is spam: a domain or a known site tag.
pub(crate) fn is_spam_group(raw: &str) -> bool {
    let lower = raw.trim().to_lowercase();
    contains_domain(raw) || SITE_TAGS.contains(&lower.as_str())
}

fn closing_for(c: char) -> Option<char> {
    match c {
        '[' => Some(']'),
        '(' => Some(')'),
        '{' => Some('}'),
        '【' => Some('】'),
        _ => None,
    }
}

fn is_lead_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '_' | '-' | '–' | '—' | '|' | ':' | '~' | '+' | '@')
}

/// Removes site spam in front of a release name: `www.site.com - `, `[site.org] `,
/// `site.to - `, repeatedly. Returns the input unchanged if nothing would be left.
pub(crate) fn strip_leading(s: &str) -> &str {
    let mut rest = s;
    loop {
        let t = rest.trim_start_matches(is_lead_sep);
        let Some(first) = t.chars().next() else {
            break;
        };
        if let Some(close) = closing_for(first) {
            let inner_start = first.len_utf8();
            if let Some(end) = t[inner_start..].find(close) {
                let inner = &t[inner_start..inner_start + end];
                if is_spam_group(inner) {
                    rest = &t[inner_start + end + close.len_utf8()..];
                    continue;
                }
            }
            break;
        }
        if let Some(len) = domain_len(t) {
            let www = t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ww"));
            let after = &t[len..];
            let dash = after
                .trim_start_matches([' ', '_'])
                .starts_with(['-', '–', '—', '|', ':']);
            if www || dash {
                rest = after;
                continue;
            }
        }
        break;
    }
    let cleaned = rest.trim_start_matches(is_lead_sep);
    if cleaned.is_empty() {
        s
    } else {
        cleaned
    }
}

/// Removes a `www.` domain (optionally after ` - `) at the very end of a release name.
pub(crate) fn strip_trailing(s: &str) -> &str {
    let lower = s.to_ascii_lowercase();
    if let Some(pos) = lower.rfind("www.") {
        let before_ok = s[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_alphanumeric());
        if before_ok && domain_len(&s[pos..]).is_some_and(|len| pos + len == s.len()) {
            let head = s[..pos].trim_end_matches(is_lead_sep);
            if !head.is_empty() {
                return head;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_domains_are_removed() {
        assert_eq!(strip_leading("www.site.com - The.Matrix"), "The.Matrix");
        assert_eq!(strip_leading("www.Site.com.The.Matrix"), "The.Matrix");
        assert_eq!(strip_leading("[site.org] The Matrix"), "The Matrix");
        assert_eq!(strip_leading("[ www.Torrent.to ] - Movie"), "Movie");
        assert_eq!(strip_leading("1337x.to - Movie"), "Movie");
        assert_eq!(strip_leading("www.site.co.uk_-_Movie"), "Movie");
        assert_eq!(strip_leading("[rarbg] [eztv.re] Movie"), "Movie");
    }

    #[test]
    fn titles_that_look_like_domains_are_kept() {
        assert_eq!(
            strip_leading("Show.Me.A.Hero.S01E01"),
            "Show.Me.A.Hero.S01E01"
        );
        assert_eq!(strip_leading("Dr.No.1962"), "Dr.No.1962");
        assert_eq!(
            strip_leading("[SubsPlease] Title - 05"),
            "[SubsPlease] Title - 05"
        );
        assert_eq!(strip_leading("Mr.Robot.S01E01"), "Mr.Robot.S01E01");
        assert_eq!(strip_leading("www.site.com"), "www.site.com");
    }

    #[test]
    fn trailing_domains_are_removed() {
        assert_eq!(
            strip_trailing("Movie.2010.720p - www.site.com"),
            "Movie.2010.720p"
        );
        assert_eq!(strip_trailing("Movie.2010.x264-GRP"), "Movie.2010.x264-GRP");
    }

    #[test]
    fn spam_groups() {
        assert!(is_spam_group("YTS.MX"));
        assert!(is_spam_group("eztv.re"));
        assert!(is_spam_group("电影天堂www.dytt89.com"));
        assert!(is_spam_group("TGx"));
        assert!(!is_spam_group("SubsPlease"));
        assert!(!is_spam_group("1080p"));
        assert!(!is_spam_group("Dual Audio 10bit"));
    }
}
