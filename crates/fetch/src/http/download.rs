//! Streaming downloads to a file, resumable with `Range`, never half-written at the
//! final path.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::{Method, Response};
use streamvault_media::{BackgroundHasher, Digests};
use tokio::fs::{self, OpenOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};
use url::Url;

use super::resume::{classify, Resume};
use super::{ensure_success, names, range_from, GuardedClient};
use crate::error::FetchError;
use crate::progress::{Meter, ProgressFn};

/// What a finished download left on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// The complete file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Bytes that were already on disk from an earlier, interrupted attempt.
    pub resumed_from: u64,
    /// The URL after redirects.
    pub final_url: Url,
    /// The server's name for the file (`Content-Disposition`, else the final URL's last
    /// segment), unsanitized.
    pub suggested_name: Option<String>,
    /// The `Content-Type`, when given.
    pub content_type: Option<String>,
    /// SHA-256/SHA-1/MD5 of the whole file, computed as the body was written (a resumed
    /// prefix is read once more for them). `None` when the file was already complete.
    pub digests: Option<Digests>,
}

impl GuardedClient {
    /// Downloads `url` to `dest`. Bytes go to `dest` + `.part` first; an existing
    /// `.part` file is resumed with `Range` (used only when the server answers 206 with a
    /// matching `Content-Range`, otherwise the download restarts), and the file is renamed
    /// to `dest` only when complete. On failure the `.part` file stays for a later resume.
    pub async fn download_to_file(
        &self,
        url: &Url,
        dest: &Path,
        progress: ProgressFn<'_>,
    ) -> Result<Downloaded, FetchError> {
        let part = part_path(dest);
        let mut done = self.download_part(url, &part, progress).await?;
        fs::rename(&part, dest).await?;
        done.path = dest.to_owned();
        Ok(done)
    }

    /// Downloads `url` into `part` (resuming it when it exists) and leaves it there.
    pub async fn download_part(
        &self,
        url: &Url,
        part: &Path,
        progress: ProgressFn<'_>,
    ) -> Result<Downloaded, FetchError> {
        let offset = match fs::metadata(part).await {
            Ok(m) if m.is_file() => m.len(),
            _ => 0,
        };
        let headers = if offset > 0 {
            range_from(offset)
        } else {
            Default::default()
        };
        let response = self.send(Method::GET, url, headers).await?;
        let (response, start, total) = match classify(response, offset)? {
            Resume::Complete { response, total } => {
                return Ok(described(&response, part, total, offset));
            }
            Resume::Restart => {
                tracing::info!(%url, offset, "server refused the range; restarting");
                let response =
                    ensure_success(self.send(Method::GET, url, Default::default()).await?)?;
                let total = response.content_length();
                (response, 0, total)
            }
            Resume::Body {
                response,
                start,
                total,
            } => (response, start, total),
        };
        if let (Some(limit), Some(total)) = (self.opts.max_bytes, total) {
            if total > limit {
                return Err(FetchError::TooLarge { limit });
            }
        }
        let mut info = described(&response, part, total.unwrap_or(0), start);
        let digests = self
            .write_body(response, part, start, total, progress)
            .await?;
        info.size = digests.bytes;
        info.digests = Some(digests);
        Ok(info)
    }

    async fn write_body(
        &self,
        mut response: Response,
        part: &Path,
        start: u64,
        total: Option<u64>,
        progress: ProgressFn<'_>,
    ) -> Result<Digests, FetchError> {
        let hasher = BackgroundHasher::<Bytes>::start();
        if start > 0 {
            hash_prefix(part, start, &hasher).await?;
        }
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(start > 0)
            .truncate(start == 0)
            .open(part)
            .await?;
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        let mut meter = Meter::new(start, self.opts.progress_every);
        let mut done = start;
        let streamed = loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break Ok(()),
                Err(e) => break Err(FetchError::from_reqwest(e)),
            };
            done += chunk.len() as u64;
            if let Some(limit) = self.opts.max_bytes.filter(|l| done > *l) {
                drop(out);
                let _ = fs::remove_file(part).await;
                return Err(FetchError::TooLarge { limit });
            }
            out.write_all(&chunk).await?;
            hasher.push(chunk).await?;
            meter.tick(done, total, progress);
        };
        // Keep what arrived before an interruption: the next attempt resumes after it.
        out.flush().await?;
        streamed?;
        out.get_ref().sync_all().await?;
        if let Some(total) = total.filter(|t| *t != done) {
            return Err(FetchError::BadResponse(format!(
                "body ended at {done} of {total} bytes"
            )));
        }
        meter.finish(done, total.or(Some(done)), progress);
        let digests = hasher.finish().await?;
        if digests.bytes != done {
            return Err(FetchError::BadResponse(format!(
                "the file changed while it was written ({} bytes hashed of {done})",
                digests.bytes
            )));
        }
        Ok(digests)
    }
}

/// Feeds the first `len` bytes of `part` (kept from an interrupted attempt) to `hasher`.
async fn hash_prefix(
    part: &Path,
    len: u64,
    hasher: &BackgroundHasher<Bytes>,
) -> Result<(), FetchError> {
    let mut file = fs::File::open(part).await?.take(len);
    loop {
        let mut block = Vec::with_capacity(1 << 20);
        if (&mut file).take(1 << 20).read_to_end(&mut block).await? == 0 {
            return Ok(());
        }
        hasher.push(Bytes::from(block)).await?;
    }
}

/// `dest` with `.part` appended to its file name.
pub(crate) fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_owned();
    name.push(".part");
    dest.with_file_name(name)
}

fn described(response: &Response, part: &Path, size: u64, resumed_from: u64) -> Downloaded {
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let final_url = response.url().clone();
    let suggested_name = header(CONTENT_DISPOSITION)
        .and_then(|v| names::content_disposition_name(&v))
        .or_else(|| names::url_file_name(&final_url));
    Downloaded {
        path: part.to_owned(),
        size,
        resumed_from,
        final_url,
        suggested_name,
        content_type: header(CONTENT_TYPE),
        digests: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names() {
        assert_eq!(
            part_path(Path::new("/w/a.mkv")),
            PathBuf::from("/w/a.mkv.part")
        );
    }
}
