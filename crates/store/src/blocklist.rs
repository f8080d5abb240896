//! The global blocklist of file hashes (exact) and perceptual hashes (PDQ).

use crate::macros::string_enum;
use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

string_enum!(
    /// Hash algorithm of a blocklist entry.
    HashKind {
        /// SHA-256, 64 hex digits.
        Sha256 = "sha256",
        /// SHA-1, 40 hex digits.
        Sha1 = "sha1",
        /// MD5, 32 hex digits.
        Md5 = "md5",
        /// PDQ perceptual hash, 64 hex digits (256 bits), matched by Hamming distance.
        Pdq = "pdq",
    }
);

impl HashKind {
    /// Number of hex digits of a value of this kind.
    pub fn hex_len(self) -> usize {
        match self {
            HashKind::Sha256 | HashKind::Pdq => 64,
            HashKind::Sha1 => 40,
            HashKind::Md5 => 32,
        }
    }

    /// Normalizes a hex value (trim, lowercase) and checks its length and digits.
    pub fn normalize(self, value: &str) -> Result<String, String> {
        let v = value.trim().to_ascii_lowercase();
        if v.len() != self.hex_len() || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "a {self} value is {} hex digits, got {value:?}",
                self.hex_len()
            ));
        }
        Ok(v)
    }
}

/// An entry to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewBlockEntry {
    /// Hash kind.
    pub kind: HashKind,
    /// Normalized lowercase hex value (see [`HashKind::normalize`]).
    pub value: String,
    /// Why it is blocked.
    pub reason: Option<String>,
    /// Where the entry came from (file name, list name).
    pub source: Option<String>,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockEntry {
    /// Database id.
    pub id: i64,
    /// The entry.
    #[serde(flatten)]
    pub entry: NewBlockEntry,
    /// When added.
    pub created_at: UnixTime,
}

/// Storage of the blocklist.
#[async_trait]
pub trait BlocklistStore {
    /// Adds entries in one transaction, skipping ones already listed; returns how many were new.
    async fn add_block_entries(&self, entries: &[NewBlockEntry], now: UnixTime)
        -> StoreResult<u64>;
    /// The entry for an exact (kind, normalized value).
    async fn find_block_entry(
        &self,
        kind: HashKind,
        value: &str,
    ) -> StoreResult<Option<BlockEntry>>;
    /// Every entry of a kind (PDQ matching scans these).
    async fn list_block_entries(&self, kind: HashKind) -> StoreResult<Vec<BlockEntry>>;
    /// Removes an entry; false when absent.
    async fn remove_block_entry(&self, id: i64) -> StoreResult<bool>;
}
