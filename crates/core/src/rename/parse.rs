//! Release-name parser: turns `The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv` into a
//! [`ReleaseInfo`].
//!
//! # How the title ends
//! 1. Leading spam (site domains) is removed; a leading `[Group]` (anime style) becomes
//!    the group; a leading bracket holding only tags is skipped.
//! 2. The title region ends at the first of: a season/episode/date marker, a *strong*
//!    technical tag (`1080p`, `x264`, `WEB-DL`…), or a bracket group.
//! 3. Inside that region the **last** year-like number (`1900..=max_year`) that is not
//!    the first word is the release year and ends the title. Hence
//!    `2001.A.Space.Odyssey.1968` → "2001 A Space Odyssey" (1968),
//!    `Blade.Runner.2049.2017` → "Blade Runner 2049" (2017), `1917.2019` → "1917" (2019),
//!    `1917.1080p` → "1917" (no year).
//! 4. Numbers above `max_year` are never years, so `Blade.Runner.2049.1080p` keeps 2049 in
//!    the title with no year (as long as `max_year` < 2049). A real year in a title with
//!    no release year after it (`Wonder.Woman.1984.1080p`) is read as the release year:
//!    the name alone cannot tell them apart.
//! 5. With no year in the title region, a year alone in brackets later (`(2010)`) is used,
//!    and for movies also a bare year before the first strong tag.
//! 6. Weak tags (`Extended`, `French`, `WEB`, `PROPER`…) only count after the title, or at
//!    the end of the title when written in scene capitals (`EXTENDED`, `iNTERNAL`).
//!
//! Titles written entirely in lower case are capitalised word by word; dotted acronyms
//! are rebuilt (`S.H.I.E.L.D.`).

use super::episode::{self, Marker};
use super::extension::{split_extension, strip_partial_suffix};
use super::info::{ReleaseInfo, ReleaseKind, Resolution, Source};
use super::spam;
use super::tags::{self, Strength, Tag};
use super::tokens::{tokenize, Bracket, Group, Sep, Token, Tokens};

/// Default upper bound for release years. Callers that know the date should pass
/// `ParseOptions::for_current_year(year)` instead (this crate never reads the clock).
pub const DEFAULT_MAX_YEAR: u16 = 2035;

/// Release names longer than this many bytes (before the extension) are cut before
/// parsing; real names are far shorter, and this bounds the work on hostile input.
pub const MAX_PARSE_BYTES: usize = 1024;

/// Knobs for [`parse_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Highest number accepted as a release year; larger four-digit numbers stay in the
    /// title (`Blade Runner 2049`).
    pub max_year: u16,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_year: DEFAULT_MAX_YEAR,
        }
    }
}

impl ParseOptions {
    /// Options for a caller that knows the current year: years up to next year count.
    pub fn for_current_year(year: u16) -> Self {
        ParseOptions {
            max_year: year.saturating_add(1),
        }
    }
}

/// Parses a release name (or a file name, or a path: only the last component is used)
/// with default options. Never fails; unknown parts are left empty.
///
/// ```
/// use streamvault_core::rename::{parse, ReleaseKind};
/// let info = parse("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
/// assert_eq!(info.title, "The Matrix");
/// assert_eq!(info.year, Some(1999));
/// assert_eq!(info.kind, ReleaseKind::Movie);
/// assert_eq!(info.group.as_deref(), Some("GROUP"));
/// ```
pub fn parse(name: &str) -> ReleaseInfo {
    parse_with(name, &ParseOptions::default())
}

/// Parses a release name with explicit options.
pub fn parse_with(name: &str, opts: &ParseOptions) -> ReleaseInfo {
    let base = name
        .rsplit(['/', '\\'])
        .find(|p| !p.trim().is_empty())
        .unwrap_or("")
        .trim();
    let base = strip_partial_suffix(base);
    let (stem, extension) = split_extension(base);
    let stem = cut(stem, MAX_PARSE_BYTES);
    let stem = spam::strip_trailing(spam::strip_leading(stem));
    let mut info = Parser::new(tokenize(stem), opts.max_year).run();
    info.extension = extension;
    info
}

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// What a token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ann {
    /// Ordinary word.
    Word,
    /// First token of a tag spanning `len` tokens.
    Tag {
        tags: Vec<Tag>,
        strength: Strength,
        len: usize,
    },
    /// Later token of a multi-token tag.
    Cont,
    /// Inside a spam bracket group.
    Spam,
}

/// Abbreviations whose dot is kept when a dotted name is turned into words.
const ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "jr", "sr", "st", "vol", "vs"];

/// Longest run of tokens joined into one tag (`DTS-HD.MA.5.1`).
const MAX_TAG_TOKENS: usize = 5;

/// Parser state: tokens, bracket groups and what each token is.
pub(crate) struct Parser {
    pub(crate) toks: Vec<Token>,
    pub(crate) groups: Vec<Group>,
    pub(crate) ann: Vec<Ann>,
    max_year: u16,
}

/// Scene capitals: at least two letters and at most one lower-case one (`EXTENDED`,
/// `iNTERNAL`, `MULTi`).
fn scene_cased(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    letters >= 2 && lower <= 1
}

impl Parser {
    fn new(tokens: Tokens, max_year: u16) -> Self {
        let n = tokens.tokens.len();
        let mut p = Parser {
            toks: tokens.tokens,
            groups: tokens.groups,
            ann: vec![Ann::Word; n],
            max_year,
        };
        p.annotate();
        p
    }

    fn annotate(&mut self) {
        for g in &self.groups {
            if spam::is_spam_group(&g.raw) {
                for a in &mut self.ann[g.start..g.end] {
                    *a = Ann::Spam;
                }
            }
        }
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if self.ann[i] == Ann::Spam {
                i += 1;
                continue;
            }
            let mut matched = 1;
            for k in (1..=MAX_TAG_TOKENS.min(n - i)).rev() {
                let span = &self.toks[i..i + k];
                let same_group = span.iter().all(|t| t.group == span[0].group);
                let glued = span[1..]
                    .iter()
                    .all(|t| matches!(t.sep, Sep::Plain | Sep::Hyphen));
                if !same_group || !glued || self.ann[i..i + k].contains(&Ann::Spam) {
                    continue;
                }
                let squashed: String = span
                    .iter()
                    .flat_map(|t| t.lower.chars())
                    .filter(|c| *c != '\'' && *c != '’')
                    .collect();
                if let Some((tags, strength)) = tags::classify(&squashed) {
                    self.ann[i] = Ann::Tag {
                        tags,
                        strength,
                        len: k,
                    };
                    for a in &mut self.ann[i + 1..i + k] {
                        *a = Ann::Cont;
                    }
                    matched = k;
                    break;
                }
            }
            i += matched;
        }
    }

    pub(crate) fn is_strong(&self, i: usize) -> bool {
        matches!(
            self.ann[i],
            Ann::Tag {
                strength: Strength::Strong,
                ..
            }
        )
    }

    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.ann[i] == Ann::Word
    }

    /// Start index of the tag span containing `i`, if `i` is part of a tag.
    fn tag_start(&self, i: usize) -> Option<usize> {
        let mut s = i;
        while self.ann[s] == Ann::Cont {
            s = s.checked_sub(1)?;
        }
        matches!(self.ann[s], Ann::Tag { .. }).then_some(s)
    }

    fn weak_scene_tag_span(&self, i: usize) -> Option<(usize, usize)> {
        let s = self.tag_start(i)?;
        let Ann::Tag {
            strength: Strength::Weak,
            len,
            ..
        } = self.ann[s]
        else {
            return None;
        };
        let span = (s, s + len);
        self.toks[span.0..span.1]
            .iter()
            .all(|t| scene_cased(&t.text) || t.text.chars().all(|c| c.is_ascii_digit()))
            .then_some(span)
    }

    fn year_at(&self, i: usize) -> Option<u16> {
        if self.is_word(i) {
            episode::year(&self.toks[i].lower, self.max_year)
        } else {
            None
        }
    }

    /// Skips leading bracket groups; returns (title start, anime group).
    fn leading(&self) -> (usize, Option<String>) {
        let n = self.toks.len();
        let mut i = 0;
        let mut group = None;
        while i < n {
            let Some(g) = self.toks[i].group.map(|g| &self.groups[g]) else {
                break;
            };
            if g.start != i {
                break;
            }
            let all = |f: &dyn Fn(usize) -> bool| (g.start..g.end).all(f);
            let skip = all(&|j| self.ann[j] == Ann::Spam)
                || all(&|j| matches!(self.ann[j], Ann::Tag { .. } | Ann::Cont));
            if skip {
                i = g.end;
                continue;
            }
            if g.bracket == Bracket::Round || group.is_some() || g.end >= n {
                break;
            }
            group = Some(g.raw.clone());
            i = g.end;
        }
        (i, group)
    }

    fn run(self) -> ReleaseInfo {
        let n = self.toks.len();
        let mut info = ReleaseInfo::default();
        let (title_start, anime_group) = self.leading();

        let first_strong = (title_start..n).find(|&j| self.is_strong(j)).unwrap_or(n);
        // Markers may start on weak tags (`Complete Series`) but not inside strong ones.
        let skip = |j: usize| matches!(self.ann[j], Ann::Spam | Ann::Cont) || self.is_strong(j);
        let marker: Option<Marker> =
            episode::find_strong(&self.toks, title_start, first_strong, self.max_year, skip)
                .or_else(|| {
                    episode::find_absolute(&self.toks, title_start, first_strong, self.max_year)
                });
        let in_marker = |j: usize| {
            marker
                .as_ref()
                .is_some_and(|m| (m.start..m.end).contains(&j))
        };

        let first_group = self
            .groups
            .iter()
            .find(|g| g.start > title_start && self.ann[g.start] != Ann::Spam)
            .map_or(n, |g| g.start);
        let limit = first_strong
            .min(first_group)
            .min(marker.as_ref().map_or(n, |m| m.start));

        // Release year: last year-like word after the first title word.
        let mut year_idx = (title_start + 1..limit)
            .rev()
            .find(|&j| self.toks[j].group.is_none() && self.year_at(j).is_some());
        let title_end = year_idx.unwrap_or(limit);
        info.year = year_idx.and_then(|j| self.year_at(j));
        if info.year.is_none() {
            for j in limit..n {
                if let Some(g) = self.toks[j].group.map(|g| &self.groups[g]) {
                    if g.end - g.start == 1 && self.year_at(j).is_some() {
                        year_idx = Some(j);
                        break;
                    }
                    continue;
                }
                // Bare years after the title only count for movies, before the tags.
                if marker.is_some() {
                    continue;
                }
                if self.is_strong(j) {
                    break;
                }
                if self.year_at(j).is_some() {
                    year_idx = Some(j);
                    break;
                }
            }
            info.year = year_idx.and_then(|j| self.year_at(j));
        }

        // Title words, minus trailing weak tags in scene capitals.
        let mut title: Vec<usize> = (title_start..title_end)
            .filter(|&j| self.ann[j] != Ann::Spam)
            .collect();
        let mut trimmed: Vec<usize> = Vec::new();
        while let Some(&last) = title.last() {
            match self.weak_scene_tag_span(last) {
                Some((s, e)) if title.first().is_some_and(|&f| f < s) && title.contains(&s) => {
                    title.retain(|&j| j < s);
                    trimmed.extend(s..e);
                }
                _ => break,
            }
        }
        info.title = self.join(&title);
        if !info.title.chars().any(char::is_uppercase) {
            info.title = capitalise(&info.title);
        }

        // Release group.
        let group_tokens = self.group_run(title_end, year_idx, &in_marker);
        info.group = anime_group
            .or_else(|| self.run_text(&group_tokens))
            .or_else(|| self.dash_group(first_strong, &in_marker))
            .or_else(|| self.after_codec_group(&in_marker));

        // Episode data.
        let mut ep_title: Vec<usize> = Vec::new();
        if let Some(m) = &marker {
            info.season = m.season;
            info.season_end = m.season_end;
            info.episodes = m.episodes.clone();
            info.air_date = m.air_date.clone();
            info.kind = if !m.episodes.is_empty() || m.air_date.is_some() {
                ReleaseKind::Episode
            } else {
                ReleaseKind::SeasonPack
            };
            if info.kind == ReleaseKind::Episode {
                ep_title = self.episode_title(m.end, &group_tokens);
                // `Show.S01E01.2004.DVDRip`: a lone year after the marker is the year.
                if let [only] = ep_title[..] {
                    if info.year.is_none() && self.year_at(only).is_some() {
                        info.year = self.year_at(only);
                        ep_title.clear();
                    }
                }
                if !self.has_word(&ep_title) {
                    ep_title.clear();
                }
                let text = self.join(&ep_title);
                info.episode_title = (!text.is_empty()).then_some(text);
            }
        }

        // Technical fields from every tag outside the title and episode title.
        let mut res_hint = None;
        for j in 0..n {
            let Ann::Tag { tags, strength, .. } = &self.ann[j] else {
                continue;
            };
            let after_title = j < title_start || j >= title_end || trimmed.contains(&j);
            let used = ep_title.contains(&j) || title.contains(&j) || in_marker(j);
            if used || (*strength == Strength::Weak && !after_title) {
                continue;
            }
            for tag in tags {
                apply(&mut info, tag, &mut res_hint);
            }
        }
        if info.resolution.is_none() {
            info.resolution = res_hint;
        }
        info
    }

    /// Words after the marker up to the first strong tag, bracket or group.
    fn episode_title(&self, from: usize, group_tokens: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for j in from..self.toks.len() {
            if self.toks[j].group.is_some() || self.is_strong(j) || group_tokens.contains(&j) {
                break;
            }
            if matches!(self.ann[j], Ann::Cont) && !out.contains(&(j - 1)) {
                continue;
            }
            out.push(j);
        }
        // Drop weak tags in scene capitals at either end (`PROPER`, `FRENCH`).
        loop {
            let before = out.len();
            if let Some(&last) = out.last() {
                if let Some((s, _)) = self.weak_scene_tag_span(last) {
                    out.retain(|&j| j < s);
                }
            }
            if let Some(&first) = out.first() {
                if let Some((_, e)) = self.weak_scene_tag_span(first) {
                    out.retain(|&j| j >= e);
                }
            }
            if out.len() == before {
                break;
            }
        }
        out
    }

    /// Whether the tokens hold a real word (not just tags like `Web` or numbers).
    fn has_word(&self, idx: &[usize]) -> bool {
        idx.iter()
            .any(|&j| self.is_word(j) && self.toks[j].text.chars().any(char::is_alphabetic))
    }

    /// Joins token indices into display text, rebuilding acronyms and round brackets.
    fn join(&self, idx: &[usize]) -> String {
        let mut s = String::new();
        let single_upper = |j: usize| {
            let mut cs = self.toks[j].text.chars();
            matches!((cs.next(), cs.next(), cs.next()), (Some(c), None | Some('.'), None) if c.is_uppercase())
        };
        let mut k = 0;
        while k < idx.len() {
            let j = idx[k];
            // Acronym run: single capitals separated by single dots.
            let mut run_end = k;
            while run_end + 1 < idx.len()
                && single_upper(idx[run_end])
                && single_upper(idx[run_end + 1])
                && idx[run_end + 1] == idx[run_end] + 1
                && self.toks[idx[run_end + 1]].dot
            {
                run_end += 1;
            }
            if k > 0 {
                s.push_str(match self.toks[j].sep {
                    Sep::Hyphen => "-",
                    Sep::Dash => " - ",
                    _ => " ",
                });
            }
            if run_end > k {
                for &r in &idx[k..=run_end] {
                    s.push_str(self.toks[r].text.trim_end_matches('.'));
                    s.push('.');
                }
                k = run_end + 1;
                continue;
            }
            let round = self.toks[j]
                .group
                .map(|g| &self.groups[g])
                .filter(|g| g.bracket == Bracket::Round);
            if round.is_some_and(|g| g.start == j) {
                s.push('(');
            }
            s.push_str(&self.toks[j].text);
            // `Dr.Strangelove` → `Dr. Strangelove`: abbreviations keep their dot.
            let next_dotted = idx
                .get(k + 1)
                .is_some_and(|&n| n == j + 1 && self.toks[n].dot);
            if next_dotted && ABBREVIATIONS.contains(&self.toks[j].lower.as_str()) {
                s.push('.');
            }
            if round.is_some_and(|g| g.end == j + 1) {
                s.push(')');
            }
            k += 1;
        }
        s
    }
}

fn capitalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start && c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ';
    }
    out
}

fn push_unique(list: &mut Vec<String>, v: &str) {
    if !list.iter().any(|x| x == v) {
        list.push(v.to_owned());
    }
}

fn apply(info: &mut ReleaseInfo, tag: &Tag, res_hint: &mut Option<Resolution>) {
    match tag {
        Tag::Resolution(r) => {
            info.resolution.get_or_insert(*r);
        }
        Tag::ResolutionHint(r) => {
            res_hint.get_or_insert(*r);
        }
        Tag::Source(s) => match info.source {
            None => info.source = Some(*s),
            // A generic `WEB` gives way to `WEB-DL`/`WEBRip` seen later.
            Some(Source::Web) if matches!(s, Source::WebDl | Source::WebRip) => {
                info.source = Some(*s)
            }
            _ => {}
        },
        Tag::Remux => info.remux = true,
        Tag::Codec(c) => {
            info.video_codec.get_or_insert(*c);
        }
        Tag::Audio(a) => push_unique(&mut info.audio, a),
        Tag::Hdr(h) => push_unique(&mut info.hdr, h),
        Tag::BitDepth(b) => {
            info.bit_depth.get_or_insert(*b);
        }
        Tag::Edition(e) => {
            info.edition.get_or_insert_with(|| (*e).to_owned());
        }
        Tag::Service(s) => {
            info.streaming_service
                .get_or_insert_with(|| (*s).to_owned());
        }
        Tag::Language(l) => push_unique(&mut info.languages, l),
        Tag::Flag(f) => push_unique(&mut info.flags, f),
        Tag::Noise => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_inside_titles() {
        let i = parse("2001.A.Space.Odyssey.1968.1080p.BluRay.x264-GRP");
        assert_eq!(
            (i.title.as_str(), i.year),
            ("2001 A Space Odyssey", Some(1968))
        );
        let i = parse("Blade.Runner.2049.2017.1080p.WEB-DL");
        assert_eq!(
            (i.title.as_str(), i.year),
            ("Blade Runner 2049", Some(2017))
        );
        let i = parse("1917.2019.1080p");
        assert_eq!((i.title.as_str(), i.year), ("1917", Some(2019)));
        let i = parse("Blade Runner 2049 1080p");
        assert_eq!((i.title.as_str(), i.year), ("Blade Runner 2049", None));
        let i = parse_with(
            "Blade Runner 2049 1080p",
            &ParseOptions::for_current_year(2026),
        );
        assert_eq!((i.title.as_str(), i.year), ("Blade Runner 2049", None));
    }

    #[test]
    fn extension_and_path() {
        let i = parse("/downloads/x/Movie.2010.720p.MKV");
        assert_eq!(
            (i.title.as_str(), i.extension.as_deref()),
            ("Movie", Some("mkv"))
        );
        assert_eq!(parse("Movie.2010.TS").source, Some(Source::Telesync));
        assert_eq!(parse("").title, "");
        assert_eq!(parse("../../etc/passwd").title, "Passwd");
    }

    #[test]
    fn acronyms_and_case() {
        assert_eq!(
            parse("Marvels.Agents.of.S.H.I.E.L.D.S01E01.720p").title,
            "Marvels Agents of S.H.I.E.L.D."
        );
        assert_eq!(parse("the.matrix.1999.720p").title, "The Matrix");
    }
}
