//! Helpers shared by the sandbox integration tests.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;
use streamvault_telegram_sandbox::{ManualClock, Sandbox, SandboxConfig, ServeHandle};
use tempfile::TempDir;

/// A sandbox in a temporary directory with the default world.
pub struct World {
    /// Keeps the directory alive.
    pub dir: TempDir,
    /// The sandbox.
    pub sb: Sandbox,
    /// The default bot.
    pub bot: i64,
    /// Alice.
    pub alice: i64,
    /// worker1 (normal).
    pub worker1: i64,
    /// worker2 (premium).
    pub worker2: i64,
    /// @sv_log.
    pub channel: i64,
}

/// The default world with the system clock and `config`.
pub fn world_with(config: SandboxConfig) -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let sb = Sandbox::open_with(
        dir.path(),
        config,
        Arc::new(streamvault_telegram_sandbox::SystemClock),
    )
    .expect("open");
    finish(dir, sb)
}

/// The default world with default settings.
pub fn world() -> World {
    world_with(SandboxConfig::default())
}

/// The default world on a manual clock.
pub fn world_on(clock: Arc<ManualClock>, config: SandboxConfig) -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let sb = Sandbox::open_with(dir.path(), config, clock).expect("open");
    finish(dir, sb)
}

fn finish(dir: TempDir, sb: Sandbox) -> World {
    let bot = sb.find_bot(None).expect("bot");
    let alice = sb.find_user("alice").expect("alice");
    let worker1 = sb.find_account("worker1").expect("worker1");
    let worker2 = sb.find_account("worker2").expect("worker2");
    let channel = sb.find_channel("@sv_log").expect("channel");
    World {
        dir,
        sb,
        bot,
        alice,
        worker1,
        worker2,
        channel,
    }
}

/// Serves the Bot API on a free local port.
pub async fn serve(sb: &Sandbox) -> ServeHandle {
    streamvault_telegram_sandbox::serve(sb, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("serve")
}

/// Polls `check` every 20 ms until it holds; panics after 15 s.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Deterministic test bytes.
pub fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ ((i >> 11) as u8))
        .collect()
}

/// A Bot API client for raw calls (what curl would do).
pub struct Api {
    /// Base URL.
    pub url: String,
    /// Bot token.
    pub token: String,
    http: reqwest::Client,
}

impl Api {
    /// A client for `token` at `url`.
    pub fn new(url: &str, token: &str) -> Self {
        Self {
            url: url.to_owned(),
            token: token.to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// Calls a method with a JSON body; returns (HTTP status, body).
    pub async fn call(&self, method: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = self
            .http
            .post(format!("{}/bot{}/{method}", self.url, self.token))
            .json(&body)
            .send()
            .await
            .expect("send");
        let status = r.status().as_u16();
        (status, r.json().await.expect("json body"))
    }

    /// Calls a method with a multipart body holding one file part.
    pub async fn upload(
        &self,
        method: &str,
        fields: &[(&str, String)],
        file_field: &str,
        name: &str,
        data: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.clone());
        }
        form = form.part(
            file_field.to_owned(),
            reqwest::multipart::Part::bytes(data).file_name(name.to_owned()),
        );
        let r = self
            .http
            .post(format!("{}/bot{}/{method}", self.url, self.token))
            .multipart(form)
            .send()
            .await
            .expect("send");
        let status = r.status().as_u16();
        (status, r.json().await.expect("json body"))
    }

    /// The `result` of a successful call; panics with the body otherwise.
    pub async fn ok(&self, method: &str, body: serde_json::Value) -> serde_json::Value {
        let (status, v) = self.call(method, body).await;
        assert_eq!(
            (status, v["ok"].as_bool()),
            (200, Some(true)),
            "{method}: {v}"
        );
        v["result"].clone()
    }
}

/// Asserts a Bot API error body.
pub fn assert_error(got: &(u16, serde_json::Value), code: u16, description: &str) {
    assert_eq!(got.0, code, "{}", got.1);
    assert_eq!(got.1["ok"], serde_json::json!(false));
    assert_eq!(got.1["error_code"], serde_json::json!(code));
    assert_eq!(
        got.1["description"].as_str(),
        Some(description),
        "{}",
        got.1
    );
}

/// The typed error of an invalid request with `reason`.
pub fn invalid(reason: &str) -> streamvault_telegram::WorkerError {
    streamvault_telegram::WorkerError::InvalidRequest {
        reason: reason.into(),
    }
}

/// Uploads `data` and sends it as a document with `caption`.
pub async fn upload_doc(
    port: &dyn streamvault_telegram::WorkerPort,
    chat: streamvault_telegram::ChatId,
    data: &[u8],
    caption: &str,
) -> streamvault_telegram::WorkerMessage {
    use streamvault_telegram::{OutgoingMedia, OutgoingMessage, UploadAs};
    let up = port
        .upload(&mut &data[..], data.len() as u64, "file.bin", &|_, _| {})
        .await
        .expect("upload");
    let media = OutgoingMedia::Uploaded {
        file: up,
        as_: UploadAs::Document {
            mime_type: "application/octet-stream".into(),
        },
    };
    port.send_message(chat, OutgoingMessage::media(media, caption))
        .await
        .expect("send")
}
