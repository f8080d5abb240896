//! One JSON-RPC 2.0 exchange with aria2 over HTTP `POST /jsonrpc`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

use super::error::Aria2Error;
use super::Secret;

/// One JSON-RPC exchange with `127.0.0.1:port` (also used to probe a starting daemon).
pub(super) async fn call_at(
    http: &reqwest::Client,
    port: u16,
    secret: &Secret,
    ids: &AtomicU64,
    method: &str,
    params: Vec<Value>,
) -> Result<Value, Aria2Error> {
    let mut all = Vec::with_capacity(params.len() + 1);
    all.push(json!(format!("token:{}", secret.0)));
    all.extend(params);
    let id = ids.fetch_add(1, Ordering::Relaxed).to_string();
    let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": all});
    let response = http
        .post(format!("http://127.0.0.1:{port}/jsonrpc"))
        .json(&body)
        .send()
        .await
        .map_err(|e| Aria2Error::Transport(e.without_url().to_string()))?;
    // aria2 answers RPC errors with HTTP 400 and a JSON body: read the body either way.
    let status = response.status();
    let answer: Value = response
        .json()
        .await
        .map_err(|e| Aria2Error::BadResponse(format!("HTTP {status}: {}", e.without_url())))?;
    if let Some(err) = answer.get("error") {
        return Err(Aria2Error::Rpc {
            code: err.get("code").and_then(Value::as_i64).unwrap_or(0),
            message: err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        });
    }
    answer
        .get("result")
        .cloned()
        .ok_or_else(|| Aria2Error::BadResponse(format!("no result (HTTP {status})")))
}
