//! Download progress reports and a rate limiter for them.

use std::time::{Duration, Instant};

/// One progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Bytes on disk so far (including a resumed prefix).
    pub done: u64,
    /// Total size, when known.
    pub total: Option<u64>,
    /// Current speed in bytes per second.
    pub speed: u64,
}

/// A progress callback. It must be cheap: it runs on the download task.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// A callback that ignores reports.
pub fn no_progress(_: Progress) {}

/// Turns byte counts into reports at most every `every`, with the speed over that
/// interval, and always reports the final state.
#[derive(Debug)]
pub(crate) struct Meter {
    every: Duration,
    last_at: Instant,
    last_done: u64,
    speed: u64,
}

impl Meter {
    /// A meter starting at `done` bytes.
    pub(crate) fn new(done: u64, every: Duration) -> Self {
        Meter {
            every,
            last_at: Instant::now(),
            last_done: done,
            speed: 0,
        }
    }

    /// Reports `done` when enough time has passed since the last report.
    pub(crate) fn tick(&mut self, done: u64, total: Option<u64>, report: ProgressFn<'_>) {
        let elapsed = self.last_at.elapsed();
        if elapsed >= self.every {
            let bytes = done.saturating_sub(self.last_done);
            self.speed = (bytes as f64 / elapsed.as_secs_f64()) as u64;
            self.last_at = Instant::now();
            self.last_done = done;
            report(Progress {
                done,
                total,
                speed: self.speed,
            });
        }
    }

    /// Always reports.
    pub(crate) fn finish(&mut self, done: u64, total: Option<u64>, report: ProgressFn<'_>) {
        report(Progress {
            done,
            total,
            speed: self.speed,
        });
    }
}
