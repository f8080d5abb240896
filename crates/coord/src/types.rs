//! Values that go in and out of the coordinator.

use std::time::Duration;

/// Default number of heavy tasks (unzipping, archiving, ffmpeg, mirroring) allowed at once
/// per host (SPEC.md §8, `HEAVY_TASK_LIMIT`).
pub const DEFAULT_HEAVY_TASK_LIMIT: u32 = 5;

/// What a worker session tells the registry about itself when it registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionSpec {
    /// The account has Telegram Premium (uploads up to 4 GB instead of 2 GB).
    pub premium: bool,
}

/// What a job needs from the session that runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requirements {
    /// The job moves a file larger than a normal account may upload (2 GB, see
    /// `streamvault_telegram::limits::MAX_UPLOAD_BYTES`), so only premium sessions qualify.
    pub needs_premium: bool,
    /// The job posts to or reads from this channel, so only sessions that reported the
    /// channel's peer with `note_peer` qualify.
    pub needs_peer: Option<i64>,
}

/// One worker session as the registry sees it (diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    /// The session's name.
    pub id: String,
    /// The account has Telegram Premium.
    pub premium: bool,
    /// Registered and its heartbeat has not lapsed.
    pub alive: bool,
    /// Jobs in flight on this session (reserved by a choice or added with `add_load`).
    pub jobs: u64,
    /// Bytes in flight on this session.
    pub bytes: u64,
    /// Time left in its FloodWait cooldown, if it is cooling down.
    pub cooldown: Option<Duration>,
    /// Why the session was taken out of rotation (banned, deauthorized), if it was.
    pub dead: Option<String>,
    /// How many channel peers the session has reported.
    pub peers: u64,
}

impl SessionState {
    /// Whether a job with `req` may go to this session, `has_peer` telling whether the
    /// session has the required peer. Shared by the implementations so they agree.
    pub fn is_eligible(&self, req: &Requirements, has_peer: bool) -> bool {
        self.alive
            && self.cooldown.is_none()
            && self.dead.is_none()
            && (self.premium || !req.needs_premium)
            && (req.needs_peer.is_none() || has_peer)
    }
}

/// A granted heavy-task permit. It lapses unless its holder refreshes it within its TTL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeavyPermit {
    /// The host whose heavy-task slots it counts against.
    pub host: String,
    /// Who holds it (a process or task name), for diagnostics.
    pub holder: String,
    /// Unique among the host's permits.
    pub id: u64,
}

/// A rate: at most `count` events per `period`, with bursts of up to `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Events allowed per period (at least 1).
    pub count: u32,
    /// The period (longer than zero).
    pub period: Duration,
}

impl Rate {
    /// `count` events per second.
    pub fn per_second(count: u32) -> Self {
        Rate {
            count,
            period: Duration::from_secs(1),
        }
    }

    /// `count` events per minute.
    pub fn per_minute(count: u32) -> Self {
        Rate {
            count,
            period: Duration::from_secs(60),
        }
    }

    /// The GCRA emission interval in microseconds (period / count, at least 1), or an
    /// error when the rate is empty.
    pub fn emission_micros(&self) -> Result<i64, crate::CoordError> {
        let period = i64::try_from(self.period.as_micros()).unwrap_or(i64::MAX);
        if self.count == 0 || period == 0 {
            return Err(crate::CoordError::Invalid(format!(
                "a rate needs a count and a period above zero, got {self:?}"
            )));
        }
        Ok((period / i64::from(self.count)).max(1))
    }
}

/// The answer of the rate limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    /// The event is allowed and was counted.
    Allowed,
    /// The event is over the rate and was not counted; try again after this long.
    Limited {
        /// How long until one more event fits.
        retry_after: Duration,
    },
}

/// Milliseconds of a duration, saturating, for TTL arithmetic.
pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
