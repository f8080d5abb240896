//! Every Bot API limit the sandbox enforces, crossed, answered with Telegram's error.

mod common;

use common::{assert_error, serve, world, Api};
use serde_json::json;
use streamvault_telegram_sandbox::errors::bot_text;

#[tokio::test]
async fn wrong_token_and_unknown_method() {
    let w = world();
    let server = serve(&w.sb).await;
    let bad = Api::new(&server.url, "100001:wrong");
    assert_error(
        &bad.call("getMe", json!({})).await,
        401,
        bot_text::UNAUTHORIZED,
    );
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    assert_error(
        &api.call("sendTelepathy", json!({})).await,
        404,
        bot_text::NOT_FOUND,
    );
    let me = api.ok("getMe", json!({})).await;
    assert_eq!(me["username"], json!("streamvault_sandbox_bot"));
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn text_caption_and_callback_data_limits() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    w.sb.say(w.alice, w.bot, "/start").expect("start");
    let chat = w.alice;
    api.ok(
        "sendMessage",
        json!({"chat_id": chat, "text": "é".repeat(4096)}),
    )
    .await;
    assert_error(
        &api.call(
            "sendMessage",
            json!({"chat_id": chat, "text": "a".repeat(4097)}),
        )
        .await,
        400,
        bot_text::MESSAGE_TOO_LONG,
    );
    assert_error(
        &api.call("sendMessage", json!({"chat_id": chat, "text": ""}))
            .await,
        400,
        bot_text::MESSAGE_TEXT_EMPTY,
    );
    let keyboard =
        |data: String| json!({"inline_keyboard": [[{"text": "b", "callback_data": data}]]});
    api.ok(
        "sendMessage",
        json!({"chat_id": chat, "text": "ok", "reply_markup": keyboard("x".repeat(64))}),
    )
    .await;
    let too_long = api
        .call(
            "sendMessage",
            json!({"chat_id": chat, "text": "no", "reply_markup": keyboard("x".repeat(65))}),
        )
        .await;
    assert_error(&too_long, 400, bot_text::BUTTON_DATA_INVALID);
    // Form-encoded, as curl sends it, with reply_markup as a JSON string.
    let fields = [("chat_id", chat.to_string()), ("caption", "c".repeat(1025))];
    let r = api
        .upload("sendDocument", &fields, "document", "a.bin", vec![1, 2, 3])
        .await;
    assert_error(&r, 400, bot_text::CAPTION_TOO_LONG);
    let fields = [("chat_id", chat.to_string()), ("caption", "c".repeat(1024))];
    let (status, v) = api
        .upload("sendDocument", &fields, "document", "a.bin", vec![1, 2, 3])
        .await;
    assert_eq!(status, 200, "{v}");
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_burst_to_one_chat_gets_429_with_retry_after() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    w.sb.say(w.alice, w.bot, "/start").expect("start");
    let mut refused = None;
    for i in 0..30 {
        let r = api
            .call(
                "sendMessage",
                json!({"chat_id": w.alice, "text": format!("n{i}")}),
            )
            .await;
        if r.0 == 429 {
            refused = Some((i, r));
            break;
        }
    }
    let (i, r) = refused.expect("a burst of 30 messages to one chat is refused");
    assert!(
        (10..30).contains(&i),
        "the default private-chat burst is 10, refused at {i}"
    );
    assert_eq!(
        r.1["description"],
        json!("Too Many Requests: retry after 1")
    );
    assert_eq!(r.1["parameters"]["retry_after"], json!(1));
    assert_eq!(w.sb.bots()[0].counters.flood_waits, 1);
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn edits_share_the_channel_flood_budget() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    let sent = api
        .ok("sendMessage", json!({"chat_id": w.channel, "text": "0%"}))
        .await;
    let id = sent["message_id"].clone();
    // The send took one of the channel's 20; 19 edits fit, the 20th waits.
    for pct in 1..20 {
        api.ok(
            "editMessageText",
            json!({"chat_id": w.channel, "message_id": id, "text": format!("{pct}%")}),
        )
        .await;
    }
    let r = api
        .call(
            "editMessageText",
            json!({"chat_id": w.channel, "message_id": id, "text": "20%"}),
        )
        .await;
    assert_eq!(r.0, 429, "{}", r.1);
    assert!(r.1["parameters"]["retry_after"].as_u64().is_some());
    let counters = w.sb.bots()[0].counters;
    assert_eq!((counters.messages_edited, counters.flood_waits), (19, 1));
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_channel_takes_20_messages_a_minute() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    for i in 0..20 {
        api.ok(
            "sendMessage",
            json!({"chat_id": w.channel, "text": format!("post {i}")}),
        )
        .await;
    }
    let r = api
        .call(
            "sendMessage",
            json!({"chat_id": "@sv_log", "text": "one more"}),
        )
        .await;
    assert_eq!(r.0, 429, "{}", r.1);
    let wait = r.1["parameters"]["retry_after"]
        .as_u64()
        .expect("retry_after");
    assert!(
        (1..=3).contains(&wait),
        "20 per minute: one more in at most 3 s, got {wait}"
    );
    assert_eq!(
        r.1["description"],
        json!(format!("Too Many Requests: retry after {wait}"))
    );
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn album_sizes() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    let doc = api
        .upload(
            "sendDocument",
            &[("chat_id", w.channel.to_string())],
            "document",
            "d.bin",
            vec![9; 100],
        )
        .await;
    let file_id = doc.1["result"]["document"]["file_id"]
        .as_str()
        .expect("file_id")
        .to_owned();
    let item = json!({"type": "document", "media": file_id});
    assert_error(
        &api.call("sendMediaGroup", json!({"chat_id": w.channel, "media": []}))
            .await,
        400,
        bot_text::ALBUM_EMPTY,
    );
    let eleven = vec![item.clone(); 11];
    assert_error(
        &api.call(
            "sendMediaGroup",
            json!({"chat_id": w.channel, "media": eleven}),
        )
        .await,
        400,
        bot_text::ALBUM_TOO_MANY,
    );
    let two = api
        .ok(
            "sendMediaGroup",
            json!({"chat_id": w.channel, "media": [item.clone(), item]}),
        )
        .await;
    assert_eq!(two[0]["media_group_id"], two[1]["media_group_id"]);
    assert!(two[0]["media_group_id"].is_string());
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn upload_over_50_mb_is_413() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    let limit = streamvault_telegram::limits::BOT_API_MAX_UPLOAD_BYTES as usize;
    let fields = [("chat_id", w.channel.to_string())];
    let r = api
        .upload(
            "sendDocument",
            &fields,
            "document",
            "big.bin",
            vec![0; limit + 1],
        )
        .await;
    assert_error(&r, 413, bot_text::REQUEST_ENTITY_TOO_LARGE);
    let (status, v) = api
        .upload(
            "sendDocument",
            &fields,
            "document",
            "max.bin",
            vec![0; limit],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["result"]["document"]["file_size"], json!(limit));
    server.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn who_the_bot_may_write_to() {
    let w = world();
    let server = serve(&w.sb).await;
    let api = Api::new(&server.url, &w.sb.bots()[0].token);
    let bob = w.sb.add_user("Bob", Some("bob")).expect("bob");
    let r = api
        .call("sendMessage", json!({"chat_id": bob, "text": "hi"}))
        .await;
    assert_error(&r, 403, bot_text::CANT_INITIATE);
    w.sb.say(bob, w.bot, "/start").expect("start");
    api.ok("sendMessage", json!({"chat_id": bob, "text": "hi"}))
        .await;
    w.sb.block(bob, w.bot, true).expect("block");
    assert_error(
        &api.call("sendMessage", json!({"chat_id": bob, "text": "hi"}))
            .await,
        403,
        bot_text::BLOCKED_BY_USER,
    );
    assert_error(
        &api.call("sendMessage", json!({"chat_id": 42, "text": "hi"}))
            .await,
        400,
        bot_text::CHAT_NOT_FOUND,
    );
    let other = w.sb.add_channel("Other", None).expect("channel");
    assert_error(
        &api.call("sendMessage", json!({"chat_id": other, "text": "x"}))
            .await,
        403,
        bot_text::NOT_CHANNEL_MEMBER,
    );
    w.sb.add_member(other, w.bot, false).expect("member");
    assert_error(
        &api.call("sendMessage", json!({"chat_id": other, "text": "x"}))
            .await,
        400,
        bot_text::NEED_ADMIN,
    );
    w.sb.set_channel_banned(w.channel, true).expect("ban");
    assert_error(
        &api.call("sendMessage", json!({"chat_id": w.channel, "text": "x"}))
            .await,
        400,
        bot_text::CHAT_NOT_FOUND,
    );
    server.shutdown().await.expect("shutdown");
}
