//! SHA-256, SHA-1 and MD5 of a stream in one pass, while another consumer reads it
//! (SPEC §6, hash-based blocking): wrap the upload's reader in a [`HashingReader`], let the
//! upload read it, then take the [`Digests`]. The file is read once.
//!
//! The hashes are updated on each read (SHA-256 and SHA-1 use the CPU's SHA extensions
//! when present; MD5 has none and is the slowest). Reads of [`PARALLEL_MIN`] bytes or more
//! hash MD5 on a second thread; smaller reads hash inline, a few hundred microseconds per
//! 64 KiB. For whole files prefer [`hash_file`]: 1 MiB reads on a blocking thread.

use std::io::{self, Read};
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use md5::Md5;
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use streamvault_store::blocklist::HashKind;
use tokio::io::{AsyncRead, ReadBuf};

/// The three digests of a stream, lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digests {
    /// SHA-256, 64 hex digits.
    pub sha256: String,
    /// SHA-1, 40 hex digits.
    pub sha1: String,
    /// MD5, 32 hex digits.
    pub md5: String,
    /// Bytes hashed.
    pub bytes: u64,
}

impl Digests {
    /// `(kind, value)` pairs to look up in the blocklist, strongest first.
    pub fn entries(&self) -> [(HashKind, &str); 3] {
        [
            (HashKind::Sha256, self.sha256.as_str()),
            (HashKind::Sha1, self.sha1.as_str()),
            (HashKind::Md5, self.md5.as_str()),
        ]
    }
}

/// Updates at least this long hash MD5 on a second thread (a thread start costs far less
/// than hashing 256 KiB).
pub const PARALLEL_MIN: usize = 256 * 1024;

/// Incremental SHA-256 + SHA-1 + MD5.
#[derive(Debug, Clone, Default)]
pub struct TripleHasher {
    sha256: Sha256,
    sha1: Sha1,
    md5: Md5,
    bytes: u64,
}

impl TripleHasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes to all three hashes. From [`PARALLEL_MIN`] bytes on, MD5 (the slowest:
    /// no CPU extension) runs on a scoped thread beside SHA-256 + SHA-1.
    pub fn update(&mut self, data: &[u8]) {
        let (sha256, sha1, md5) = (&mut self.sha256, &mut self.sha1, &mut self.md5);
        if data.len() >= PARALLEL_MIN {
            std::thread::scope(|s| {
                s.spawn(|| md5.update(data));
                sha256.update(data);
                sha1.update(data);
            });
        } else {
            sha256.update(data);
            sha1.update(data);
            md5.update(data);
        }
        self.bytes += data.len() as u64;
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The digests of everything fed.
    pub fn finish(self) -> Digests {
        Digests {
            sha256: hex(&self.sha256.finalize()),
            sha1: hex(&self.sha1.finalize()),
            md5: hex(&self.md5.finalize()),
            bytes: self.bytes,
        }
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A reader (sync [`Read`] or tokio [`AsyncRead`]) that hashes what passes through it.
///
/// Hashing happens inside `read`/`poll_read`: about 2 to 4 ms of CPU per MiB read, which
/// an async task spends on its runtime thread. Read ≥ [`PARALLEL_MIN`] at a time to use a
/// second core for MD5.
#[derive(Debug)]
pub struct HashingReader<R> {
    inner: R,
    hasher: TripleHasher,
}

impl<R> HashingReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: TripleHasher::new(),
        }
    }

    /// Bytes read through so far.
    pub fn bytes_read(&self) -> u64 {
        self.hasher.bytes()
    }

    /// The wrapped reader.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Digests of the bytes read so far (normally after reading to the end), and the reader.
    pub fn finish(self) -> (Digests, R) {
        (self.hasher.finish(), self.inner)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for HashingReader<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            this.hasher.update(&buf.filled()[before..]);
        }
        poll
    }
}

/// Hashes chunks handed over by an async task on a blocking thread, so the task (a
/// download writing to disk) neither waits for the hashes nor holds more than a few
/// chunks: [`BackgroundHasher::push`] waits when [`BackgroundHasher::QUEUE`] chunks are
/// queued. Small chunks (network reads) are gathered into 1 MiB blocks, which lets
/// [`TripleHasher`] run MD5 on a second core.
#[derive(Debug)]
pub struct BackgroundHasher<B> {
    tx: tokio::sync::mpsc::Sender<B>,
    task: tokio::task::JoinHandle<Digests>,
}

impl<B: AsRef<[u8]> + Send + 'static> BackgroundHasher<B> {
    /// Chunks that may wait for the hashing thread.
    pub const QUEUE: usize = 64;

    /// Starts the hashing thread (on the tokio blocking pool).
    pub fn start() -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<B>(Self::QUEUE);
        let task = tokio::task::spawn_blocking(move || {
            const BLOCK: usize = 1 << 20;
            let mut hasher = TripleHasher::new();
            let mut block = Vec::with_capacity(BLOCK);
            while let Some(chunk) = rx.blocking_recv() {
                let bytes = chunk.as_ref();
                if block.is_empty() && bytes.len() >= PARALLEL_MIN {
                    hasher.update(bytes);
                    continue;
                }
                block.extend_from_slice(bytes);
                if block.len() >= BLOCK {
                    hasher.update(&block);
                    block.clear();
                }
            }
            hasher.update(&block);
            hasher.finish()
        });
        BackgroundHasher { tx, task }
    }

    /// Hands `chunk` to the hashing thread (waits while its queue is full).
    pub async fn push(&self, chunk: B) -> io::Result<()> {
        self.tx
            .send(chunk)
            .await
            .map_err(|_| io::Error::other("the hashing thread stopped"))
    }

    /// The digests of every chunk pushed, in push order.
    pub async fn finish(self) -> io::Result<Digests> {
        drop(self.tx);
        self.task.await.map_err(io::Error::other)
    }
}

/// Copies `from` to `to` in 1 MiB blocks, hashing the bytes as they pass (one read of
/// the source for both); returns the digests (whose `bytes` is the size copied).
pub fn copy_hashing_blocking(from: &mut impl Read, to: &mut impl io::Write) -> io::Result<Digests> {
    let mut reader = HashingReader::new(from);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buf[..n])?;
    }
    Ok(reader.finish().0)
}

/// Hashes a whole file with a 1 MiB buffer on the calling thread.
pub fn hash_file_blocking(path: &Path) -> io::Result<Digests> {
    let mut reader = HashingReader::new(std::fs::File::open(path)?);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(reader.finish().0)
}

/// Hashes a whole file on a blocking thread.
pub async fn hash_file(path: &Path) -> io::Result<Digests> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || hash_file_blocking(&path))
        .await
        .map_err(io::Error::other)?
}
