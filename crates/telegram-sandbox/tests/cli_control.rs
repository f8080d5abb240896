//! The CLI driver path: commands run on a stopped world directly, and through
//! `serve.json` on a running server (the server's world sees them).

mod common;

use common::{serve, world};
use serde_json::json;
use streamvault_telegram_sandbox::{run, Command, Place, SERVE_FILE};

#[tokio::test]
async fn commands_reach_a_running_server_and_a_stopped_world() {
    let w = world();
    let dir = w.dir.path().to_owned();
    let server = serve(&w.sb).await;
    assert!(dir.join(SERVE_FILE).exists());

    let said = run(
        &dir,
        Command::Say {
            user: "@alice".into(),
            bot: None,
            text: "/start hello".into(),
        },
    )
    .await
    .expect("say");
    assert_eq!(said["text"], json!("/start hello"));
    assert_eq!(
        w.sb.dms(w.alice, w.bot).len(),
        1,
        "the running server's world got the message"
    );

    let file = dir.join("clip.mp4");
    std::fs::write(&file, b"not really a video").expect("write");
    let posted = run(
        &dir,
        Command::Post {
            user: None,
            channel: "@sv_log".into(),
            text: "clip".into(),
            file: Some(file),
            kind: None,
        },
    )
    .await
    .expect("post");
    assert_eq!(posted["media"]["size"], json!(18));
    let id = i32::try_from(posted["id"].as_i64().expect("id")).expect("id");
    run(
        &dir,
        Command::Forward {
            user: "alice".into(),
            bot: None,
            channel: "sv_log".into(),
            message_id: id,
        },
    )
    .await
    .expect("forward");
    let dms = run(
        &dir,
        Command::Messages {
            chat: "alice".into(),
            bot: None,
        },
    )
    .await
    .expect("messages");
    assert_eq!(dms.as_array().map(Vec::len), Some(2));
    assert_eq!(dms[1]["forwarded_from"], json!(w.channel));
    let bad = run(
        &dir,
        Command::Press {
            user: "alice".into(),
            bot: None,
            message_id: 1,
            data: "nope".into(),
        },
    )
    .await;
    assert!(bad.is_err());

    server.shutdown().await.expect("shutdown");
    assert!(!dir.join(SERVE_FILE).exists());
    drop(w.sb);
    let accounts = run(&dir, Command::Accounts)
        .await
        .expect("accounts offline");
    assert_eq!(accounts.as_array().map(Vec::len), Some(2));
    run(
        &dir,
        Command::Post {
            user: Some("alice".into()),
            channel: "@sv_log".into(),
            text: "/health".into(),
            file: None,
            kind: None,
        },
    )
    .await
    .expect("post offline");
    let reopened = streamvault_telegram_sandbox::Sandbox::open(&dir).expect("open");
    assert_eq!(reopened.messages(Place::Channel(w.channel)).len(), 2);
}
