//! Serving the Bot API (and the driver control route) on a local address.

use crate::bot_api;
use crate::control::{execute, Command};
use crate::persist;
use crate::{Sandbox, SandboxError};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use rand::distributions::{Alphanumeric, DistString};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// File in the sandbox directory naming the running server.
pub const SERVE_FILE: &str = "serve.json";

/// What a running server publishes in `serve.json` for CLI driver commands.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServeInfo {
    /// Base URL of the Bot API (`http://127.0.0.1:PORT`).
    pub url: String,
    /// Secret for `POST /sandbox/control` (header `x-sandbox-key`).
    pub control_key: String,
}

/// A running server.
#[derive(Debug)]
pub struct ServeHandle {
    /// The bound address.
    pub addr: SocketAddr,
    /// Base URL for `Bot::set_api_url`.
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    info_path: PathBuf,
    sandbox: Sandbox,
}

#[derive(Clone)]
struct Control {
    sandbox: Sandbox,
    key: String,
}

async fn control(
    State(c): State<Control>,
    headers: HeaderMap,
    Json(cmd): Json<Command>,
) -> Response {
    let key = headers.get("x-sandbox-key").and_then(|v| v.to_str().ok());
    if key != Some(c.key.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error": "bad control key"})),
        )
            .into_response();
    }
    match execute(&c.sandbox, cmd).await {
        Ok(result) => Json(json!({"ok": true, "result": result})).into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": e.to_string()})),
        )
            .into_response(),
    }
}

/// Binds `addr` (use `127.0.0.1:0` for any free port), serves the Bot API and the control
/// route, and writes `serve.json` into the sandbox directory.
pub async fn serve(sandbox: &Sandbox, addr: SocketAddr) -> Result<ServeHandle, SandboxError> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}");
    let key = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
    let control_routes = Router::new()
        .route("/sandbox/control", post(control))
        .with_state(Control {
            sandbox: sandbox.clone(),
            key: key.clone(),
        });
    let app = bot_api::router(sandbox.clone()).merge(control_routes);
    let info_path = sandbox.dir().join(SERVE_FILE);
    persist::save(
        &info_path,
        &ServeInfo {
            url: url.clone(),
            control_key: key,
        },
    )?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(ServeHandle {
        addr,
        url,
        stop: Some(stop),
        task,
        info_path,
        sandbox: sandbox.clone(),
    })
}

impl ServeHandle {
    /// Stops the server, waits for it, and removes `serve.json`.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = (&mut self.task).await.map_err(std::io::Error::other)?;
        let _ = std::fs::remove_file(&self.info_path);
        self.sandbox.flush().map_err(std::io::Error::other)?;
        result
    }
}

/// Lines to print for `sandbox serve`: the URL and each bot's token.
pub fn banner(sandbox: &Sandbox, handle: &ServeHandle) -> String {
    let mut out = format!("Bot API: {}\n", handle.url);
    for b in sandbox.bots() {
        out.push_str(&format!("bot @{} token: {}\n", b.username, b.token));
    }
    out.push_str(&format!("state: {}\n", sandbox.dir().display()));
    out
}
