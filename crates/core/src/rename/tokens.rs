//! Splits a release name into words, remembering what separated them and which bracket
//! group each word sits in.

/// What stood between a token and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    /// First token of the name.
    Start,
    /// Dots, underscores or spaces (the usual word separators).
    Plain,
    /// A hyphen glued to both neighbours: `WEB-DL`, `x264-GROUP`, `Spider-Man`.
    Hyphen,
    /// A dash with spaces (or `_-_`, `~`, en/em dash): `Title - 05`.
    Dash,
}

/// Kind of bracket around a group of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bracket {
    /// `[...]`, `【...】`, `「...」`, `『...』`.
    Square,
    /// `(...)`.
    Round,
    /// `{...}`.
    Curly,
}

/// One word of a release name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Original text.
    pub text: String,
    /// Lower-cased text.
    pub lower: String,
    /// Separator before this token.
    pub sep: Sep,
    /// The separator was exactly one dot (used to rebuild acronyms like `S.H.I.E.L.D.`).
    pub dot: bool,
    /// Index into [`Tokens::groups`] when the token is inside brackets.
    pub group: Option<usize>,
}

/// A bracketed run of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// Bracket kind.
    pub bracket: Bracket,
    /// Raw text between the brackets, trimmed.
    pub raw: String,
    /// First token index (inclusive).
    pub start: usize,
    /// Last token index (exclusive).
    pub end: usize,
}

/// Tokens plus bracket groups.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokens {
    /// Words in order.
    pub tokens: Vec<Token>,
    /// Bracket groups in order.
    pub groups: Vec<Group>,
}

#[derive(Default)]
struct Pending {
    plain: usize,
    dots: usize,
    hyphen: bool,
    dash: bool,
    space: bool,
    bracket: bool,
}

fn open_bracket(c: char) -> Option<Bracket> {
    match c {
        '[' | '【' | '「' | '『' => Some(Bracket::Square),
        '(' => Some(Bracket::Round),
        '{' => Some(Bracket::Curly),
        _ => None,
    }
}

fn close_bracket(c: char) -> bool {
    matches!(c, ']' | '】' | '」' | '』' | ')' | '}')
}

/// Splits `s` into tokens.
///
/// In names separated by spaces rather than dots (`Mr. Robot S01E01`), a dot that ends a
/// word and is followed by a space is punctuation and stays in the word (`Mr.`).
pub(crate) fn tokenize(s: &str) -> Tokens {
    let mut out = Tokens::default();
    let mut buf = String::new();
    let mut pending = Pending::default();
    let mut open: Option<(Bracket, String, usize)> = None;
    let spaces = s.chars().filter(|c| *c == ' ').count();
    let space_mode = spaces > 0 && spaces >= s.chars().filter(|c| *c == '.').count();
    let mut chars = s.chars().peekable();

    while let Some(c) = chars.next() {
        if c == '.'
            && space_mode
            && buf.chars().last().is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| *n == ' ')
        {
            buf.push(c);
            if let Some((_, raw, _)) = open.as_mut() {
                raw.push(c);
            }
            continue;
        }
        if let Some(kind) = open_bracket(c) {
            flush(&mut out, &mut buf, &mut pending);
            if let Some((b, raw, start)) = open.take() {
                // Nested or unclosed bracket: close the outer one here.
                push_group(&mut out, b, raw, start);
            }
            open = Some((kind, String::new(), out.tokens.len()));
            pending.bracket = true;
            continue;
        }
        if close_bracket(c) {
            flush(&mut out, &mut buf, &mut pending);
            if let Some((b, raw, start)) = open.take() {
                push_group(&mut out, b, raw, start);
            }
            pending.bracket = true;
            continue;
        }
        if let Some((_, raw, _)) = open.as_mut() {
            raw.push(c);
        }
        match c {
            '.' => {
                flush(&mut out, &mut buf, &mut pending);
                pending.plain += 1;
                pending.dots += 1;
            }
            '_' => {
                flush(&mut out, &mut buf, &mut pending);
                pending.plain += 1;
            }
            '-' | '‐' => {
                flush(&mut out, &mut buf, &mut pending);
                if pending.hyphen {
                    pending.dash = true;
                }
                pending.hyphen = true;
            }
            '~' | '–' | '—' | '|' => {
                flush(&mut out, &mut buf, &mut pending);
                pending.dash = true;
            }
            c if c.is_whitespace() || c.is_control() => {
                flush(&mut out, &mut buf, &mut pending);
                pending.plain += 1;
                pending.space = true;
            }
            c => buf.push(c),
        }
    }
    flush(&mut out, &mut buf, &mut pending);
    if let Some((b, raw, start)) = open.take() {
        push_group(&mut out, b, raw, start);
    }
    out
}

fn push_group(out: &mut Tokens, bracket: Bracket, raw: String, start: usize) {
    let end = out.tokens.len();
    if end > start {
        let idx = out.groups.len();
        for t in &mut out.tokens[start..end] {
            t.group = Some(idx);
        }
        out.groups.push(Group {
            bracket,
            raw: raw.trim().to_owned(),
            start,
            end,
        });
    }
}

fn flush(out: &mut Tokens, buf: &mut String, pending: &mut Pending) {
    if buf.is_empty() {
        return;
    }
    let sep = if out.tokens.is_empty() {
        Sep::Start
    } else if pending.dash || (pending.hyphen && (pending.plain > 0 || pending.bracket)) {
        if pending.hyphen && !pending.space && !pending.dash && pending.bracket {
            // `x264-[GROUP]` style: treat like a plain separator.
            Sep::Plain
        } else {
            Sep::Dash
        }
    } else if pending.hyphen {
        Sep::Hyphen
    } else {
        Sep::Plain
    };
    let dot = pending.dots == 1 && pending.plain == 1 && !pending.hyphen && !pending.bracket;
    let text = std::mem::take(buf);
    out.tokens.push(Token {
        lower: text.to_lowercase(),
        text,
        sep,
        dot,
        group: None,
    });
    *pending = Pending::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seps(s: &str) -> Vec<(String, Sep)> {
        tokenize(s)
            .tokens
            .into_iter()
            .map(|t| (t.text, t.sep))
            .collect()
    }

    #[test]
    fn separators_are_classified() {
        let t = seps("Show.Name - 05 WEB-DL x264-GRP");
        assert_eq!(
            t,
            vec![
                ("Show".into(), Sep::Start),
                ("Name".into(), Sep::Plain),
                ("05".into(), Sep::Dash),
                ("WEB".into(), Sep::Plain),
                ("DL".into(), Sep::Hyphen),
                ("x264".into(), Sep::Plain),
                ("GRP".into(), Sep::Hyphen),
            ]
        );
        assert_eq!(seps("A_-_05")[1].1, Sep::Dash);
    }

    #[test]
    fn brackets_form_groups() {
        let t = tokenize("[Erai-raws] Title - 05 [1080p][ABCD1234]");
        assert_eq!(t.groups.len(), 3);
        assert_eq!(t.groups[0].raw, "Erai-raws");
        assert_eq!(t.groups[0].bracket, Bracket::Square);
        assert_eq!((t.groups[0].start, t.groups[0].end), (0, 2));
        assert_eq!(t.tokens[2].group, None);
        assert_eq!(t.groups[2].raw, "ABCD1234");
    }

    #[test]
    fn abbreviation_dots_in_spaced_names() {
        let t: Vec<String> = tokenize("Mr. Robot S01E01 DD5.1")
            .tokens
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["Mr.", "Robot", "S01E01", "DD5", "1"]);
        let t: Vec<String> = tokenize("Mr.Robot.S01E01")
            .tokens
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["Mr", "Robot", "S01E01"]);
    }

    #[test]
    fn unclosed_brackets_do_not_panic() {
        let t = tokenize("((([Title ]]] ) x");
        assert!(!t.tokens.is_empty());
        let t = tokenize("");
        assert!(t.tokens.is_empty());
    }
}
