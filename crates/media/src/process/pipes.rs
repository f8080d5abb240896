//! Reading a child's output pipes with bounded memory.

use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads everything; keeps at most `limit` bytes and drains the rest (so the child never
/// blocks on a full pipe). Returns the bytes and whether anything was dropped.
pub(super) async fn read_limited<R: AsyncRead + Unpin>(
    reader: Option<R>,
    limit: usize,
) -> std::io::Result<(Vec<u8>, bool)> {
    let mut out = Vec::new();
    let mut overflow = false;
    let Some(mut reader) = reader else {
        return Ok((out, overflow));
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf).await?;
        if n == 0 {
            return Ok((out, overflow));
        }
        let room = limit.saturating_sub(out.len());
        out.extend_from_slice(&buf[..n.min(room)]);
        overflow |= n > room;
    }
}

/// Reads everything and keeps the last `keep` bytes, lossily decoded and trimmed.
pub(super) async fn read_tail<R: AsyncRead + Unpin>(
    reader: Option<R>,
    keep: usize,
) -> std::io::Result<String> {
    let mut tail: Vec<u8> = Vec::new();
    if let Some(mut reader) = reader {
        let mut buf = vec![0u8; 8 * 1024];
        loop {
            let n = reader.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            tail.extend_from_slice(&buf[..n]);
            if tail.len() > keep {
                tail.drain(..tail.len() - keep);
            }
        }
    }
    Ok(String::from_utf8_lossy(&tail).trim().to_owned())
}
