//! Finding posts a crashed step may have made (the checkpoint was unsure).

use crate::error::IngestError;
use crate::marker::{find_recent, has_marker};
use crate::state::Posted;
use streamvault_telegram::{ChatId, WorkerMessage, WorkerPort};

/// The recent messages of `chat` that pass `filter` and carry one of `markers`, plus
/// the other items of their albums, sorted by id.
pub(crate) async fn recover(
    worker: &dyn WorkerPort,
    chat: ChatId,
    markers: &[String],
    filter: impl Fn(&WorkerMessage) -> bool,
) -> Result<Vec<Posted>, IngestError> {
    let recent = find_recent(worker, chat, filter).await?;
    let marked: Vec<&WorkerMessage> = recent
        .iter()
        .filter(|m| markers.iter().any(|k| has_marker(&m.text, k)))
        .collect();
    let groups: Vec<i64> = marked.iter().filter_map(|m| m.grouped_id).collect();
    let mut found: Vec<Posted> = recent
        .iter()
        .filter(|m| {
            markers.iter().any(|k| has_marker(&m.text, k))
                || m.grouped_id.is_some_and(|g| groups.contains(&g))
        })
        .map(Posted::from)
        .collect();
    found.sort_by_key(|p| p.id);
    Ok(found)
}
