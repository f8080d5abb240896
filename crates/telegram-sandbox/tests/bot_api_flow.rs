//! Bot API behaviour beyond limits: updates, file ids per bot, getFile, copies, edits.

mod common;

use common::{assert_error, bytes, serve, world, Api};
use serde_json::{json, Value};
use streamvault_telegram::{ChatId, OutgoingMedia, OutgoingMessage, UploadAs, WorkerPort};
use streamvault_telegram_sandbox::errors::bot_text;
use streamvault_telegram_sandbox::Sandbox;

async fn worker_posts_file(sb: &Sandbox, account: i64, channel: i64, data: &[u8]) -> i32 {
    let worker = sb.worker(account);
    worker.warm_peers().await.expect("warm");
    let up = worker
        .upload(&mut &data[..], data.len() as u64, "f.bin", &|_, _| {})
        .await
        .expect("upload");
    let media = OutgoingMedia::Uploaded {
        file: up,
        as_: UploadAs::Document {
            mime_type: "application/octet-stream".into(),
        },
    };
    worker
        .send_message(ChatId(channel), OutgoingMessage::media(media, ""))
        .await
        .expect("send")
        .id
}

async fn updates(api: &Api, offset: i64) -> Vec<Value> {
    let r = api
        .ok("getUpdates", json!({"offset": offset, "timeout": 0}))
        .await;
    r.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn each_bot_gets_its_own_file_id_and_get_file_obeys_20_mb() {
    let w = world();
    let bot2 = w.sb.add_bot("Second", "second_bot").expect("bot2");
    w.sb.add_member(w.channel, bot2, true).expect("admin");
    let server = serve(&w.sb).await;
    let tokens: Vec<String> = w.sb.bots().into_iter().map(|b| b.token).collect();
    let (api1, api2) = (
        Api::new(&server.url, &tokens[0]),
        Api::new(&server.url, &tokens[1]),
    );

    let small = bytes(70_000, 3);
    worker_posts_file(&w.sb, w.worker1, w.channel, &small).await;
    let post1 = updates(&api1, 0).await.pop().expect("update for bot 1");
    let post2 = updates(&api2, 0).await.pop().expect("update for bot 2");
    let (d1, d2) = (
        &post1["channel_post"]["document"],
        &post2["channel_post"]["document"],
    );
    assert_ne!(d1["file_id"], d2["file_id"]);
    assert_eq!(d1["file_unique_id"], d2["file_unique_id"]);
    let r = api2
        .call(
            "sendDocument",
            json!({"chat_id": w.channel, "document": d1["file_id"]}),
        )
        .await;
    assert_error(&r, 400, bot_text::WRONG_FILE_ID);

    let file = api1.ok("getFile", json!({"file_id": d1["file_id"]})).await;
    let path = file["file_path"].as_str().expect("path");
    let got = reqwest::get(format!("{}/file/bot{}/{path}", server.url, tokens[0]))
        .await
        .expect("get");
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), small.as_slice());
    assert_eq!(w.sb.bots()[0].counters.bytes_downloaded, small.len() as u64);

    let big = vec![1u8; 20 * 1024 * 1024 + 1];
    worker_posts_file(&w.sb, w.worker1, w.channel, &big).await;
    let offset = post1["update_id"].as_i64().expect("id") + 1;
    let post = updates(&api1, offset).await.pop().expect("second update");
    let r = api1
        .call(
            "getFile",
            json!({"file_id": post["channel_post"]["document"]["file_id"]}),
        )
        .await;
    assert_error(&r, 400, bot_text::FILE_TOO_BIG);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn get_updates_offset_filter_and_long_poll() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    w.sb.say(w.alice, w.bot, "one").expect("say");
    w.sb.post(w.alice, w.channel, "/health").expect("post");
    let only_messages = api
        .ok("getUpdates", json!({"allowed_updates": ["message"]}))
        .await;
    assert_eq!(only_messages.as_array().map(Vec::len), Some(1));
    assert_eq!(only_messages[0]["message"]["text"], json!("one"));
    let next = only_messages[0]["update_id"].as_i64().expect("id") + 1;
    let all = api
        .ok("getUpdates", json!({"offset": next, "allowed_updates": []}))
        .await;
    assert_eq!(all[0]["channel_post"]["text"], json!("/health"));
    assert_eq!(
        all[0]["channel_post"]["sender_chat"]["type"],
        json!("channel")
    );
    let confirmed = all[0]["update_id"].as_i64().expect("id") + 1;

    let requests = w.sb.bots()[0].counters.requests;
    let started = std::time::Instant::now();
    let poll = tokio::spawn(async move {
        api.ok("getUpdates", json!({"offset": confirmed, "timeout": 20}))
            .await
    });
    common::eventually("the long poll to reach the server", || {
        w.sb.bots()[0].counters.requests > requests
    })
    .await;
    w.sb.say(w.alice, w.bot, "wake up").expect("say");
    let woke = poll.await.expect("poll");
    assert_eq!(woke[0]["message"]["text"], json!("wake up"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "woken by the update, not the timeout"
    );
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn copies_and_forwards_move_no_bytes() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    let data = bytes(300_000, 5);
    let id = worker_posts_file(&w.sb, w.worker1, w.channel, &data).await;
    w.sb.say(w.alice, w.bot, "/start").expect("start");
    let copy = api.ok("copyMessage", json!({"chat_id": w.alice, "from_chat_id": w.channel, "message_id": id, "caption": "for you"})).await;
    assert!(copy["message_id"].is_i64());
    let fwd = api
        .ok(
            "forwardMessage",
            json!({"chat_id": w.alice, "from_chat_id": w.channel, "message_id": id}),
        )
        .await;
    assert_eq!(fwd["forward_origin"]["type"], json!("channel"));
    assert_eq!(fwd["forward_origin"]["chat"]["id"], json!(w.channel));
    let missing = api
        .call(
            "copyMessage",
            json!({"chat_id": w.alice, "from_chat_id": w.channel, "message_id": 999}),
        )
        .await;
    assert_error(&missing, 400, bot_text::MESSAGE_TO_COPY_NOT_FOUND);
    assert_eq!(w.sb.bots()[0].counters.bytes_uploaded, 0);
    let dms = w.sb.dms(w.alice, w.bot);
    assert!(
        dms.iter()
            .filter(|m| m.media.as_ref().map(|x| x.size) == Some(data.len() as u64))
            .count()
            == 2
    );
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn edits_deletes_and_callback_answers() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    w.sb.say(w.alice, w.bot, "/start").expect("start");
    let kb = json!({"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]});
    let sent = api
        .ok(
            "sendMessage",
            json!({"chat_id": w.alice, "text": "menu", "reply_markup": kb}),
        )
        .await;
    let id = sent["message_id"].as_i64().expect("id");
    let same = api
        .call(
            "editMessageText",
            json!({"chat_id": w.alice, "message_id": id, "text": "menu", "reply_markup": kb}),
        )
        .await;
    assert_error(&same, 400, bot_text::MESSAGE_NOT_MODIFIED);
    let gone = api
        .call(
            "editMessageText",
            json!({"chat_id": w.alice, "message_id": 777, "text": "x"}),
        )
        .await;
    assert_error(&gone, 400, bot_text::MESSAGE_TO_EDIT_NOT_FOUND);
    let caption = api
        .call(
            "editMessageCaption",
            json!({"chat_id": w.alice, "message_id": id, "caption": "x"}),
        )
        .await;
    assert_error(&caption, 400, bot_text::NO_CAPTION_TO_EDIT);

    let q =
        w.sb.press(w.alice, w.bot, i32::try_from(id).expect("id"), "go")
            .expect("press");
    let update = api.ok("getUpdates", json!({})).await;
    let cq = update
        .as_array()
        .and_then(|u| u.iter().find(|u| u.get("callback_query").is_some()))
        .expect("callback");
    assert_eq!(cq["callback_query"]["data"], json!("go"));
    assert_eq!(cq["callback_query"]["message"]["message_id"], json!(id));
    api.ok(
        "answerCallbackQuery",
        json!({"callback_query_id": q, "text": "done"}),
    )
    .await;
    let again = api
        .call("answerCallbackQuery", json!({"callback_query_id": q}))
        .await;
    assert_error(&again, 400, bot_text::QUERY_TOO_OLD);
    assert!(w
        .sb
        .press(w.alice, w.bot, i32::try_from(id).expect("id"), "nope")
        .is_err());

    api.ok(
        "deleteMessage",
        json!({"chat_id": w.alice, "message_id": id}),
    )
    .await;
    let twice = api
        .call(
            "deleteMessage",
            json!({"chat_id": w.alice, "message_id": id}),
        )
        .await;
    assert_error(&twice, 400, bot_text::MESSAGE_TO_DELETE_NOT_FOUND);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn the_world_survives_a_restart_and_files_are_stored_once() {
    let w = world();
    let data = bytes(100_000, 9);
    worker_posts_file(&w.sb, w.worker1, w.channel, &data).await;
    worker_posts_file(&w.sb, w.worker2, w.channel, &data).await;
    w.sb.say(w.alice, w.bot, "remember me").expect("say");
    let token = w.sb.bots()[0].token.clone();
    let dir = w.dir.path().to_owned();
    drop(w.sb);
    let again = Sandbox::open(&dir).expect("reopen");
    assert_eq!(again.bots()[0].token, token);
    assert_eq!(again.dms(w.alice, w.bot)[0].text, "remember me");
    let uploaded: u64 = again
        .accounts()
        .iter()
        .map(|a| a.counters.bytes_uploaded)
        .sum();
    assert_eq!(uploaded, 2 * data.len() as u64);
    let blobs = std::fs::read_dir(dir.join("files"))
        .expect("files")
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(blobs, 1, "the same bytes are stored once");
    let health = again.messages(streamvault_telegram_sandbox::Place::Channel(w.channel));
    assert_eq!(health.len(), 2);
}
