//! File bytes on disk, stored once per content (named by SHA-256).

use sha2::{Digest, Sha256};
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// The blob directory of a sandbox.
#[derive(Debug)]
pub struct FileStore {
    dir: PathBuf,
    temp_seq: AtomicU64,
}

impl FileStore {
    /// Blobs under `dir` (created when missing).
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self {
            dir: dir.to_owned(),
            temp_seq: AtomicU64::new(0),
        })
    }

    /// Path of a blob.
    pub fn path(&self, blob: &str) -> PathBuf {
        self.dir.join(blob)
    }

    /// Starts writing a new blob.
    pub async fn writer(&self) -> std::io::Result<BlobWriter> {
        let seq = self.temp_seq.fetch_add(1, Ordering::Relaxed);
        let temp = self
            .dir
            .join(format!(".upload-{}-{seq}", std::process::id()));
        let file = File::create(&temp).await?;
        Ok(BlobWriter {
            dir: self.dir.clone(),
            temp,
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Reads up to `len` bytes at `offset` (fewer at the end of the blob).
    pub async fn read_range(&self, blob: &str, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        let mut file = File::open(self.path(blob)).await?;
        file.seek(SeekFrom::Start(offset)).await?;
        let mut out = Vec::new();
        file.take(len).read_to_end(&mut out).await?;
        Ok(out)
    }
}

/// A blob being written; `finish` names it by its hash, dropping it discards it.
#[derive(Debug)]
pub struct BlobWriter {
    dir: PathBuf,
    temp: PathBuf,
    file: Option<File>,
    hasher: Sha256,
    size: u64,
}

impl BlobWriter {
    /// Appends bytes.
    pub async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(file) = self.file.as_mut() {
            file.write_all(bytes).await?;
        }
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        Ok(())
    }

    /// Stores the blob under its hash (once: an existing blob is kept) and returns
    /// (blob name, size).
    pub async fn finish(mut self) -> std::io::Result<(String, u64)> {
        // Complete before it is named (a killed process leaves only a temp file), but not
        // fsynced: the sandbox stands in for Telegram's storage, whose durability is not
        // the pipeline's cost (and an fsync per upload would dominate benchmarks).
        if let Some(mut file) = self.file.take() {
            file.flush().await?;
        }
        let hash = std::mem::take(&mut self.hasher).finalize();
        let name: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        let target = self.dir.join(&name);
        if fs::try_exists(&target).await? {
            fs::remove_file(&self.temp).await?;
        } else {
            fs::rename(&self.temp, &target).await?;
        }
        self.temp = PathBuf::new();
        Ok((name, self.size))
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
