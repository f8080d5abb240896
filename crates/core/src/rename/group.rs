//! Release-group detection: `x264-GROUP`, `-D-Z0N3`, YIFY-style `… - YIFY` and
//! `….x264.YIFY`. (A leading anime `[Group]` is found by the parser itself.)

use super::parse::{Ann, Parser};
use super::tags::Tag;
use super::tokens::Sep;

/// Trailing words that obfuscating uploaders glue after the group.
const GROUP_JUNK: &[&str] = &[
    "obfuscated",
    "scrambled",
    "postbot",
    "xpost",
    "rakuten",
    "asrequested",
    "buymore",
    "rp",
];

impl Parser {
    /// Indices of the trailing `-GROUP` run (possibly `-D-Z0N3`), empty if none.
    pub(crate) fn group_run(
        &self,
        title_end: usize,
        year_idx: Option<usize>,
        in_marker: &dyn Fn(usize) -> bool,
    ) -> Vec<usize> {
        let main: Vec<usize> = (0..self.toks.len())
            .filter(|&j| self.toks[j].group.is_none() && self.ann[j] != Ann::Spam)
            .collect();
        let mut it = main.iter().rev().peekable();
        // Skip obfuscation junk glued after the group.
        while let Some(&&j) = it.peek() {
            if self.toks[j].sep == Sep::Hyphen && GROUP_JUNK.contains(&self.toks[j].lower.as_str())
            {
                it.next();
            } else {
                break;
            }
        }
        let mut run = Vec::new();
        for &j in it {
            let t = &self.toks[j];
            if t.sep != Sep::Hyphen
                || !self.is_word(j)
                || j < title_end
                || Some(j) == year_idx
                || in_marker(j)
            {
                break;
            }
            run.push(j);
        }
        run.reverse();
        // The run must follow something that is not itself part of the title.
        match run.first() {
            Some(&f) if f > title_end || (f == title_end && year_idx.is_some()) => run,
            _ => Vec::new(),
        }
    }

    /// The text of a group run, joined by hyphens (`D-Z0N3`).
    pub(crate) fn run_text(&self, run: &[usize]) -> Option<String> {
        (!run.is_empty()).then(|| {
            run.iter()
                .map(|&j| self.toks[j].text.as_str())
                .collect::<Vec<_>>()
                .join("-")
        })
    }

    /// YIFY style `… x264 - 1.4GB - YIFY`: a last word after a spaced dash, past the tags.
    pub(crate) fn dash_group(
        &self,
        first_strong: usize,
        in_marker: &dyn Fn(usize) -> bool,
    ) -> Option<String> {
        let j = (0..self.toks.len())
            .rev()
            .find(|&j| self.toks[j].group.is_none() && self.ann[j] != Ann::Spam)?;
        let t = &self.toks[j];
        let ok = t.sep == Sep::Dash
            && j > first_strong
            && self.is_word(j)
            && !in_marker(j)
            && t.text.chars().any(char::is_alphabetic)
            && !GROUP_JUNK.contains(&t.lower.as_str());
        ok.then(|| t.text.clone())
    }

    /// `….x264.YIFY`: the last word, right after the video codec tag.
    pub(crate) fn after_codec_group(&self, in_marker: &dyn Fn(usize) -> bool) -> Option<String> {
        let j = (0..self.toks.len())
            .rev()
            .find(|&j| self.toks[j].group.is_none() && self.ann[j] != Ann::Spam)?;
        let prev = j.checked_sub(1)?;
        let after_codec = matches!(&self.ann[prev], Ann::Tag { tags, .. } if tags.iter().any(|t| matches!(t, Tag::Codec(_))));
        let t = &self.toks[j];
        let ok = after_codec
            && self.toks[prev].group.is_none()
            && t.sep == Sep::Plain
            && self.is_word(j)
            && !in_marker(j)
            && t.text.chars().any(char::is_alphabetic);
        ok.then(|| t.text.clone())
    }
}
