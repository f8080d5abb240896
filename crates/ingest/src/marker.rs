//! Job markers in captions, and finding them in a channel when a checkpoint is unsure
//! whether a post was made (the process died between posting and saving).

use streamvault_core::JobId;
use streamvault_telegram::{ChatId, MessageId, WorkerError, WorkerMessage, WorkerPort};

/// Message ids asked for per `get_messages` call.
const WINDOW: i32 = 100;
/// Highest power of two probed when looking for the end of a channel (2^30 ids).
const PROBE_BITS: u32 = 30;
/// How far below the newest message a search reaches.
pub const LOOKBACK: i32 = 500;

/// The marker line of a post of `job` for `what` (`video`, `shot-2`, ...): a hashtag
/// that is unique per job and post, e.g. `#sv_j42_video`.
pub fn marker(job: JobId, what: &str) -> String {
    format!("#sv_j{}_{what}", job.0)
}

/// `text` followed by the marker on its own line.
pub fn with_marker(text: &str, marker: &str) -> String {
    format!("{text}\n{marker}")
}

/// Whether `text` carries `marker` as a whole line.
pub fn has_marker(text: &str, marker: &str) -> bool {
    text.lines().any(|l| l.trim() == marker)
}

/// The recent messages of `chat` that match `pred`, oldest first.
///
/// The port can only get messages by id, so this finds a floor near the newest message
/// by probing ids 1, 2, 4, … 2^30 in one call, reads forward window by window from the
/// floor until a window is empty (the top), then reads back from the floor until
/// [`LOOKBACK`] messages below the top. Cost: a few calls plus one per 100 ids above the
/// floor; only run when a checkpoint is unsure.
pub async fn find_recent(
    worker: &dyn WorkerPort,
    chat: ChatId,
    pred: impl Fn(&WorkerMessage) -> bool,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    let probes: Vec<MessageId> = (0..=PROBE_BITS).map(|b| 1i32 << b).collect();
    let got = worker.get_messages(chat, &probes).await?;
    let floor = got.iter().flatten().map(|m| m.id).max().unwrap_or(1);
    let mut found = Vec::new();
    let mut top = floor;
    let mut start = floor;
    loop {
        let window = read(worker, chat, start, start.saturating_add(WINDOW)).await?;
        if window.is_empty() {
            break;
        }
        top = top.max(window.iter().map(|m| m.id).max().unwrap_or(top));
        found.extend(window.into_iter().filter(|m| pred(m)));
        start = start.saturating_add(WINDOW);
    }
    let bottom = top.saturating_sub(LOOKBACK).max(1);
    let mut end = floor;
    while end > bottom {
        let from = end.saturating_sub(WINDOW).max(bottom);
        found.extend(
            read(worker, chat, from, end)
                .await?
                .into_iter()
                .filter(|m| pred(m)),
        );
        end = from;
    }
    found.sort_by_key(|m| m.id);
    Ok(found)
}

/// The existing messages with ids in `from..to`.
async fn read(
    worker: &dyn WorkerPort,
    chat: ChatId,
    from: MessageId,
    to: MessageId,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    let ids: Vec<MessageId> = (from..to).collect();
    Ok(worker
        .get_messages(chat, &ids)
        .await?
        .into_iter()
        .flatten()
        .collect())
}

/// The recent messages of `chat` carrying `marker`, oldest first.
pub async fn find_marked(
    worker: &dyn WorkerPort,
    chat: ChatId,
    marker: &str,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    find_recent(worker, chat, |m| has_marker(&m.text, marker)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_whole_lines() {
        let m = marker(JobId(42), "video");
        assert_eq!(m, "#sv_j42_video");
        let text = with_marker("Name (2020) [StreamVault].mkv", &m);
        assert!(has_marker(&text, &m));
        assert!(!has_marker(&text, "#sv_j4_video"));
        assert!(!has_marker("#sv_j42_video2", &m));
    }
}
