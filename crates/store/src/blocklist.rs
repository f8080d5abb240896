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
    /// The kinds that have at least one entry (ingestion computes only the digests some
    /// list uses, besides SHA-256).
    async fn block_kinds_in_use(&self) -> StoreResult<Vec<HashKind>>;
    /// Removes an entry; false when absent.
    async fn remove_block_entry(&self, id: i64) -> StoreResult<bool>;
}

/// A line of a blocklist file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ListLineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a blocklist file: one hash per line (kind from its length: 32 md5, 40 sha1,
/// 64 sha256) or CSV `kind,value[,reason]`. Blank lines and `#` comments are skipped; a
/// header line starting with `kind,` is allowed. Every bad line is reported.
pub fn parse_list(text: &str, source: &str) -> Result<Vec<NewBlockEntry>, Vec<ListLineError>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty()
            || line.starts_with('#')
            || line.to_ascii_lowercase().starts_with("kind,")
        {
            continue;
        }
        let mut fields = line.splitn(3, ',').map(str::trim);
        let first = fields.next().unwrap_or_default();
        let parsed = match fields.next() {
            Some(value) => HashKind::parse(&first.to_ascii_lowercase())
                .ok_or_else(|| format!("unknown hash kind {first:?} (sha256, sha1, md5, pdq)"))
                .and_then(|kind| {
                    Ok((
                        kind,
                        kind.normalize(value)?,
                        fields.next().filter(|r| !r.is_empty()),
                    ))
                }),
            None => match first.len() {
                32 => Ok(HashKind::Md5),
                40 => Ok(HashKind::Sha1),
                64 => Ok(HashKind::Sha256),
                n => Err(format!(
                    "a bare hash has 32, 40 or 64 hex digits, got {n} characters"
                )),
            }
            .and_then(|kind| Ok((kind, kind.normalize(first)?, None))),
        };
        match parsed {
            Ok((kind, value, reason)) => entries.push(NewBlockEntry {
                kind,
                value,
                reason: reason.map(str::to_owned),
                source: Some(source.to_owned()),
            }),
            Err(message) => errors.push(ListLineError {
                line: i + 1,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_hashes_and_csv() {
        let text = format!(
            "# vendor list\nkind,value,reason\n{}\n{}\n  {}  \nsha256,{},csam report 7\npdq,{},\n\n",
            "A".repeat(32),
            "b".repeat(40),
            "c".repeat(64),
            "d".repeat(64),
            "e".repeat(64)
        );
        let e = parse_list(&text, "list.csv").unwrap();
        let kinds: Vec<_> = e.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                HashKind::Md5,
                HashKind::Sha1,
                HashKind::Sha256,
                HashKind::Sha256,
                HashKind::Pdq
            ]
        );
        assert_eq!(e[0].value, "a".repeat(32));
        assert_eq!(e[3].reason.as_deref(), Some("csam report 7"));
        assert_eq!(e[4].reason, None);
        assert_eq!(e[0].source.as_deref(), Some("list.csv"));
    }

    #[test]
    fn every_bad_line_is_reported() {
        let errors = parse_list("abc\nsha512,00\nmd5,zz\n", "x").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(errors[1].message.contains("sha512"));
    }
}
