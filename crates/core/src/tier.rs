//! User tiers of the gatekeeper.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A site user's tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// The default tier.
    Free,
    /// Paid or earned premium, valid until the user's `premium_until`.
    Premium,
    /// Always refused.
    Banned,
}

impl Tier {
    /// The stable name stored in the database and shown in APIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Free => "free",
            Tier::Premium => "premium",
            Tier::Banned => "banned",
        }
    }

    /// Parses a stored tier name.
    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "free" => Some(Tier::Free),
            "premium" => Some(Tier::Premium),
            "banned" => Some(Tier::Banned),
            _ => None,
        }
    }

    /// The tier in force at `now` (unix seconds): premium lapses to free after
    /// `premium_until`; banned and free are unaffected by time.
    pub fn effective(self, premium_until: Option<i64>, now: i64) -> Tier {
        match (self, premium_until) {
            (Tier::Premium, Some(until)) if until <= now => Tier::Free,
            (t, _) => t,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premium_lapses_at_its_end() {
        assert_eq!(Tier::Premium.effective(Some(100), 99), Tier::Premium);
        assert_eq!(Tier::Premium.effective(Some(100), 100), Tier::Free);
        assert_eq!(Tier::Premium.effective(None, 100), Tier::Premium);
        assert_eq!(Tier::Banned.effective(Some(1), 100), Tier::Banned);
    }

    #[test]
    fn names_round_trip() {
        for t in [Tier::Free, Tier::Premium, Tier::Banned] {
            assert_eq!(Tier::parse(t.as_str()), Some(t));
        }
        assert_eq!(Tier::parse("gold"), None);
    }
}
