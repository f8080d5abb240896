//! Public content slugs: 7 characters of `[a-zA-Z0-9]`, drawn from a CSPRNG.

use rand::{CryptoRng, Rng};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Length of every slug.
pub const SLUG_LEN: usize = 7;
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A validated content slug. Only constructed through [`Slug::parse`] or [`Slug::generate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a string is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// Wrong number of characters.
    #[error("a slug has exactly {SLUG_LEN} characters, got {0}")]
    Length(usize),
    /// A character outside `[a-zA-Z0-9]`.
    #[error("a slug uses only the characters a-z, A-Z and 0-9, got {0:?}")]
    Character(char),
}

impl Slug {
    /// Parses a slug, refusing anything but 7 ASCII alphanumerics.
    pub fn parse(s: &str) -> Result<Self, SlugError> {
        let count = s.chars().count();
        if count != SLUG_LEN {
            return Err(SlugError::Length(count));
        }
        if let Some(bad) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(SlugError::Character(bad));
        }
        Ok(Slug(s.to_owned()))
    }

    /// Draws a fresh slug. The caller passes a cryptographically secure RNG so slugs
    /// cannot be predicted from earlier ones.
    pub fn generate<R: Rng + CryptoRng>(rng: &mut R) -> Self {
        let s = (0..SLUG_LEN)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect();
        Slug(s)
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Slug::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

impl std::str::FromStr for Slug {
    type Err = SlugError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Slug::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn generated_slugs_parse_and_vary() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let s = Slug::generate(&mut OsRng);
            assert_eq!(Slug::parse(s.as_str()), Ok(s.clone()));
            seen.insert(s);
        }
        assert!(seen.len() > 990, "slugs should practically never repeat");
    }

    #[test]
    fn parse_rejects_bad_input() {
        assert_eq!(Slug::parse("abc"), Err(SlugError::Length(3)));
        assert_eq!(Slug::parse("abcdefgh"), Err(SlugError::Length(8)));
        assert_eq!(Slug::parse("abc/efg"), Err(SlugError::Character('/')));
        assert_eq!(Slug::parse("abcdéfg"), Err(SlugError::Character('é')));
        assert!(Slug::parse("aZ09bY8").is_ok());
    }

    #[test]
    fn uses_the_whole_alphabet() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            seen.extend(Slug::generate(&mut OsRng).as_str().chars());
        }
        assert_eq!(seen.len(), ALPHABET.len());
    }
}
