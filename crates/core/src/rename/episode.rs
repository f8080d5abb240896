//! Season/episode markers: `S01E02`, `S01E01-E03`, `S01E01E02`, `1x02`, `S01`, `S01-S03`,
//! `Season 1`, `Episode 5`, `E05`, `第5話`, air dates `2024.01.15`, `Complete Series`, and
//! anime absolute numbers after a spaced dash (`Title - 05`).

use super::tokens::{Sep, Token};

/// Longest episode or season range that is expanded; longer "ranges" are ignored so a
/// hostile name cannot allocate millions of numbers.
pub(crate) const MAX_RANGE: u32 = 2000;

/// A marker found in the token list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Marker {
    /// First token of the marker.
    pub start: usize,
    /// One past the last token of the marker.
    pub end: usize,
    /// Season (first season of a pack).
    pub season: Option<u32>,
    /// Last season of a multi-season pack.
    pub season_end: Option<u32>,
    /// Episodes, ranges expanded.
    pub episodes: Vec<u32>,
    /// Air date `YYYY-MM-DD`.
    pub air_date: Option<String>,
    /// Whole season(s) or a complete series.
    pub pack: bool,
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Splits a leading run of ASCII digits off `s`.
fn lead_digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s.split_at(n)
}

/// `s01e02`, `s1e2e3`, `s01ep02` → (season, episodes).
fn sxxexx(s: &str) -> Option<(u32, Vec<u32>)> {
    let rest = s.strip_prefix('s')?;
    let (season, mut rest) = lead_digits(rest);
    let season = digits(season, 1, 4)?;
    let mut eps = Vec::new();
    while !rest.is_empty() {
        let r = rest.strip_prefix('-').unwrap_or(rest);
        let r = r.strip_prefix("ep").or_else(|| r.strip_prefix('e'))?;
        let (ep, r) = lead_digits(r);
        eps.push(digits(ep, 1, 4)?);
        rest = r;
    }
    if eps.is_empty() {
        None
    } else {
        Some((season, eps))
    }
}

/// `s01` → season.
fn season_only(s: &str) -> Option<u32> {
    digits(s.strip_prefix('s')?, 1, 3)
}

/// `e05`, `ep05`, `ep.05` handled by the caller.
fn episode_only(s: &str) -> Option<u32> {
    let r = s.strip_prefix("ep").or_else(|| s.strip_prefix('e'))?;
    digits(r, 1, 4)
}

/// `1x02` → (1, 2).
fn nxnn(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('x')?;
    Some((digits(a, 1, 2)?, digits(b, 2, 3)?))
}

/// Anime absolute number `05`, `05v2`, `1071`.
fn absolute(s: &str) -> Option<u32> {
    let base = match s.find('v') {
        Some(i) if s[i + 1..].len() == 1 && s[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            &s[..i]
        }
        Some(_) => return None,
        None => s,
    };
    digits(base, 1, 4)
}

/// Year in `1900..=max_year`.
pub(crate) fn year(s: &str, max_year: u16) -> Option<u16> {
    let y = u16::try_from(digits(s, 4, 4)?).ok()?;
    (1900..=max_year).contains(&y).then_some(y)
}

const SEASON_WORDS: &[&str] = &[
    "season",
    "seasons",
    "saison",
    "temporada",
    "staffel",
    "сезон",
];
const EPISODE_WORDS: &[&str] = &[
    "episode",
    "episodes",
    "ep",
    "eps",
    "episodio",
    "folge",
    "серия",
];

/// Extends `list` (whose last element is the range start) to `end` when the range is sane.
fn push_range(list: &mut Vec<u32>, end: u32) -> bool {
    let Some(&start) = list.last() else {
        return false;
    };
    if end > start && end - start <= MAX_RANGE {
        list.extend(start + 1..=end);
        true
    } else {
        false
    }
}

struct Cursor<'a> {
    toks: &'a [Token],
    i: usize,
}

impl Cursor<'_> {
    fn get(&self, k: usize) -> Option<&Token> {
        self.toks.get(self.i + k)
    }
    /// The token `k` ahead, if glued to the previous one by the given separators.
    fn next_with(&self, k: usize, seps: &[Sep]) -> Option<&str> {
        let t = self.get(k)?;
        seps.contains(&t.sep).then_some(t.lower.as_str())
    }
}

/// After an episode list, consumes `-E03`, `-03`, `-S01E03`, `E04` continuations.
fn episode_tail(c: &mut Cursor<'_>, season: Option<u32>, eps: &mut Vec<u32>) {
    loop {
        if let Some(s) = c.next_with(1, &[Sep::Hyphen]) {
            let end = episode_only(s)
                .or_else(|| digits(s, 1, 4))
                .or_else(|| {
                    sxxexx(s)
                        .filter(|(se, _)| Some(*se) == season)
                        .map(|(_, e)| e[0])
                })
                .or_else(|| {
                    nxnn(s)
                        .filter(|(se, _)| Some(*se) == season)
                        .map(|(_, e)| e)
                });
            if let Some(end) = end {
                if push_range(eps, end) {
                    c.i += 1;
                    continue;
                }
            }
        }
        if let Some(s) = c.next_with(1, &[Sep::Plain]) {
            if let Some(e) = episode_only(s) {
                if eps.last().is_some_and(|&l| e > l) {
                    eps.push(e);
                    c.i += 1;
                    continue;
                }
            }
        }
        break;
    }
}

/// A season number possibly followed by `-3` / `-S03` → (first, last).
fn season_tail(c: &mut Cursor<'_>, first: u32) -> Option<u32> {
    // `S01-S03`, `S01 - S03`, `S01-03`; but not `S2 - 12` (anime season + episode).
    let end = match c.next_with(1, &[Sep::Hyphen]) {
        Some(s) => season_only(s).or_else(|| digits(s, 1, 3))?,
        None => season_only(c.next_with(1, &[Sep::Dash])?)?,
    };
    if end > first && end - first <= MAX_RANGE {
        c.i += 1;
        Some(end)
    } else {
        None
    }
}

/// Marker starting exactly at token `i` (strong forms only).
fn strong_at(toks: &[Token], i: usize, max_year: u16) -> Option<Marker> {
    let mut c = Cursor { toks, i };
    let s = toks[i].lower.as_str();
    let mut m = Marker {
        start: i,
        ..Marker::default()
    };
    if let Some((season, mut eps)) = sxxexx(s) {
        eps.truncate(MAX_RANGE as usize);
        episode_tail(&mut c, Some(season), &mut eps);
        m.season = Some(season);
        m.episodes = eps;
    } else if let Some((season, ep)) = nxnn(s) {
        let mut eps = vec![ep];
        episode_tail(&mut c, Some(season), &mut eps);
        m.season = Some(season);
        m.episodes = eps;
    } else if let Some(season) = season_only(s) {
        m.season = Some(season);
        m.season_end = season_tail(&mut c, season);
        after_season(&mut c, &mut m);
    } else if SEASON_WORDS.contains(&s) || s.starts_with("season") {
        let glued = s.strip_prefix("season").and_then(|r| digits(r, 1, 3));
        let season = match glued {
            Some(n) => n,
            None => {
                let n = digits(c.next_with(1, &[Sep::Plain])?, 1, 3)?;
                c.i += 1;
                n
            }
        };
        m.season = Some(season);
        m.season_end = season_tail(&mut c, season);
        after_season(&mut c, &mut m);
    } else if let Some(ep) = episode_only(s) {
        let mut eps = vec![ep];
        episode_tail(&mut c, None, &mut eps);
        m.episodes = eps;
    } else if EPISODE_WORDS.contains(&s) {
        let n = digits(c.next_with(1, &[Sep::Plain])?, 1, 4)?;
        c.i += 1;
        let mut eps = vec![n];
        episode_tail(&mut c, None, &mut eps);
        m.episodes = eps;
    } else if let Some((kind, n)) = cjk(s) {
        match kind {
            Cjk::Season => {
                m.season = Some(n);
                after_season(&mut c, &mut m);
            }
            Cjk::Episode => m.episodes = vec![n],
        }
    } else if let Some(n) = ordinal(s).filter(|_| c.next_with(1, &[Sep::Plain]) == Some("season")) {
        // `2nd Season`.
        c.i += 1;
        m.season = Some(n);
        after_season(&mut c, &mut m);
    } else if let Some(y) = year(s, max_year) {
        let month = digits(c.next_with(1, &[Sep::Plain, Sep::Hyphen])?, 2, 2)?;
        let day = digits(c.next_with(2, &[Sep::Plain, Sep::Hyphen])?, 2, 2)?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        c.i += 2;
        m.air_date = Some(format!("{y:04}-{month:02}-{day:02}"));
    } else if s == "complete" && c.next_with(1, &[Sep::Plain]) == Some("series") {
        c.i += 1;
        m.pack = true;
    } else {
        return None;
    }
    m.end = c.i + 1;
    if m.episodes.is_empty() && m.air_date.is_none() {
        m.pack = true;
    }
    // `Complete Season 1`, `The Complete Series`: the words belong to the marker.
    if m.pack {
        if m.start > 0 && toks[m.start - 1].lower == "complete" && m.start - 1 > 0 {
            m.start -= 1;
        }
        if m.start > 0
            && toks[m.start - 1].lower == "the"
            && toks[m.start].lower == "complete"
            && m.start - 1 > 0
        {
            m.start -= 1;
        }
    }
    Some(m)
}

/// After a season: `E05` / `Episode 5` / `- 05` (anime `S2 - 05`) / `Complete`.
fn after_season(c: &mut Cursor<'_>, m: &mut Marker) {
    if m.season_end.is_some() {
        return;
    }
    if let Some(s) = c.next_with(1, &[Sep::Plain, Sep::Hyphen]) {
        if let Some(e) = episode_only(s) {
            c.i += 1;
            let mut eps = vec![e];
            episode_tail(c, m.season, &mut eps);
            m.episodes = eps;
            return;
        }
        if EPISODE_WORDS.contains(&s) {
            if let Some(n) = c.next_with(2, &[Sep::Plain]).and_then(|n| digits(n, 1, 4)) {
                c.i += 2;
                let mut eps = vec![n];
                episode_tail(c, m.season, &mut eps);
                m.episodes = eps;
                return;
            }
        }
        if let Some((Cjk::Episode, n)) = cjk(s) {
            c.i += 1;
            m.episodes = vec![n];
            return;
        }
    }
    if let Some(n) = c.next_with(1, &[Sep::Dash]).and_then(absolute) {
        c.i += 1;
        let mut eps = vec![n];
        episode_tail(c, m.season, &mut eps);
        m.episodes = eps;
    }
}

/// `1st`, `2nd`, `3rd`, `4th` → the number.
fn ordinal(s: &str) -> Option<u32> {
    let (n, suffix) = lead_digits(s);
    matches!(suffix, "st" | "nd" | "rd" | "th").then_some(())?;
    digits(n, 1, 2)
}

enum Cjk {
    Season,
    Episode,
}

/// `第1季` (season), `第05集` / `第5話` / `第5话` (episode).
fn cjk(s: &str) -> Option<(Cjk, u32)> {
    let r = s.strip_prefix('第')?;
    let (n, kind) = lead_digits(r);
    let n = digits(n, 1, 4)?;
    match kind {
        "季" | "期" => Some((Cjk::Season, n)),
        "集" | "話" | "话" => Some((Cjk::Episode, n)),
        _ => None,
    }
}

/// First strong marker at or after `from` and before `until`, skipping tokens for which
/// `skip` is true (parts of technical tags).
pub(crate) fn find_strong(
    toks: &[Token],
    from: usize,
    until: usize,
    max_year: u16,
    skip: impl Fn(usize) -> bool,
) -> Option<Marker> {
    (from..until.min(toks.len()))
        .filter(|&i| !skip(i))
        .find_map(|i| strong_at(toks, i, max_year))
}

/// First anime absolute number: a number right after a spaced dash, outside brackets,
/// after `from` and before `until`, that is not a year.
pub(crate) fn find_absolute(
    toks: &[Token],
    from: usize,
    until: usize,
    max_year: u16,
) -> Option<Marker> {
    (from + 1..until.min(toks.len())).find_map(|i| {
        let t = &toks[i];
        if t.sep != Sep::Dash || t.group.is_some() || year(&t.lower, max_year).is_some() {
            return None;
        }
        let n = absolute(&t.lower)?;
        let mut c = Cursor { toks, i };
        let mut eps = vec![n];
        episode_tail(&mut c, None, &mut eps);
        Some(Marker {
            start: i,
            end: c.i + 1,
            episodes: eps,
            ..Marker::default()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rename::tokens::tokenize;

    fn strong(s: &str) -> Option<Marker> {
        let t = tokenize(s).tokens;
        find_strong(&t, 0, t.len(), 2035, |_| false)
    }

    #[test]
    fn episode_forms() {
        let m = strong("Show S01E01-E03 x").unwrap();
        assert_eq!(
            (m.season, m.episodes.clone(), m.start, m.end),
            (Some(1), vec![1, 2, 3], 1, 3)
        );
        assert_eq!(strong("Show S01E01E02").unwrap().episodes, vec![1, 2]);
        assert_eq!(strong("Show S01E01-03").unwrap().episodes, vec![1, 2, 3]);
        assert_eq!(strong("Show.S02E05-S02E06").unwrap().episodes, vec![5, 6]);
        assert_eq!(strong("Show 1x02").unwrap().episodes, vec![2]);
        assert_eq!(strong("Show Season 2 Episode 7").unwrap().episodes, vec![7]);
        assert_eq!(strong("Show 第05集").unwrap().episodes, vec![5]);
    }

    #[test]
    fn pack_forms() {
        let m = strong("Show S01-S03 Complete").unwrap();
        assert_eq!((m.season, m.season_end, m.pack), (Some(1), Some(3), true));
        let m = strong("Show Complete Season 2").unwrap();
        assert_eq!((m.start, m.season, m.pack), (1, Some(2), true));
        assert!(strong("Show.The.Complete.Series").unwrap().pack);
        assert_eq!(strong("Show.Season1").unwrap().season, Some(1));
        let m = strong("Title 2nd Season - 05").unwrap();
        assert_eq!((m.season, m.episodes), (Some(2), vec![5]));
    }

    #[test]
    fn dates_and_non_markers() {
        assert_eq!(
            strong("Show 2024.01.15").unwrap().air_date.as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(strong("Season of the Witch 2011"), None);
        assert_eq!(strong("Se7en 1995"), None);
        assert_eq!(strong("3x3 Eyes"), None);
        assert_eq!(strong("Show S01E01-E9999").unwrap().episodes, vec![1]);
    }

    #[test]
    fn absolute_numbers() {
        let t = tokenize("Title - 05v2 [1080p]").tokens;
        assert_eq!(
            find_absolute(&t, 0, t.len(), 2035).unwrap().episodes,
            vec![5]
        );
        let t = tokenize("Title - 2019 - x").tokens;
        assert_eq!(find_absolute(&t, 0, t.len(), 2035), None);
    }
}
