//! The bot learns its own `file_id`s from channel posts (teloxide long polling against the
//! sandbox's Bot API server) and records them once the hive has indexed the posts; the id
//! is one the bot can really deliver by, without uploading a byte.

use std::sync::Arc;
use std::time::{Duration, Instant};
use streamvault_manager::bot_files::BotFileRecorder;
use streamvault_store::contents::{insert_with_fresh_slug, ContentFields, ContentKind};
use streamvault_store::telegram_refs::{NewTelegramRef, RefRole};
use streamvault_store::Store;
use streamvault_store_sql::{OpenOptions, SqlStore};
use streamvault_telegram::{ChatId, OutgoingMedia, OutgoingMessage, UploadAs, WorkerPort};
use streamvault_telegram_sandbox::{serve, Place, Sandbox};
use teloxide::prelude::Requester;
use teloxide::types::{FileId, InputFile};

async fn recorder_loop(
    recorder: Arc<BotFileRecorder>,
    token: &str,
    api: &str,
    stopped: tokio::sync::oneshot::Receiver<()>,
) {
    recorder
        .run(token, Some(api), async move {
            let _ = stopped.await;
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_posts_give_the_bot_file_ids_it_can_deliver_by() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::open(&dir.path().join("sandbox")).unwrap();
    let server = serve(&sb, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("db.sqlite").display()
    );
    let sql = SqlStore::connect(&url, &OpenOptions::default())
        .await
        .unwrap();
    sql.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(sql);
    let channel = sb.find_channel("@sv_log").unwrap();
    let bot_view = sb.bots()[0].clone();
    let bot = teloxide::Bot::new(&bot_view.token).set_api_url(server.url.parse().unwrap());

    let recorder = Arc::new(BotFileRecorder::new(store.clone()));
    let recorder_for_loop = recorder.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (token, api) = (bot_view.token.clone(), server.url.clone());
    let loop_task = tokio::spawn(async move {
        recorder_loop(recorder_for_loop, &token, &api, stopped).await;
    });

    // A worker posts a file: the bot sees the post before anything indexed it.
    let worker = sb.worker(sb.find_account("worker1").unwrap());
    worker.warm_peers().await.unwrap();
    let data = vec![7u8; 300_000];
    let up = worker
        .upload(&mut &data[..], data.len() as u64, "a.mkv", &|_, _| {})
        .await
        .unwrap();
    let media = OutgoingMedia::Uploaded {
        file: up,
        as_: UploadAs::Document {
            mime_type: "video/x-matroska".into(),
        },
    };
    let post = worker
        .send_message(ChatId(channel), OutgoingMessage::media(media, "A (2020)"))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while recorder.waiting() == 0 {
        assert!(Instant::now() < deadline, "the channel post never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The hive indexes it later; the waiting id is recorded by a retry.
    let fields = ContentFields::new("A", ContentKind::Movie);
    let content = insert_with_fresh_slug(&*store, &fields, 1).await.unwrap();
    let r = NewTelegramRef {
        content_id: content.id,
        role: RefRole::Video,
        channel_id: channel,
        message_id: i64::from(post.id),
        media_group_id: None,
        bot_file_id: None,
        file_unique_id: None,
        uploaded_by: Some("worker1".into()),
        part: 0,
    };
    store.add_telegram_ref(&r, 1).await.unwrap();
    let file_id = loop {
        let refs = store.list_telegram_refs(content.id).await.unwrap();
        if let Some(id) = refs[0].r#ref.bot_file_id.clone() {
            assert!(refs[0].r#ref.file_unique_id.is_some());
            break id;
        }
        assert!(Instant::now() < deadline, "the id was never recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(recorder.waiting(), 0);

    // The bot delivers the file by that id: no upload bytes anywhere.
    let alice = sb.find_user("alice").unwrap();
    sb.say(alice, bot_view.id, "/start").unwrap();
    let uploaded_before: u64 = sb
        .accounts()
        .iter()
        .map(|a| a.counters.bytes_uploaded)
        .sum();
    bot.send_document(
        teloxide::types::ChatId(alice),
        InputFile::file_id(FileId(file_id)),
    )
    .await
    .expect("the bot can send its own file_id");
    let dms = sb.messages(Place::Private {
        bot: bot_view.id,
        user: alice,
    });
    let sent = dms.last().expect("delivered");
    assert_eq!(sent.media.as_ref().map(|m| m.size), Some(data.len() as u64));
    let uploaded_after: u64 = sb
        .accounts()
        .iter()
        .map(|a| a.counters.bytes_uploaded)
        .sum();
    assert_eq!(uploaded_before, uploaded_after, "zero bandwidth");
    assert_eq!(sb.bots()[0].counters.bytes_uploaded, 0);

    let _ = stop.send(());
    loop_task.await.unwrap();
    server.shutdown().await.unwrap();
}
