//! The teloxide ↔ sandbox proof: a real teloxide dispatcher, pointed at the sandbox with
//! `set_api_url`, handles `/start payload`, an inline button, and delivers a worker's
//! channel upload by `file_id` without any upload bytes.

mod common;

use common::{bytes, eventually, serve, world};
use std::sync::{Arc, Mutex};
use streamvault_telegram::{
    ChatId as SvChatId, OutgoingMedia, OutgoingMessage, UploadAs, WorkerPort,
};
use teloxide::prelude::*;
use teloxide::types::{FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile};

type Shared = Arc<Mutex<Option<FileId>>>;

async fn on_message(bot: Bot, msg: Message) -> ResponseResult<()> {
    if let Some(payload) = msg.text().and_then(|t| t.strip_prefix("/start ")) {
        let keyboard =
            InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Get the file", "get")]]);
        bot.send_message(msg.chat.id, format!("payload: {payload}"))
            .reply_markup(keyboard)
            .await?;
    }
    Ok(())
}

async fn on_channel_post(msg: Message, seen: Shared) -> ResponseResult<()> {
    if let Some(doc) = msg.document() {
        *seen.lock().expect("lock") = Some(doc.file.id.clone());
    }
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery, seen: Shared) -> ResponseResult<()> {
    bot.answer_callback_query(q.id.clone())
        .text("sending")
        .await?;
    if let Some(m) = &q.message {
        bot.edit_message_text(m.chat().id, m.id(), "pressed: get")
            .await?;
        let file = seen.lock().expect("lock").clone();
        if let (Some(file), Some("get")) = (file, q.data.as_deref()) {
            bot.send_document(m.chat().id, InputFile::file_id(file))
                .caption("here it is")
                .await?;
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teloxide_dispatcher_runs_against_the_sandbox() {
    let w = world();
    let server = serve(&w.sb).await;
    let token = w.sb.bots()[0].token.clone();
    let url = reqwest::Url::parse(&server.url).expect("url");
    let bot = Bot::new(token).set_api_url(url);

    let seen: Shared = Arc::new(Mutex::new(None));
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_channel_post().endpoint(on_channel_post))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let mut dispatcher = Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![seen.clone()])
        .build();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    // A worker uploads a file into the channel; the bot sees it as a channel_post.
    let worker = w.sb.worker(w.worker1);
    worker.warm_peers().await.expect("warm");
    let data = bytes(3 * 1024 * 1024 + 17, 7);
    let uploaded = worker
        .upload(
            &mut data.as_slice(),
            data.len() as u64,
            "movie.mkv",
            &|_, _| {},
        )
        .await
        .expect("upload");
    let media = OutgoingMedia::Uploaded {
        file: uploaded,
        as_: UploadAs::Document {
            mime_type: "video/x-matroska".into(),
        },
    };
    let posted = worker
        .send_message(
            SvChatId(w.channel),
            OutgoingMessage::media(media, "Movie (2024)"),
        )
        .await
        .expect("post");
    eventually("the bot to learn its file_id from channel_post", || {
        seen.lock().expect("lock").is_some()
    })
    .await;
    let file_id = seen.lock().expect("lock").clone().expect("file id");
    assert!(
        file_id.0.contains(&w.bot.to_string()),
        "the file_id is the bot's own: {file_id:?}"
    );

    // /start payload → reply with an inline keyboard.
    w.sb.say(w.alice, w.bot, "/start abc123").expect("say");
    eventually("the reply with a keyboard", || {
        w.sb.dms(w.alice, w.bot)
            .iter()
            .any(|m| m.from_id == w.bot && m.text == "payload: abc123" && !m.buttons.is_empty())
    })
    .await;
    let reply =
        w.sb.dms(w.alice, w.bot)
            .into_iter()
            .find(|m| m.from_id == w.bot)
            .expect("reply");
    assert_eq!(reply.buttons[0][0].callback_data.as_deref(), Some("get"));

    // The button press → callback answer, edited message, and the file by file_id.
    let bot_bytes_before = w.sb.bots()[0].counters.bytes_uploaded;
    let query = w.sb.press(w.alice, w.bot, reply.id, "get").expect("press");
    eventually("the callback answer", || {
        w.sb.callback_answer(&query).is_some()
    })
    .await;
    assert_eq!(
        w.sb.callback_answer(&query).and_then(|a| a.text).as_deref(),
        Some("sending")
    );
    eventually("the document delivered", || {
        w.sb.dms(w.alice, w.bot).iter().any(|m| m.media.is_some())
    })
    .await;
    let dms = w.sb.dms(w.alice, w.bot);
    let edited = dms
        .iter()
        .find(|m| m.id == reply.id)
        .expect("edited message");
    assert!(edited.edited && edited.text == "pressed: get" && edited.buttons.is_empty());
    let delivered = dms.iter().find(|m| m.media.is_some()).expect("delivered");
    let channel_msg =
        w.sb.messages(streamvault_telegram_sandbox::Place::Channel(w.channel));
    let original = channel_msg
        .iter()
        .find(|m| m.id == posted.id)
        .expect("original");
    assert_eq!(
        delivered.media.as_ref().map(|m| &m.file_unique_id),
        original.media.as_ref().map(|m| &m.file_unique_id)
    );
    assert_eq!(
        delivered.media.as_ref().map(|m| m.size),
        Some(data.len() as u64)
    );

    // Zero bandwidth for the delivery leg; the worker paid the upload once.
    let bot_counters = w.sb.bots()[0].counters;
    assert_eq!(bot_counters.bytes_uploaded, 0);
    assert_eq!(bot_counters.bytes_uploaded, bot_bytes_before);
    let account =
        w.sb.accounts()
            .into_iter()
            .find(|a| a.id == w.worker1)
            .expect("account");
    assert_eq!(account.counters.bytes_uploaded, data.len() as u64);

    running.abort();
    server.shutdown().await.expect("shutdown");
}
