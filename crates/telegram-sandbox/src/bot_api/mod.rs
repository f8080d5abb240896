//! The Bot API over HTTP: `/bot<token>/<method>` and `/file/bot<token>/<path>`.

mod edit;
mod info;
mod params;
mod send;
mod target;

use crate::errors::{bot_text, BotApiError};
use crate::persist::PersistError;
use crate::Sandbox;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use params::Params;
use serde_json::{json, Value};

/// What a method answers: its `result`, or an error.
pub(crate) type ApiResult = Result<Value, BotApiError>;

impl From<PersistError> for BotApiError {
    fn from(e: PersistError) -> Self {
        BotApiError::new(500, &format!("Internal Server Error: {e}"))
    }
}

/// `{"ok":false,"error_code":…,"description":…,"parameters":…}`, fields in the Bot API's order.
#[derive(serde::Serialize)]
struct ErrorBody {
    ok: bool,
    error_code: u16,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<Value>,
}

/// `{"ok":true,"result":…}`.
#[derive(serde::Serialize)]
struct OkBody {
    ok: bool,
    result: Value,
}

impl IntoResponse for BotApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            ok: false,
            error_code: self.code,
            description: self.description,
            parameters: self.retry_after.map(|s| json!({ "retry_after": s })),
        };
        (status, Json(body)).into_response()
    }
}

/// The Bot API routes of a sandbox (no control routes).
pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/{token}/{method}", any(handle))
        .route("/file/{token}/{*path}", get(info::download))
        .layer(DefaultBodyLimit::disable())
        .with_state(sandbox)
}

/// The bot owning a `bot<token>` path segment.
pub(crate) fn auth(sb: &Sandbox, segment: &str) -> Result<i64, BotApiError> {
    let token = segment.strip_prefix("bot").unwrap_or("");
    sb.read(|w| {
        w.bots
            .values()
            .find(|b| !token.is_empty() && b.token == token)
            .map(|b| b.id)
    })
    .ok_or_else(|| BotApiError::new(401, bot_text::UNAUTHORIZED))
}

async fn handle(
    State(sb): State<Sandbox>,
    Path((token, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    let bot = match auth(&sb, &token) {
        Ok(bot) => bot,
        Err(e) => return e.into_response(),
    };
    let params = match Params::read(&sb, req).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    sb.touch(|w| {
        if let Some(b) = w.bots.get_mut(&bot) {
            b.counters.requests += 1;
            b.counters.bytes_uploaded += params.upload_bytes();
        }
    });
    match dispatch(&sb, bot, &method.to_ascii_lowercase(), params).await {
        Ok(result) => Json(OkBody { ok: true, result }).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn dispatch(sb: &Sandbox, bot: i64, method: &str, p: Params) -> ApiResult {
    match method {
        "getme" => info::get_me(sb, bot),
        "getupdates" => info::get_updates(sb, bot, &p).await,
        "setmycommands" => info::set_my_commands(sb, bot, &p),
        "getmycommands" => info::get_my_commands(sb, bot),
        "deletewebhook" => Ok(Value::Bool(true)),
        "getwebhookinfo" => {
            Ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0}))
        }
        "getchat" => info::get_chat(sb, bot, &p),
        "getchatmember" => info::get_chat_member(sb, bot, &p),
        "getfile" => info::get_file(sb, bot, &p),
        "sendmessage" => send::send_message(sb, bot, &p),
        "sendphoto" => send::send_media(sb, bot, &p, streamvault_telegram::MediaKind::Photo),
        "senddocument" => send::send_media(sb, bot, &p, streamvault_telegram::MediaKind::Document),
        "sendvideo" => send::send_media(sb, bot, &p, streamvault_telegram::MediaKind::Video),
        "sendmediagroup" => send::send_media_group(sb, bot, &p),
        "copymessage" => edit::copy_or_forward(sb, bot, &p, false),
        "forwardmessage" => edit::copy_or_forward(sb, bot, &p, true),
        "deletemessage" => edit::delete_message(sb, bot, &p),
        "editmessagetext" => edit::edit(sb, bot, &p, false),
        "editmessagecaption" => edit::edit(sb, bot, &p, true),
        "answercallbackquery" => edit::answer_callback_query(sb, bot, &p),
        _ => Err(BotApiError::new(404, bot_text::NOT_FOUND)),
    }
}
