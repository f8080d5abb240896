//! The hive's status messages (SPEC §6 "Progress"): each ingestion's stage, percent,
//! speed and ETA in one message of the manager bot, edited in place.
//!
//! Observer calls only update memory; a background loop ([`StatusBoard::run`]) turns
//! them into Bot API calls once per interval: **at most one call per chat per interval**
//! (so one message is never edited more often, and many jobs sharing a chat take turns,
//! finished jobs first), nothing when the text did not change, and nothing for a chat
//! while Telegram's `retry_after` lasts.

use crate::error::IngestError;
use crate::observer::IngestObserver;
use crate::request::{IngestRequest, StatusMessage};
use crate::stages::post::clock;
use crate::state::{IngestState, Stage};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use streamvault_core::JobId;
use streamvault_telegram::{BotError, BotPort, ChatId, MessageId};

/// Default time between two Bot API calls for one chat.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// Ingestion progress shown in edited Telegram messages.
pub struct StatusBoard {
    bot: Arc<dyn BotPort>,
    chat: ChatId,
    interval: Duration,
    state: Mutex<Board>,
}

impl std::fmt::Debug for StatusBoard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusBoard")
            .field("chat", &self.chat)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Board {
    jobs: HashMap<JobId, JobStatus>,
    /// Chats under Telegram flood control until then.
    cooling: HashMap<ChatId, Instant>,
}

/// One job's status message and what it should say.
struct JobStatus {
    title: String,
    chat: ChatId,
    message: Option<MessageId>,
    resumed_after: Option<Stage>,
    stage: Option<Stage>,
    transfer: Option<Transfer>,
    outcome: Option<String>,
    sent_text: Option<String>,
    last_call: Option<Instant>,
}

struct Transfer {
    label: String,
    done: u64,
    total: Option<u64>,
    since: Instant,
    from: u64,
}

/// One Bot API call the loop decided to make.
struct Call {
    job: JobId,
    chat: ChatId,
    message: Option<MessageId>,
    text: String,
}

impl StatusBoard {
    /// A board posting through `bot` into `chat` (jobs that bring their own status
    /// message are edited where it is), calling each chat at most once per `interval`.
    pub fn new(bot: Arc<dyn BotPort>, chat: ChatId, interval: Duration) -> Self {
        StatusBoard {
            bot,
            chat,
            interval: interval.max(Duration::from_millis(100)),
            state: Mutex::new(Board::default()),
        }
    }

    /// Ids of the jobs whose final status is still to be shown.
    pub fn following(&self) -> BTreeSet<JobId> {
        self.board().jobs.keys().copied().collect()
    }

    fn board(&self) -> std::sync::MutexGuard<'_, Board> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, job: JobId, f: impl FnOnce(&mut JobStatus)) {
        if let Some(status) = self.board().jobs.get_mut(&job) {
            f(status);
        }
    }

    /// Sends what changed every interval until `shutdown` resolves, then once more.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(self.interval) => {}
            }
            self.flush().await;
        }
        self.flush().await;
    }

    /// One round: at most one Bot API call per chat, for messages whose text changed.
    pub async fn flush(&self) {
        for call in self.due_calls(Instant::now()) {
            let result = match call.message {
                Some(id) => self
                    .bot
                    .edit_text(call.chat, id, &call.text)
                    .await
                    .map(|()| id),
                None => self.bot.send_text(call.chat, &call.text).await,
            };
            self.record(call, result);
        }
    }

    fn due_calls(&self, now: Instant) -> Vec<Call> {
        let mut board = self.board();
        board.cooling.retain(|_, until| *until > now);
        let mut picked: HashMap<ChatId, (bool, Option<Instant>, Call)> = HashMap::new();
        for (job, s) in &board.jobs {
            if board.cooling.contains_key(&s.chat)
                || s.last_call
                    .is_some_and(|t| now.duration_since(t) < self.interval)
            {
                continue;
            }
            let text = s.render(*job, now);
            if s.sent_text.as_deref() == Some(text.as_str()) {
                continue;
            }
            // Finished jobs first, then the message left alone longest.
            let rank = (s.outcome.is_none(), s.last_call);
            let better = picked
                .get(&s.chat)
                .is_none_or(|(done, last, _)| rank < (*done, *last));
            if better {
                let call = Call {
                    job: *job,
                    chat: s.chat,
                    message: s.message,
                    text,
                };
                picked.insert(s.chat, (rank.0, rank.1, call));
            }
        }
        picked.into_values().map(|(_, _, call)| call).collect()
    }

    fn record(&self, call: Call, result: Result<MessageId, BotError>) {
        let now = Instant::now();
        let mut board = self.board();
        let Some(s) = board.jobs.get_mut(&call.job) else {
            return;
        };
        s.last_call = Some(now);
        match result {
            Ok(id) => {
                s.message = Some(id);
                s.sent_text = Some(call.text);
            }
            Err(BotError::NotModified) => s.sent_text = Some(call.text),
            // Someone deleted it: the next round posts a new one.
            Err(BotError::MessageGone) => s.message = None,
            Err(BotError::RetryAfter { seconds }) => {
                let until = now + Duration::from_secs(u64::from(seconds));
                board.cooling.insert(call.chat, until);
                return;
            }
            Err(BotError::Transport { reason }) => {
                tracing::debug!(job = %call.job, %reason, "status message: will retry");
            }
            Err(e) => {
                tracing::warn!(job = %call.job, chat = %call.chat, error = %e, "status message: giving up on this job's status");
                board.jobs.remove(&call.job);
                return;
            }
        }
        // Done with a job once its final text is what the message shows.
        let finished =
            s.outcome.is_some() && s.sent_text.as_deref() == Some(s.render(call.job, now).as_str());
        if finished {
            board.jobs.remove(&call.job);
        }
    }
}

impl JobStatus {
    fn render(&self, job: JobId, now: Instant) -> String {
        let mut text = format!("📥 Ingest #{job} · {}", self.title);
        if let Some(outcome) = &self.outcome {
            text.push('\n');
            text.push_str(outcome);
            return text;
        }
        match self.stage {
            Some(stage) => {
                let n = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0) + 1;
                text.push_str(&format!(
                    "\nStage {n}/{} · {}",
                    Stage::ALL.len(),
                    stage.name()
                ));
            }
            None => text.push_str("\nQueued"),
        }
        if let Some(after) = self.resumed_after {
            text.push_str(&format!(" (resumed after {})", after.name()));
        }
        if let Some(t) = &self.transfer {
            text.push('\n');
            text.push_str(&t.render(now));
        }
        text
    }
}

impl Transfer {
    fn render(&self, now: Instant) -> String {
        let secs = now.duration_since(self.since).as_secs_f64();
        let speed = if secs > 0.0 {
            (self.done.saturating_sub(self.from)) as f64 / secs
        } else {
            0.0
        };
        let mut line = self.label.clone();
        match self.total {
            Some(total) if total > 0 => {
                let pct = (self.done.min(total) * 100) / total;
                line.push_str(&format!(
                    ": {pct}% · {} of {}",
                    bytes(self.done),
                    bytes(total)
                ));
                if speed > 0.0 {
                    let eta = (total.saturating_sub(self.done)) as f64 / speed;
                    line.push_str(&format!(
                        " · {}/s · ETA {}",
                        bytes(speed as u64),
                        clock((eta * 1000.0) as i64)
                    ));
                }
            }
            _ => {
                line.push_str(&format!(": {}", bytes(self.done)));
                if speed > 0.0 {
                    line.push_str(&format!(" · {}/s", bytes(speed as u64)));
                }
            }
        }
        line
    }
}

/// `1.5 GiB`, `912.0 MiB`, `12.0 KiB`, `512 B`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The request's name, else the last segment of its source.
fn title_of(req: &IngestRequest) -> String {
    req.name.clone().unwrap_or_else(|| {
        let source = req.source.trim_end_matches('/');
        let last = source.rsplit('/').next().unwrap_or(source);
        let last = last.split(['?', '#']).next().unwrap_or(last);
        if last.is_empty() {
            source.to_owned()
        } else {
            last.to_owned()
        }
    })
}

impl IngestObserver for StatusBoard {
    fn job_started(
        &self,
        job: JobId,
        request: &IngestRequest,
        resumed_after: Option<Stage>,
        shown_in: Option<StatusMessage>,
    ) {
        let mut board = self.board();
        let (chat, message) = match request.status_message.or(shown_in) {
            Some(m) => (m.chat, Some(m.message)),
            None => (self.chat, None),
        };
        let previous = board.jobs.remove(&job);
        board.jobs.insert(
            job,
            JobStatus {
                title: title_of(request),
                chat,
                message: message.or(previous.as_ref().and_then(|p| p.message)),
                resumed_after,
                stage: None,
                transfer: None,
                outcome: None,
                sent_text: previous.as_ref().and_then(|p| p.sent_text.clone()),
                last_call: previous.and_then(|p| p.last_call),
            },
        );
    }

    fn status_message(&self, job: JobId) -> Option<StatusMessage> {
        let board = self.board();
        let s = board.jobs.get(&job)?;
        s.message.map(|message| StatusMessage {
            chat: s.chat,
            message,
        })
    }

    fn stage_started(&self, job: JobId, stage: Stage) {
        self.update(job, |s| {
            s.stage = Some(stage);
            s.transfer = None;
        });
    }

    fn fetch_progress(&self, job: JobId, done: u64, total: Option<u64>) {
        self.update(job, |s| s.transfer_progress("⬇️ fetch", done, total));
    }

    fn upload_progress(&self, job: JobId, file: &str, done: u64, total: u64) {
        self.update(job, |s| {
            s.transfer_progress(&format!("⬆️ {file}"), done, Some(total));
        });
    }

    fn job_ended(&self, job: JobId, outcome: Result<&IngestState, &IngestError>) {
        let text = match outcome {
            Ok(st) => {
                let mut t = String::from("✅ Done");
                if let (Some(id), Some(slug)) = (st.content_id, &st.slug) {
                    t.push_str(&format!(": content #{id}, slug {slug}"));
                }
                if let Some(name) = &st.clean_name {
                    t.push_str(&format!("\n{name}"));
                }
                t
            }
            Err(IngestError::Blocked(what)) => format!("⛔ Blocked: {what}"),
            Err(e) => format!("⚠️ Stopped: {e}"),
        };
        self.update(job, |s| {
            s.outcome = Some(text);
            s.transfer = None;
        });
    }
}

impl JobStatus {
    fn transfer_progress(&mut self, label: &str, done: u64, total: Option<u64>) {
        match &mut self.transfer {
            Some(t) if t.label == label => {
                t.done = done;
                t.total = total;
            }
            _ => {
                self.transfer = Some(Transfer {
                    label: label.to_owned(),
                    done,
                    total,
                    since: Instant::now(),
                    from: done,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_clocks_and_titles() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(3 << 30), "3.0 GiB");
        let mut req = IngestRequest::new("https://example.org/dl/A.Movie.mkv?token=x");
        assert_eq!(title_of(&req), "A.Movie.mkv");
        req.name = Some("Named".into());
        assert_eq!(title_of(&req), "Named");
        assert_eq!(title_of(&IngestRequest::new("/srv/in/")), "in");
    }

    /// A bot whose first edit fails in transit.
    #[derive(Default)]
    struct Flaky {
        shown: Mutex<Vec<String>>,
        failed_once: std::sync::atomic::AtomicBool,
    }

    #[async_trait::async_trait]
    impl BotPort for Flaky {
        async fn send_text(&self, _: ChatId, text: &str) -> Result<MessageId, BotError> {
            self.shown.lock().unwrap().push(text.to_owned());
            Ok(1)
        }
        async fn edit_text(&self, _: ChatId, _: MessageId, text: &str) -> Result<(), BotError> {
            if !self
                .failed_once
                .swap(true, std::sync::atomic::Ordering::SeqCst)
            {
                return Err(BotError::Transport {
                    reason: "reset".into(),
                });
            }
            self.shown.lock().unwrap().push(text.to_owned());
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_failed_final_edit_is_retried_not_forgotten() {
        let bot = Arc::new(Flaky::default());
        let interval = Duration::from_millis(100);
        let board = StatusBoard::new(bot.clone(), ChatId(-100), interval);
        board.job_started(JobId(3), &IngestRequest::new("/in/A.mkv"), None, None);
        board.flush().await;
        board.job_ended(JobId(3), Ok(&IngestState::default()));
        for _ in 0..2 {
            tokio::time::sleep(interval).await;
            board.flush().await;
        }
        assert!(board.following().is_empty());
        let shown = bot.shown.lock().unwrap().clone();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[1].ends_with("✅ Done"), "{shown:?}");
    }

    #[test]
    fn transfer_line_has_percent_speed_and_eta() {
        let start = Instant::now();
        let t = Transfer {
            label: "⬆️ a.mkv".into(),
            done: 60 << 20,
            total: Some(100 << 20),
            since: start,
            from: 0,
        };
        let line = t.render(start + Duration::from_secs(6));
        assert_eq!(
            line,
            "⬆️ a.mkv: 60% · 60.0 MiB of 100.0 MiB · 10.0 MiB/s · ETA 00:04"
        );
    }
}
