//! SHA-256, and SHA-1 and MD5 when wanted ([`Extra`]), of a stream in one pass while
//! another consumer reads it (SPEC §6, hash-based blocking): a download writing to disk
//! ([`BackgroundHasher`]), a copy ([`copy_hashing_blocking`]), any reader
//! ([`HashingReader`]). Then take the [`Digests`].
//!
//! SHA-256 and SHA-1 use the CPU's SHA extensions when present (about 1.3 GB/s each
//! here); MD5 has none and is the slowest (about 0.45 GB/s), so it is computed only when
//! a blocklist uses it, and on a second thread for updates of [`PARALLEL_MIN`] bytes or
//! more. For whole files use [`hash_file`]: 1 MiB reads on a blocking thread.

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

/// The digests of a stream, lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digests {
    /// SHA-256, 64 hex digits.
    pub sha256: String,
    /// SHA-1, 40 hex digits, when computed.
    pub sha1: Option<String>,
    /// MD5, 32 hex digits, when computed.
    pub md5: Option<String>,
    /// Bytes hashed.
    pub bytes: u64,
}

impl Digests {
    /// `(kind, value)` pairs to look up in the blocklist, strongest first.
    pub fn entries(&self) -> Vec<(HashKind, &str)> {
        let mut out = vec![(HashKind::Sha256, self.sha256.as_str())];
        out.extend(self.sha1.as_deref().map(|v| (HashKind::Sha1, v)));
        out.extend(self.md5.as_deref().map(|v| (HashKind::Md5, v)));
        out
    }
}

/// The digests computed besides SHA-256 (which is always computed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extra {
    /// SHA-1.
    pub sha1: bool,
    /// MD5.
    pub md5: bool,
}

impl Extra {
    /// SHA-1 and MD5 too.
    pub const ALL: Extra = Extra {
        sha1: true,
        md5: true,
    };
    /// SHA-256 only.
    pub const NONE: Extra = Extra {
        sha1: false,
        md5: false,
    };

    /// What lists of `kinds` need.
    pub fn for_kinds(kinds: &[HashKind]) -> Extra {
        Extra {
            sha1: kinds.contains(&HashKind::Sha1),
            md5: kinds.contains(&HashKind::Md5),
        }
    }
}

/// Updates at least this long hash MD5 on a second thread (a thread start costs far less
/// than hashing 256 KiB).
pub const PARALLEL_MIN: usize = 256 * 1024;

/// Incremental SHA-256, plus SHA-1 and MD5 when wanted.
#[derive(Debug, Clone)]
pub struct TripleHasher {
    sha256: Sha256,
    sha1: Option<Sha1>,
    md5: Option<Md5>,
    bytes: u64,
}

impl Default for TripleHasher {
    fn default() -> Self {
        Self::with(Extra::ALL)
    }
}

impl TripleHasher {
    /// A hasher of all three digests.
    pub fn new() -> Self {
        Self::default()
    }

    /// A hasher of SHA-256 and the `extra` digests.
    pub fn with(extra: Extra) -> Self {
        TripleHasher {
            sha256: Sha256::new(),
            sha1: extra.sha1.then(Sha1::new),
            md5: extra.md5.then(Md5::new),
            bytes: 0,
        }
    }

    /// Feeds bytes to the hashes. From [`PARALLEL_MIN`] bytes on, MD5 (the slowest: no
    /// CPU extension), else SHA-1, runs on a scoped thread beside the others.
    pub fn update(&mut self, data: &[u8]) {
        let (sha256, sha1, md5) = (&mut self.sha256, &mut self.sha1, &mut self.md5);
        let big = data.len() >= PARALLEL_MIN;
        match (md5, sha1) {
            (Some(md5), sha1) if big => std::thread::scope(|s| {
                s.spawn(|| md5.update(data));
                sha256.update(data);
                if let Some(sha1) = sha1 {
                    sha1.update(data);
                }
            }),
            (None, Some(sha1)) if big => std::thread::scope(|s| {
                s.spawn(|| sha1.update(data));
                sha256.update(data);
            }),
            (md5, sha1) => {
                sha256.update(data);
                if let Some(sha1) = sha1 {
                    sha1.update(data);
                }
                if let Some(md5) = md5 {
                    md5.update(data);
                }
            }
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
            sha1: self.sha1.map(|h| hex(&h.finalize())),
            md5: self.md5.map(|h| hex(&h.finalize())),
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
    /// Wraps `inner`, computing all three digests.
    pub fn new(inner: R) -> Self {
        Self::with(inner, Extra::ALL)
    }

    /// Wraps `inner`, computing SHA-256 and the `extra` digests.
    pub fn with(inner: R, extra: Extra) -> Self {
        HashingReader {
            inner,
            hasher: TripleHasher::with(extra),
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

/// All three digests of a whole file, 1 MiB reads on the calling thread.
pub fn hash_file_blocking(path: &Path) -> io::Result<Digests> {
    hash_file_blocking_with(path, Extra::ALL)
}

/// SHA-256 and the `extra` digests of a whole file, 1 MiB reads on the calling thread.
pub fn hash_file_blocking_with(path: &Path, extra: Extra) -> io::Result<Digests> {
    let mut reader = HashingReader::with(std::fs::File::open(path)?, extra);
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

/// All three digests of a whole file, on a blocking thread.
pub async fn hash_file(path: &Path) -> io::Result<Digests> {
    hash_file_with(path, Extra::ALL).await
}

/// SHA-256 and the `extra` digests of a whole file, on a blocking thread.
pub async fn hash_file_with(path: &Path, extra: Extra) -> io::Result<Digests> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || hash_file_blocking_with(&path, extra))
        .await
        .map_err(io::Error::other)?
}
