//! One aria2 download from `addUri` to `complete`: polls `tellStatus`, reports progress,
//! follows `followedBy` (torrent/magnet metadata → the real download), and re-adds the
//! URI when the daemon was restarted underneath it (aria2 resumes with `--continue`).

use std::path::Path;
use std::time::{Duration, Instant};

use super::error::Aria2Error;
use super::rpc::{AddOptions, Aria2};
use super::status::{FileEntry, State};
use crate::progress::{Meter, Progress, ProgressFn};

/// How a download is watched.
#[derive(Debug, Clone, Copy)]
pub struct WatchOptions {
    /// Interval between `tellStatus` polls.
    pub poll: Duration,
    /// A download with no new bytes for this long is removed ([`Aria2Error::Stalled`]).
    pub stall: Duration,
    /// Most times the URI is re-added after daemon restarts.
    pub max_readds: u32,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: Duration::from_millis(250),
            stall: Duration::from_secs(600),
            max_readds: 5,
        }
    }
}

/// A finished aria2 download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aria2Download {
    /// The GID of the final download (after `followedBy`).
    pub gid: String,
    /// Its files as aria2 reports them.
    pub files: Vec<FileEntry>,
    /// Total bytes.
    pub total: u64,
}

/// Removes the download from aria2 if the future is dropped before it finishes.
struct RemoveOnDrop {
    aria2: Aria2,
    gid: Option<String>,
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let (Some(gid), Ok(rt)) = (self.gid.take(), tokio::runtime::Handle::try_current()) {
            let aria2 = self.aria2.clone();
            rt.spawn(async move {
                let _ = aria2.force_remove(&gid).await;
            });
        }
    }
}

impl Aria2 {
    /// Downloads `uri` into `dir` (as `out` when given) with default watch options.
    pub async fn download(
        &self,
        uri: &str,
        dir: &Path,
        out: Option<&str>,
        progress: ProgressFn<'_>,
    ) -> Result<Aria2Download, Aria2Error> {
        let opts = AddOptions {
            dir: Some(dir),
            out,
            headers: &[],
        };
        self.download_with(uri, &opts, WatchOptions::default(), progress)
            .await
    }

    /// Downloads `uri` with explicit `addUri` and watch options.
    pub async fn download_with(
        &self,
        uri: &str,
        add: &AddOptions<'_>,
        watch: WatchOptions,
        progress: ProgressFn<'_>,
    ) -> Result<Aria2Download, Aria2Error> {
        let (_, mut generation) = self.ready().await?;
        let mut gid = self.add_uri(&[uri], add).await?;
        let mut guard = RemoveOnDrop {
            aria2: self.clone(),
            gid: Some(gid.clone()),
        };
        let mut readds = 0;
        let mut meter = Meter::new(0, Duration::ZERO);
        let (mut last_done, mut last_change) = (0, Instant::now());
        loop {
            tokio::time::sleep(watch.poll).await;
            let status = match self.tell_status(&gid).await {
                Ok(s) => s,
                Err(e) if (e.is_transient() || e.is_unknown_gid()) && readds < watch.max_readds => {
                    // Restarted daemon (new generation) → it forgot the GID: add again.
                    let Some(now) = self.next_generation(generation, e.is_transient()).await else {
                        return Err(e);
                    };
                    tracing::warn!(error = %e, "aria2 was restarted; adding the download again");
                    generation = now;
                    readds += 1;
                    gid = self.add_uri(&[uri], add).await?;
                    guard.gid = Some(gid.clone());
                    continue;
                }
                Err(e) => return Err(e),
            };
            match status.state {
                State::Complete => {
                    if let Some(next) = status.followed_by.first() {
                        tracing::debug!(from = %gid, to = %next, "following aria2 followedBy");
                        gid = next.clone();
                        guard.gid = Some(gid.clone());
                        continue;
                    }
                    guard.gid = None;
                    let total = status.total.max(status.completed);
                    progress(Progress {
                        done: status.completed,
                        total: Some(total),
                        speed: 0,
                    });
                    return Ok(Aria2Download {
                        gid,
                        files: status.files,
                        total,
                    });
                }
                State::Error => {
                    guard.gid = None;
                    return Err(Aria2Error::DownloadFailed {
                        code: status.error_code.unwrap_or_default(),
                        message: status.error_message.unwrap_or_default(),
                    });
                }
                State::Removed => {
                    guard.gid = None;
                    return Err(Aria2Error::Removed);
                }
                State::Active | State::Waiting | State::Paused => {}
            }
            if status.completed != last_done {
                (last_done, last_change) = (status.completed, Instant::now());
            } else if last_change.elapsed() > watch.stall {
                return Err(Aria2Error::Stalled {
                    secs: watch.stall.as_secs(),
                }); // the guard removes it
            }
            let total = (status.total > 0).then_some(status.total);
            meter.tick(status.completed, total, &|p| {
                progress(Progress {
                    speed: status.speed,
                    ..p
                })
            });
        }
    }
}
