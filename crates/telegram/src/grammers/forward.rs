//! Forwards, with the author (grammers' helper) or without it (raw
//! `messages.forwardMessages{drop_author}`, then the new messages are read back).

use super::errors::map_invocation;
use super::GrammersWorker;
use crate::message::ForwardMode;
use crate::types::{ChatId, MessageId, WorkerMessage};
use crate::WorkerError;
use grammers_client::tl;
use std::collections::HashMap;

/// Forwards `ids` from `from` to `to`.
pub(super) async fn forward(
    w: &GrammersWorker,
    from: ChatId,
    ids: &[MessageId],
    to: ChatId,
    mode: ForwardMode,
) -> Result<Vec<WorkerMessage>, WorkerError> {
    let (src, dst) = (w.peer(from).await?, w.peer(to).await?);
    if mode == ForwardMode::KeepAuthor {
        let sent = w
            .client
            .forward_messages(dst, ids, src)
            .await
            .map_err(map_invocation)?;
        return GrammersWorker::messages(sent);
    }
    let random_id: Vec<i64> = ids.iter().map(|_| rand::random()).collect();
    let request = tl::functions::messages::ForwardMessages {
        silent: false,
        background: false,
        with_my_score: false,
        drop_author: true,
        drop_media_captions: false,
        noforwards: false,
        allow_paid_floodskip: false,
        from_ephemeral: false,
        from_peer: (&src).into(),
        id: ids.to_vec(),
        random_id: random_id.clone(),
        to_peer: (&dst).into(),
        top_msg_id: None,
        reply_to: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        video_timestamp: None,
        allow_paid_stars: None,
        suggested_post: None,
    };
    let updates = w.client.invoke(&request).await.map_err(map_invocation)?;
    let by_random = new_message_ids(&updates);
    let new_ids: Vec<i32> = random_id
        .iter()
        .filter_map(|r| by_random.get(r).copied())
        .collect();
    let found = w
        .client
        .get_messages_by_id(dst, &new_ids)
        .await
        .map_err(map_invocation)?;
    GrammersWorker::messages(found)
}

/// Maps `random_id` → new message id from the answer to a send or forward.
fn new_message_ids(updates: &tl::enums::Updates) -> HashMap<i64, i32> {
    let list: &[tl::enums::Update] = match updates {
        tl::enums::Updates::Updates(u) => &u.updates,
        tl::enums::Updates::Combined(u) => &u.updates,
        _ => &[],
    };
    list.iter()
        .filter_map(|u| match u {
            tl::enums::Update::MessageId(m) => Some((m.random_id, m.id)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_of_a_forward_come_from_update_message_id() {
        let updates = tl::enums::Updates::Updates(tl::types::Updates {
            updates: vec![
                tl::types::UpdateMessageId {
                    id: 41,
                    random_id: 7,
                }
                .into(),
                tl::types::UpdateMessageId {
                    id: 42,
                    random_id: 9,
                }
                .into(),
            ],
            users: vec![],
            chats: vec![],
            date: 0,
            seq: 0,
        });
        let ids = new_message_ids(&updates);
        assert_eq!((ids.get(&7), ids.get(&9)), (Some(&41), Some(&42)));
        assert!(new_message_ids(&tl::enums::Updates::TooLong).is_empty());
    }
}
