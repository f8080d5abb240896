//! Worker-port contract tests against the sandbox: peers, uploads, sends, albums,
//! forwards, copies, message limits.

mod common;

use common::{bytes, invalid, upload_doc, world};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use streamvault_telegram::limits::MIB;
use streamvault_telegram::{
    AccountKind, AlbumItem, ButtonAction, ChatId, ForwardMode, InlineButton, InlineKeyboard,
    OutgoingMedia, OutgoingMessage, UploadAs, WorkerError, WorkerPort, WorkerUpdate,
};

#[tokio::test]
async fn a_fresh_session_learns_a_channel_from_health() {
    let w = world();
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    assert_eq!(port.me().await.expect("me").kind, AccountKind::Normal);
    assert_eq!(
        w.sb.worker(w.worker2).me().await.expect("me").kind,
        AccountKind::Premium
    );
    assert_eq!(
        port.resolve_channel(chat).await,
        Err(WorkerError::PeerUnknown)
    );
    assert_eq!(
        port.send_message(chat, OutgoingMessage::text("hi"))
            .await
            .map(|_| ()),
        Err(WorkerError::PeerUnknown)
    );
    w.sb.post(w.alice, w.channel, "/health").expect("health");
    let update = port
        .next_update(Duration::from_secs(5))
        .await
        .expect("update")
        .expect("some update");
    assert!(
        matches!(&update, WorkerUpdate::NewMessage(m) if m.text == "/health" && m.chat == chat)
    );
    assert_eq!(
        port.resolve_channel(chat).await.expect("resolved").title,
        "StreamVault Log"
    );
    assert_eq!(port.next_update(Duration::from_millis(50)).await, Ok(None));

    let other = w.sb.worker(w.worker2);
    assert_eq!(other.warm_peers().await, Ok(1));
    other
        .resolve_channel(chat)
        .await
        .expect("known after warm-up");
    w.sb.reset_session(w.worker2).expect("reset");
    assert_eq!(
        other.resolve_channel(chat).await,
        Err(WorkerError::PeerUnknown)
    );
}

#[tokio::test]
async fn upload_with_progress_send_forward_copy_and_resend_by_reference() {
    let w = world();
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    port.warm_peers().await.expect("warm");
    let data = bytes(11 * MIB as usize + 5, 1);
    let calls = AtomicU64::new(0);
    let last = AtomicU64::new(0);
    let progress = |sent: u64, total: u64| {
        assert_eq!(total, data.len() as u64);
        calls.fetch_add(1, Ordering::SeqCst);
        last.store(sent, Ordering::SeqCst);
    };
    let up = port
        .upload(&mut &data[..], data.len() as u64, "big.mkv", &progress)
        .await
        .expect("upload");
    assert!(up.big);
    assert_eq!(u64::from(up.parts), calls.load(Ordering::SeqCst));
    assert_eq!(last.load(Ordering::SeqCst), data.len() as u64);
    let kb = InlineKeyboard {
        rows: vec![vec![InlineButton {
            text: "Watch".into(),
            action: ButtonAction::Url("https://x.test".into()),
        }]],
    };
    let media = OutgoingMedia::Uploaded {
        file: up,
        as_: UploadAs::Video {
            mime_type: "video/mp4".into(),
            duration_secs: 60,
            width: 1920,
            height: 1080,
        },
    };
    let sent = port
        .send_message(chat, OutgoingMessage::media(media, "Film").with_markup(kb))
        .await
        .expect("send");
    let stored = sent.media.clone().expect("media");
    assert_eq!(stored.size, data.len() as u64);
    let after_upload = w.sb.accounts()[0].counters.bytes_uploaded;
    assert_eq!(after_upload, data.len() as u64);

    let backup = w.sb.add_channel("Backup", None).expect("backup");
    w.sb.add_member(backup, w.worker1, true).expect("admin");
    port.warm_peers().await.expect("warm");
    let fwd = port
        .forward_messages(chat, &[sent.id], ChatId(backup), ForwardMode::KeepAuthor)
        .await
        .expect("forward");
    assert_eq!(fwd[0].forwarded_from, Some(chat));
    let copy = port
        .forward_messages(chat, &[sent.id], ChatId(backup), ForwardMode::DropAuthor)
        .await
        .expect("copy");
    assert_eq!(copy[0].forwarded_from, None);
    let again = port
        .send_message(
            ChatId(backup),
            OutgoingMessage::media(OutgoingMedia::Stored(stored), "again"),
        )
        .await
        .expect("resend");
    assert_eq!(
        again.media.as_ref().map(|m| m.id),
        sent.media.as_ref().map(|m| m.id)
    );
    assert_eq!(
        w.sb.accounts()[0].counters.bytes_uploaded,
        after_upload,
        "forwards, copies and resends upload nothing"
    );
    assert_eq!(
        port.forward_messages(chat, &[999], ChatId(backup), ForwardMode::KeepAuthor)
            .await
            .map(|_| ()),
        Err(invalid("MESSAGE_ID_INVALID"))
    );

    let got = port.get_messages(chat, &[sent.id, 999]).await.expect("get");
    assert_eq!(got[0].as_ref().map(|m| m.text.as_str()), Some("Film"));
    assert!(got[1].is_none());
    assert_eq!(port.delete_messages(chat, &[sent.id, 999]).await, Ok(1));
    assert!(port.get_messages(chat, &[sent.id]).await.expect("get")[0].is_none());
}

#[tokio::test]
async fn albums_share_a_group_and_keep_to_2_to_10() {
    let w = world();
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    port.warm_peers().await.expect("warm");
    let first = upload_doc(&port, chat, &bytes(5000, 2), "one").await;
    let stored = first.media.expect("media");
    let item = |c: &str| AlbumItem {
        media: OutgoingMedia::Stored(stored.clone()),
        caption: c.into(),
    };
    let album = port
        .send_album(chat, vec![item("a"), item("b"), item("c")])
        .await
        .expect("album");
    assert!(
        album[0].grouped_id.is_some() && album.iter().all(|m| m.grouped_id == album[0].grouped_id)
    );
    assert_eq!(
        port.send_album(chat, vec![]).await.map(|_| ()),
        Err(invalid("MEDIA_EMPTY"))
    );
    let eleven = (0..11).map(|i| item(&i.to_string())).collect();
    assert_eq!(
        port.send_album(chat, eleven).await.map(|_| ()),
        Err(invalid("MULTI_MEDIA_TOO_LONG"))
    );
    let long = vec![item(&"c".repeat(1025)), item("x")];
    assert_eq!(
        port.send_album(chat, long).await.map(|_| ()),
        Err(invalid("MEDIA_CAPTION_TOO_LONG"))
    );
}

#[tokio::test]
async fn message_limits_use_telegram_rpc_errors() {
    let w = world();
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    port.warm_peers().await.expect("warm");
    port.send_message(chat, OutgoingMessage::text("a".repeat(4096)))
        .await
        .expect("4096 chars");
    assert_eq!(
        port.send_message(chat, OutgoingMessage::text("a".repeat(4097)))
            .await
            .map(|_| ()),
        Err(invalid("MESSAGE_TOO_LONG"))
    );
    assert_eq!(
        port.send_message(chat, OutgoingMessage::text(""))
            .await
            .map(|_| ()),
        Err(invalid("MESSAGE_EMPTY"))
    );
    let kb = InlineKeyboard {
        rows: vec![vec![InlineButton {
            text: "b".into(),
            action: ButtonAction::Callback("x".repeat(65)),
        }]],
    };
    let r = port
        .send_message(chat, OutgoingMessage::text("k").with_markup(kb))
        .await;
    assert_eq!(r.map(|_| ()), Err(invalid("BUTTON_DATA_INVALID")));
}
