//! Hash + blocklist: exact digests and PDQ of frames.

use crate::error::IngestError;
use crate::state::FileStamp;
use std::path::Path;
use streamvault_media::pdq::{match_blocklist, MIN_USEFUL_QUALITY};
use streamvault_media::{hash_file_with, pdq_of_image, Digests, Extra, Tools};
use streamvault_store::blocklist::{BlockEntry, HashKind};
use streamvault_store::Store;

/// A blocklist match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockHit {
    /// The entry.
    pub(crate) entry: BlockEntry,
    /// What matched (`sha256`, `pdq (distance 3)`).
    pub(crate) how: String,
}

impl BlockHit {
    /// The message of the `blocked` error and the alert.
    pub(crate) fn describe(&self) -> String {
        let e = &self.entry.entry;
        let mut s = format!(
            "blocklist entry #{} ({} {}) matched by {}",
            self.entry.id, e.kind, e.value, self.how
        );
        if let Some(r) = &e.reason {
            s.push_str(&format!(", reason: {r}"));
        }
        s
    }
}

/// SHA-256 of `file`, plus SHA-1 and MD5 when some blocklist entry uses them, in one
/// sequential pass (1 MiB reads).
pub(crate) async fn digests(store: &dyn Store, file: &Path) -> Result<Digests, IngestError> {
    Ok(hash_file_with(file, extra_digests(store).await?).await?)
}

/// The digests besides SHA-256 that some blocklist entry needs.
pub(crate) async fn extra_digests(store: &dyn Store) -> Result<Extra, IngestError> {
    Ok(Extra::for_kinds(&store.block_kinds_in_use().await?))
}

/// The stamp of the hashed `file`; refuses a file whose size is not the number of bytes
/// hashed (it changed between the fetch that hashed it and now).
pub(crate) async fn stamp(file: &Path, digests: &Digests) -> Result<FileStamp, IngestError> {
    let stamp = FileStamp::of(file).await?;
    if stamp.len != digests.bytes {
        return Err(IngestError::Changed(format!(
            "{} bytes hashed, {} on disk",
            digests.bytes, stamp.len
        )));
    }
    Ok(stamp)
}

/// The first exact blocklist entry matching one of the digests.
pub(crate) async fn exact_match(
    store: &dyn Store,
    digests: &Digests,
) -> Result<Option<BlockHit>, IngestError> {
    for (kind, value) in digests.entries() {
        if let Some(entry) = store.find_block_entry(kind, value).await? {
            return Ok(Some(BlockHit {
                entry,
                how: kind.to_string(),
            }));
        }
    }
    Ok(None)
}

/// The closest PDQ blocklist entry within `threshold` of any useful frame.
pub(crate) async fn pdq_match(
    tools: &Tools,
    store: &dyn Store,
    frames: &[&Path],
    threshold: u32,
) -> Result<Option<BlockHit>, IngestError> {
    let entries = store.list_block_entries(HashKind::Pdq).await?;
    if entries.is_empty() {
        return Ok(None);
    }
    let mut best: Option<(BlockEntry, u32)> = None;
    for frame in frames {
        let pdq = pdq_of_image(tools, frame)
            .await
            .map_err(|e| IngestError::Media(e.to_string()))?;
        if pdq.quality < MIN_USEFUL_QUALITY {
            continue;
        }
        if let Some((entry, d)) = match_blocklist(&pdq.hash, &entries, threshold) {
            if best.as_ref().is_none_or(|(_, b)| d < *b) {
                best = Some((entry.clone(), d));
            }
        }
    }
    Ok(best.map(|(entry, d)| BlockHit {
        entry,
        how: format!("pdq (distance {d})"),
    }))
}
