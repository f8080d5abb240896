//! File bytes on disk, stored once per content (named by SHA-256).

use sha2::{Digest, Sha256};
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

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
        let file = std::fs::File::create(&temp)?;
        let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(QUEUED_CHUNKS);
        let (spare_tx, spare) = std::sync::mpsc::channel::<Vec<u8>>();
        let task = tokio::task::spawn_blocking(move || write_and_hash(file, rx, spare_tx));
        Ok(BlobWriter {
            dir: self.dir.clone(),
            temp,
            chunks: Some(tx),
            spare,
            task: Some(task),
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

/// Chunks that may wait for the writing thread (bounded memory: a few parts).
const QUEUED_CHUNKS: usize = 2;

/// The writing thread: appends chunks and passes them on to the hashing thread, which
/// hands emptied buffers back (three stages in parallel: the uploader reads, this thread
/// writes, the other hashes).
fn write_and_hash(
    file: std::fs::File,
    mut chunks: tokio::sync::mpsc::Receiver<Vec<u8>>,
    spare: std::sync::mpsc::Sender<Vec<u8>>,
) -> std::io::Result<[u8; 32]> {
    use std::io::Write;
    let (to_hash, hashing) = std::sync::mpsc::sync_channel::<Vec<u8>>(QUEUED_CHUNKS);
    let hasher = std::thread::spawn(move || {
        let mut hasher = Sha256::new();
        for mut chunk in hashing {
            hasher.update(&chunk);
            chunk.clear();
            let _ = spare.send(chunk);
        }
        <[u8; 32]>::from(hasher.finalize())
    });
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let written = (|| {
        while let Some(chunk) = chunks.blocking_recv() {
            out.write_all(&chunk)?;
            if to_hash.send(chunk).is_err() {
                return Err(std::io::Error::other("the hashing thread stopped"));
            }
        }
        out.flush()
    })();
    drop(to_hash);
    let hash = hasher
        .join()
        .map_err(|_| std::io::Error::other("the hashing thread panicked"))?;
    written.map(|()| hash)
}

/// A blob being written (bytes go to threads that write and hash them, so the uploader
/// keeps reading meanwhile); `finish` names it by its hash, dropping it discards it.
#[derive(Debug)]
pub struct BlobWriter {
    dir: PathBuf,
    temp: PathBuf,
    chunks: Option<tokio::sync::mpsc::Sender<Vec<u8>>>,
    spare: std::sync::mpsc::Receiver<Vec<u8>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<[u8; 32]>>>,
    size: u64,
}

impl BlobWriter {
    /// Appends bytes.
    pub async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut chunk = self.spare.try_recv().unwrap_or_default();
        chunk.extend_from_slice(bytes);
        let sent = match &self.chunks {
            Some(tx) => tx.send(chunk).await.is_ok(),
            None => false,
        };
        if !sent {
            // The thread stopped: its error says why.
            return Err(self
                .join()
                .await
                .err()
                .unwrap_or_else(|| std::io::Error::other("the blob writer stopped")));
        }
        self.size += bytes.len() as u64;
        Ok(())
    }

    async fn join(&mut self) -> std::io::Result<[u8; 32]> {
        self.chunks = None;
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Err(std::io::Error::other("the blob writer already finished")),
        }
    }

    /// Stores the blob under its hash (once: an existing blob is kept) and returns
    /// (blob name, size).
    pub async fn finish(mut self) -> std::io::Result<(String, u64)> {
        // Complete before it is named (a killed process leaves only a temp file), but not
        // fsynced: the sandbox stands in for Telegram's storage, whose durability is not
        // the pipeline's cost (and an fsync per upload would dominate benchmarks).
        let hash = self.join().await?;
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
