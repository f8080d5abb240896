//! Clean-name templates such as `{title} ({year}) {resolution} [{brand}]`.
//!
//! # Syntax
//! Literal text with placeholders in braces; `{{` and `}}` are literal braces. Numeric
//! placeholders take an optional zero-padding width: `{season:02}`.
//!
//! | placeholder       | value                                              |
//! |-------------------|----------------------------------------------------|
//! | `{title}`         | clean title                                        |
//! | `{year}`          | release year (numeric)                             |
//! | `{season}`        | season; a pack range renders `01-S03` after `S`    |
//! | `{episode}`       | episode; a range renders `01-E03` after `E`        |
//! | `{episode_title}` | episode title                                      |
//! | `{date}`          | air date `YYYY-MM-DD`                              |
//! | `{resolution}`    | `1080p`, `2160p`…                                  |
//! | `{source}`        | `BluRay`, `WEB-DL`…, plus ` REMUX` for remuxes     |
//! | `{video_codec}`   | `x264`, `HEVC`… (alias `{codec}`)                  |
//! | `{audio}`         | audio tracks, e.g. `DDP 5.1 Atmos`                 |
//! | `{group}`         | release group                                      |
//! | `{edition}`       | `Extended`, `Director's Cut`…                      |
//! | `{brand}`         | the brand tag (`StreamVault` by default)           |
//!
//! # Collapsing missing pieces
//! The template is split into words at white space. A word in which any placeholder has
//! no value is dropped whole, so `({year})` disappears without leaving `()`, and
//! `[{brand}]` disappears when the brand is empty. Then words made only of punctuation
//! (such as a lone `-`) are dropped at the start, at the end, and when they follow
//! another such word. Words are joined with single spaces. Put placeholders that should
//! survive independently in separate words.
//!
//! # Ranges
//! A multi-episode or multi-season value repeats the letters written right before the
//! placeholder: `S{season:02}E{episode:02}` renders `S01E01-E03` for episodes 1–3, and
//! `S{season:02}` renders `S01-S03` for a three-season pack. Non-consecutive episodes
//! render as `E01E03`.

use super::info::{ReleaseInfo, ReleaseKind};
use std::fmt;
use std::str::FromStr;

/// Environment variable for the movie template (read by the binary, not by this crate).
pub const ENV_TEMPLATE_MOVIE: &str = "RENAME_TEMPLATE_MOVIE";
/// Environment variable for the episode template.
pub const ENV_TEMPLATE_EPISODE: &str = "RENAME_TEMPLATE_EPISODE";
/// Environment variable for the season-pack template.
pub const ENV_TEMPLATE_SEASON_PACK: &str = "RENAME_TEMPLATE_SEASON_PACK";
/// Environment variable for the anime absolute-episode template.
pub const ENV_TEMPLATE_ABSOLUTE: &str = "RENAME_TEMPLATE_ABSOLUTE";
/// Environment variable for the daily-show (air date) template.
pub const ENV_TEMPLATE_DAILY: &str = "RENAME_TEMPLATE_DAILY";
/// Environment variable for the brand tag. Unset means [`DEFAULT_BRAND`]; set but empty
/// means no brand (the `[{brand}]` word is dropped).
pub const ENV_BRAND_TAG: &str = "BRAND_TAG";

/// Default brand tag.
pub const DEFAULT_BRAND: &str = "StreamVault";
/// Default movie template.
pub const DEFAULT_MOVIE_TEMPLATE: &str = "{title} ({year}) {resolution} [{brand}]";
/// Default episode template.
pub const DEFAULT_EPISODE_TEMPLATE: &str =
    "{title} S{season:02}E{episode:02} {resolution} [{brand}]";
/// Default season-pack template.
pub const DEFAULT_SEASON_PACK_TEMPLATE: &str = "{title} S{season:02} {resolution} [{brand}]";
/// Default template for anime absolute numbering (episodes without a season).
pub const DEFAULT_ABSOLUTE_TEMPLATE: &str = "{title} - {episode:02} {resolution} [{brand}]";
/// Default template for daily shows (air date, no season/episode).
pub const DEFAULT_DAILY_TEMPLATE: &str = "{title} {date} {resolution} [{brand}]";

/// Why a template string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{name}` is not a known placeholder.
    #[error("unknown placeholder {{{0}}}; known: title, year, season, episode, episode_title, date, resolution, source, video_codec, audio, group, edition, brand")]
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    #[error("unclosed '{{' at byte {0}")]
    Unclosed(usize),
    /// A `}` without an opening `{` (write `}}` for a literal brace).
    #[error("unmatched '}}' at byte {0} (write '}}}}' for a literal brace)")]
    Unmatched(usize),
    /// A format spec other than a width of 1–9 digits, or on a text placeholder.
    #[error("bad format {spec:?} for {{{placeholder}}}: only numeric placeholders take a width like :02")]
    BadFormat {
        /// The placeholder.
        placeholder: String,
        /// The spec after `:`.
        spec: String,
    },
}

/// A template that could not be read from configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {source}")]
pub struct TemplateConfigError {
    /// The configuration key (environment variable name).
    pub variable: &'static str,
    /// What is wrong with its value.
    #[source]
    pub source: TemplateError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Year,
    Season,
    Episode,
    EpisodeTitle,
    Date,
    Resolution,
    Source,
    VideoCodec,
    Audio,
    Group,
    Edition,
    Brand,
}

impl Field {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "title" => Field::Title,
            "year" => Field::Year,
            "season" => Field::Season,
            "episode" => Field::Episode,
            "episode_title" => Field::EpisodeTitle,
            "date" => Field::Date,
            "resolution" => Field::Resolution,
            "source" => Field::Source,
            "video_codec" | "codec" => Field::VideoCodec,
            "audio" => Field::Audio,
            "group" => Field::Group,
            "edition" => Field::Edition,
            "brand" => Field::Brand,
            _ => return None,
        })
    }

    fn numeric(self) -> bool {
        matches!(self, Field::Year | Field::Season | Field::Episode)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Field { field: Field, width: usize },
}

/// A parsed clean-name template. Build one with [`Template::parse`] or `str::parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
    words: Vec<Vec<Part>>,
}

impl Template {
    /// Parses a template (see the module docs for the syntax).
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut words = Vec::new();
        let mut word: Vec<Part> = Vec::new();
        let mut lit = String::new();
        let mut it = text.char_indices().peekable();
        let end_word = |word: &mut Vec<Part>, lit: &mut String, words: &mut Vec<Vec<Part>>| {
            if !lit.is_empty() {
                word.push(Part::Lit(std::mem::take(lit)));
            }
            if !word.is_empty() {
                words.push(std::mem::take(word));
            }
        };
        while let Some((pos, c)) = it.next() {
            match c {
                '{' if it.peek().map(|p| p.1) == Some('{') => {
                    it.next();
                    lit.push('{');
                }
                '}' if it.peek().map(|p| p.1) == Some('}') => {
                    it.next();
                    lit.push('}');
                }
                '}' => return Err(TemplateError::Unmatched(pos)),
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match it.next() {
                            Some((_, '}')) => break,
                            Some((_, ch)) => inner.push(ch),
                            None => return Err(TemplateError::Unclosed(pos)),
                        }
                    }
                    let (name, spec) = match inner.split_once(':') {
                        Some((n, s)) => (n.trim(), Some(s.trim())),
                        None => (inner.trim(), None),
                    };
                    let field = Field::from_name(name)
                        .ok_or_else(|| TemplateError::UnknownPlaceholder(name.to_owned()))?;
                    let width = match spec {
                        None => 0,
                        Some(s)
                            if field.numeric()
                                && (1..=2).contains(&s.len())
                                && s.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            s.parse().unwrap_or(0)
                        }
                        Some(s) => {
                            return Err(TemplateError::BadFormat {
                                placeholder: name.to_owned(),
                                spec: s.to_owned(),
                            })
                        }
                    };
                    if !lit.is_empty() {
                        word.push(Part::Lit(std::mem::take(&mut lit)));
                    }
                    word.push(Part::Field {
                        field,
                        width: width.min(9),
                    });
                }
                c if c.is_whitespace() => end_word(&mut word, &mut lit, &mut words),
                c => lit.push(c),
            }
        }
        end_word(&mut word, &mut lit, &mut words);
        Ok(Template {
            text: text.to_owned(),
            words,
        })
    }

    /// The template text as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Renders the template for `info` with the given brand (no extension, not yet made
    /// file-name safe; see [`clean_name`](super::clean_name) for the full pipeline).
    pub fn render(&self, info: &ReleaseInfo, brand: &str) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut last_punct = true; // treat the start like punctuation: drop leading ones
        for word in &self.words {
            let Some(text) = render_word(word, info, brand) else {
                continue;
            };
            let punct = !text.chars().any(char::is_alphanumeric);
            if punct && last_punct {
                continue;
            }
            last_punct = punct;
            out.push(text);
        }
        while out
            .last()
            .is_some_and(|w| !w.chars().any(char::is_alphanumeric))
        {
            out.pop();
        }
        out.join(" ")
    }
}

impl FromStr for Template {
    type Err = TemplateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Template::parse(s)
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn pad(n: u32, width: usize) -> String {
    format!("{n:0width$}")
}

/// Renders numbers: one → `01`; consecutive → `01-E03`; otherwise `01E03E05`.
fn number_list(nums: &[u32], width: usize, prefix: &str) -> Option<String> {
    let (&first, rest) = nums.split_first()?;
    let mut s = pad(first, width);
    let consecutive = nums.windows(2).all(|w| w[1] == w[0] + 1);
    if let (true, Some(&last)) = (consecutive, rest.last()) {
        s.push('-');
        s.push_str(prefix);
        s.push_str(&pad(last, width));
    } else {
        for &n in rest {
            s.push_str(prefix);
            s.push_str(&pad(n, width));
        }
    }
    Some(s)
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn value(
    field: Field,
    width: usize,
    prefix: &str,
    info: &ReleaseInfo,
    brand: &str,
) -> Option<String> {
    match field {
        Field::Title => non_empty(&info.title),
        Field::Year => info.year.map(|y| pad(u32::from(y), width)),
        Field::Season => {
            let first = info.season?;
            match info.season_end {
                Some(last) => Some(format!(
                    "{}-{prefix}{}",
                    pad(first, width),
                    pad(last, width)
                )),
                None => Some(pad(first, width)),
            }
        }
        Field::Episode => number_list(&info.episodes, width, prefix),
        Field::EpisodeTitle => info.episode_title.as_deref().and_then(non_empty),
        Field::Date => info.air_date.clone(),
        Field::Resolution => info.resolution.map(|r| r.to_string()),
        Field::Source => match (info.source, info.remux) {
            (Some(s), true) => Some(format!("{s} REMUX")),
            (Some(s), false) => Some(s.to_string()),
            (None, true) => Some("REMUX".to_owned()),
            (None, false) => None,
        },
        Field::VideoCodec => info.video_codec.map(|c| c.to_string()),
        Field::Audio => non_empty(&info.audio.join(" ")),
        Field::Group => info.group.as_deref().and_then(non_empty),
        Field::Edition => info.edition.as_deref().and_then(non_empty),
        Field::Brand => non_empty(brand),
    }
}

/// Trailing letters of the literal right before a placeholder (`S` in `S{season}`).
fn letter_prefix(prev: Option<&Part>) -> &str {
    match prev {
        Some(Part::Lit(s)) => {
            let start = s
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(s.len(), |(i, _)| i);
            &s[start..]
        }
        _ => "",
    }
}

fn render_word(word: &[Part], info: &ReleaseInfo, brand: &str) -> Option<String> {
    let mut s = String::new();
    for (i, part) in word.iter().enumerate() {
        match part {
            Part::Lit(l) => s.push_str(l),
            Part::Field { field, width } => {
                let prev = i.checked_sub(1).and_then(|p| word.get(p));
                s.push_str(&value(*field, *width, letter_prefix(prev), info, brand)?);
            }
        }
    }
    Some(s)
}

/// The set of templates used by [`clean_name`](super::clean_name), one per kind of
/// release, plus the brand tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// Movies ([`DEFAULT_MOVIE_TEMPLATE`]).
    pub movie: Template,
    /// Episodes with a season ([`DEFAULT_EPISODE_TEMPLATE`]).
    pub episode: Template,
    /// Season packs ([`DEFAULT_SEASON_PACK_TEMPLATE`]).
    pub season_pack: Template,
    /// Episodes numbered without a season, typical of anime ([`DEFAULT_ABSOLUTE_TEMPLATE`]).
    pub absolute: Template,
    /// Daily shows identified by air date ([`DEFAULT_DAILY_TEMPLATE`]).
    pub daily: Template,
    /// Brand tag; empty means no brand.
    pub brand: String,
}

fn builtin(text: &str) -> Template {
    // The defaults are constants covered by tests; fall back to an empty template rather
    // than panicking if one were ever edited into something invalid.
    Template::parse(text).unwrap_or(Template {
        text: String::new(),
        words: Vec::new(),
    })
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            movie: builtin(DEFAULT_MOVIE_TEMPLATE),
            episode: builtin(DEFAULT_EPISODE_TEMPLATE),
            season_pack: builtin(DEFAULT_SEASON_PACK_TEMPLATE),
            absolute: builtin(DEFAULT_ABSOLUTE_TEMPLATE),
            daily: builtin(DEFAULT_DAILY_TEMPLATE),
            brand: DEFAULT_BRAND.to_owned(),
        }
    }
}

impl Templates {
    /// Builds templates from a key lookup, e.g. `Templates::from_lookup(|k|
    /// std::env::var(k).ok())` in the binary. Keys are the `ENV_*` constants; a missing
    /// or blank template keeps its default; `BRAND_TAG` unset keeps `StreamVault`, set to
    /// an empty string removes the brand.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, TemplateConfigError> {
        let mut t = Templates::default();
        let slots: [(&'static str, &mut Template); 5] = [
            (ENV_TEMPLATE_MOVIE, &mut t.movie),
            (ENV_TEMPLATE_EPISODE, &mut t.episode),
            (ENV_TEMPLATE_SEASON_PACK, &mut t.season_pack),
            (ENV_TEMPLATE_ABSOLUTE, &mut t.absolute),
            (ENV_TEMPLATE_DAILY, &mut t.daily),
        ];
        for (variable, slot) in slots {
            if let Some(text) = lookup(variable).filter(|v| !v.trim().is_empty()) {
                *slot = Template::parse(&text)
                    .map_err(|source| TemplateConfigError { variable, source })?;
            }
        }
        if let Some(brand) = lookup(ENV_BRAND_TAG) {
            t.brand = brand.trim().to_owned();
        }
        Ok(t)
    }

    /// The template that applies to `info`: movie, season pack, episode (with a season),
    /// absolute (episodes without a season) or daily (air date only).
    pub fn for_info(&self, info: &ReleaseInfo) -> &Template {
        match info.kind {
            ReleaseKind::Movie => &self.movie,
            ReleaseKind::SeasonPack => &self.season_pack,
            ReleaseKind::Episode if info.season.is_some() && !info.episodes.is_empty() => {
                &self.episode
            }
            ReleaseKind::Episode if !info.episodes.is_empty() => &self.absolute,
            ReleaseKind::Episode if info.air_date.is_some() => &self.daily,
            ReleaseKind::Episode => &self.episode,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rename::info::Resolution;

    fn info() -> ReleaseInfo {
        ReleaseInfo {
            title: "The Matrix".into(),
            year: Some(1999),
            resolution: Some(Resolution::P1080),
            ..ReleaseInfo::default()
        }
    }

    #[test]
    fn defaults_parse() {
        for t in [
            DEFAULT_MOVIE_TEMPLATE,
            DEFAULT_EPISODE_TEMPLATE,
            DEFAULT_SEASON_PACK_TEMPLATE,
            DEFAULT_ABSOLUTE_TEMPLATE,
            DEFAULT_DAILY_TEMPLATE,
        ] {
            assert!(Template::parse(t).is_ok(), "{t}");
        }
    }

    #[test]
    fn missing_pieces_collapse() {
        let t = Template::parse(DEFAULT_MOVIE_TEMPLATE).unwrap();
        assert_eq!(t.render(&info(), "SV"), "The Matrix (1999) 1080p [SV]");
        let mut i = info();
        i.year = None;
        i.resolution = None;
        assert_eq!(t.render(&i, ""), "The Matrix");
        let t = Template::parse("- {title} - {year} - {group} -").unwrap();
        assert_eq!(t.render(&i, ""), "The Matrix");
    }

    #[test]
    fn ranges_repeat_prefix() {
        let t = Template::parse(DEFAULT_EPISODE_TEMPLATE).unwrap();
        let mut i = info();
        i.season = Some(1);
        i.episodes = vec![1, 2, 3];
        assert_eq!(t.render(&i, "B"), "The Matrix S01E01-E03 1080p [B]");
        i.episodes = vec![1, 3];
        assert_eq!(t.render(&i, "B"), "The Matrix S01E01E03 1080p [B]");
        let t = Template::parse(DEFAULT_SEASON_PACK_TEMPLATE).unwrap();
        i.season_end = Some(3);
        assert_eq!(t.render(&i, "B"), "The Matrix S01-S03 1080p [B]");
    }

    #[test]
    fn errors() {
        assert_eq!(
            Template::parse("{nope}"),
            Err(TemplateError::UnknownPlaceholder("nope".into()))
        );
        assert_eq!(Template::parse("{title"), Err(TemplateError::Unclosed(0)));
        assert_eq!(Template::parse("a}"), Err(TemplateError::Unmatched(1)));
        assert!(matches!(
            Template::parse("{title:02}"),
            Err(TemplateError::BadFormat { .. })
        ));
        assert_eq!(Template::parse("{{x}}").unwrap().render(&info(), ""), "{x}");
    }

    #[test]
    fn from_lookup() {
        let t = Templates::from_lookup(|k| match k {
            ENV_TEMPLATE_MOVIE => Some("{title} {year}".into()),
            ENV_BRAND_TAG => Some(String::new()),
            _ => None,
        })
        .unwrap();
        assert_eq!(t.movie.as_str(), "{title} {year}");
        assert_eq!(t.brand, "");
        assert_eq!(t.episode.as_str(), DEFAULT_EPISODE_TEMPLATE);
        let e = Templates::from_lookup(|k| (k == ENV_TEMPLATE_EPISODE).then(|| "{x}".into()))
            .unwrap_err();
        assert_eq!(e.variable, ENV_TEMPLATE_EPISODE);
    }
}
