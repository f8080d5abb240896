//! A short-lived read-through cache for the gatekeeper's lookup: users → tier and
//! slugs → stream file. An entry lives `ttl` seconds, so a ban or a takedown reaches every
//! manager replica within `ttl` (links signed before it stay valid until they expire
//! anyway). `ttl = 0` disables the cache.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use streamvault_core::{ContentId, Tier};
use streamvault_store::contents::ContentStatus;

/// Largest number of entries per map; a full map is cleared (cheap, and rare).
const CAPACITY: usize = 100_000;

/// A user's tier as stored.
pub type UserEntry = (Tier, Option<i64>);
/// A slug's visible content, if any.
pub type ContentEntry = Option<(ContentId, ContentStatus, Option<String>)>;

struct TtlMap<K, V> {
    entries: Mutex<HashMap<K, (V, i64)>>,
}

impl<K: Eq + Hash, V: Clone> TtlMap<K, V> {
    fn new() -> Self {
        TtlMap {
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &K, now: i64, ttl: i64) -> Option<V> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(_, at)| now - at < ttl)
            .map(|(v, _)| v.clone())
    }

    fn put(&self, key: K, value: V, now: i64) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CAPACITY {
            map.clear();
        }
        map.insert(key, (value, now));
    }
}

/// The gatekeeper's cache.
pub struct PlayCache {
    ttl: i64,
    users: TtlMap<i64, UserEntry>,
    contents: TtlMap<String, ContentEntry>,
}

impl PlayCache {
    /// A cache whose entries live `ttl_secs` (0 disables it).
    pub fn new(ttl_secs: i64) -> Self {
        PlayCache {
            ttl: ttl_secs,
            users: TtlMap::new(),
            contents: TtlMap::new(),
        }
    }

    /// Both entries, when both are fresh.
    pub fn get(&self, user: i64, slug: &str, now: i64) -> Option<(UserEntry, ContentEntry)> {
        if self.ttl <= 0 {
            return None;
        }
        Some((
            self.users.get(&user, now, self.ttl)?,
            self.contents.get(&slug.to_owned(), now, self.ttl)?,
        ))
    }

    /// Remembers a lookup.
    pub fn put(&self, user: i64, slug: &str, entry: (UserEntry, ContentEntry), now: i64) {
        if self.ttl > 0 {
            self.users.put(user, entry.0, now);
            self.contents.put(slug.to_owned(), entry.1, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_zero_disables() {
        let c = PlayCache::new(2);
        let entry = ((Tier::Free, None), None);
        c.put(1, "Abc1234", entry.clone(), 100);
        assert_eq!(c.get(1, "Abc1234", 101), Some(entry.clone()));
        assert_eq!(c.get(1, "Abc1234", 102), None);
        assert_eq!(c.get(2, "Abc1234", 101), None, "both halves must be cached");
        let off = PlayCache::new(0);
        off.put(1, "Abc1234", entry, 100);
        assert_eq!(off.get(1, "Abc1234", 100), None);
    }
}
