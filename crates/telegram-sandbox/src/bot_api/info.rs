//! `getMe`, `getUpdates`, commands, `getChat`, `getChatMember`, `getFile`, file downloads.

use super::params::Params;
use super::target::{place, Access};
use super::{auth, ApiResult};
use crate::errors::{bot_text, BotApiError};
use crate::post::Place;
use crate::views::{chat_json, file_unique_id, parse_file_id, update_json, user_json};
use crate::Sandbox;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::time::Duration;
use streamvault_telegram::limits::BOT_API_MAX_DOWNLOAD_BYTES;

/// `getMe`.
pub(crate) fn get_me(sb: &Sandbox, bot: i64) -> ApiResult {
    Ok(sb.read(|w| {
        let mut me = user_json(w, bot);
        me["can_join_groups"] = json!(true);
        me["can_read_all_group_messages"] = json!(false);
        me["supports_inline_queries"] = json!(false);
        me["can_connect_to_business"] = json!(false);
        me["has_main_web_app"] = json!(false);
        me
    }))
}

/// `getUpdates` with `offset`, `limit`, `timeout` (long poll) and `allowed_updates`.
pub(crate) async fn get_updates(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    let offset = p.i64("offset")?;
    let limit = p.i64("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(p.i64("timeout")?.unwrap_or(0).max(0) as u64)
        .min(sb.config().max_long_poll);
    let allowed: Option<Vec<String>> = match p.json("allowed_updates")? {
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        ),
        _ => None,
    };
    sb.write(|w| {
        let b = w
            .bots
            .get_mut(&bot)
            .ok_or_else(|| BotApiError::new(401, bot_text::UNAUTHORIZED))?;
        match offset {
            Some(o) if o < 0 => {
                let keep = usize::try_from(-o).unwrap_or(0);
                while b.updates.len() > keep {
                    b.updates.pop_front();
                }
            }
            Some(o) => b.updates.retain(|u| u.update_id >= o),
            None => {}
        }
        if allowed.is_some() {
            b.allowed_updates = allowed.clone().filter(|a| !a.is_empty());
        }
        Ok::<_, BotApiError>(())
    })?;
    let collect = |sb: &Sandbox| {
        sb.read(|w| {
            let b = w.bots.get(&bot)?;
            let wanted = |name: &str| {
                b.allowed_updates
                    .as_ref()
                    .is_none_or(|a| a.iter().any(|x| x == name))
            };
            let out: Vec<Value> = b
                .updates
                .iter()
                .filter(|u| wanted(u.kind.name()))
                .filter_map(|u| update_json(w, bot, u))
                .take(limit)
                .collect();
            (!out.is_empty()).then_some(out)
        })
    };
    let found = sb.wait_for(timeout, collect).await.unwrap_or_default();
    Ok(Value::Array(found))
}

/// `setMyCommands`.
pub(crate) fn set_my_commands(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    let commands = match p.json("commands")? {
        Some(Value::Array(a)) => a,
        _ => {
            return Err(BotApiError::bad_request(
                "parameter \"commands\" is required",
            ))
        }
    };
    let mut parsed = Vec::with_capacity(commands.len());
    for c in &commands {
        let command = c.get("command").and_then(Value::as_str).unwrap_or_default();
        let description = c
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if command.is_empty() || command.len() > 32 || description.is_empty() {
            return Err(BotApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        parsed.push((command.to_owned(), description.to_owned()));
    }
    sb.write(|w| {
        if let Some(b) = w.bots.get_mut(&bot) {
            b.commands = parsed;
        }
        Ok(Value::Bool(true))
    })
}

/// `getMyCommands`.
pub(crate) fn get_my_commands(sb: &Sandbox, bot: i64) -> ApiResult {
    Ok(sb.read(|w| {
        let list: Vec<Value> = w.bots.get(&bot).map_or_else(Vec::new, |b| {
            b.commands
                .iter()
                .map(|(c, d)| json!({"command": c, "description": d}))
                .collect()
        });
        Value::Array(list)
    }))
}

/// `getChat`.
pub(crate) fn get_chat(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.read(|w| {
        let at = place(w, bot, p, "chat_id", Access::Read)?;
        let mut chat = chat_json(w, at.key());
        chat["accent_color_id"] = json!(0);
        chat["max_reaction_count"] = json!(11);
        Ok(chat)
    })
}

/// `getChatMember`.
pub(crate) fn get_chat_member(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    sb.read(|w| {
        let at = place(w, bot, p, "chat_id", Access::Read)?;
        let user = p.req_i64("user_id")?;
        let exists = w.users.contains_key(&user)
            || w.accounts.contains_key(&user)
            || w.bots.contains_key(&user);
        if !exists {
            return Err(BotApiError::new(400, bot_text::USER_NOT_FOUND));
        }
        let u = user_json(w, user);
        let status = match at {
            Place::Private { .. } => "member",
            Place::Channel(c) => {
                let Some(c) = w.channels.get(&c) else {
                    return Err(BotApiError::new(400, bot_text::CHAT_NOT_FOUND));
                };
                if c.admins.contains(&user) {
                    "administrator"
                } else if c.members.contains(&user) {
                    "member"
                } else {
                    "left"
                }
            }
        };
        if status != "administrator" {
            return Ok(json!({"status": status, "user": u}));
        }
        Ok(json!({
            "status": "administrator", "user": u, "can_be_edited": false, "is_anonymous": false,
            "can_manage_chat": true, "can_delete_messages": true, "can_manage_video_chats": true,
            "can_restrict_members": true, "can_promote_members": false, "can_change_info": true,
            "can_invite_users": true, "can_post_messages": true, "can_edit_messages": true,
            "can_post_stories": false, "can_edit_stories": false, "can_delete_stories": false
        }))
    })
}

/// `getFile`: only this bot's `file_id`s, only files up to 20 MB.
pub(crate) fn get_file(sb: &Sandbox, bot: i64, p: &Params) -> ApiResult {
    let id = p.str("file_id").unwrap_or_default();
    sb.read(|w| {
        let file = parse_file_id(&id)
            .filter(|(b, _)| *b == bot)
            .and_then(|(_, f)| w.files.get(&f))
            .filter(|f| f.seen_by_bots.contains(&bot))
            .ok_or_else(|| BotApiError::new(400, bot_text::WRONG_FILE_ID))?;
        if file.size > BOT_API_MAX_DOWNLOAD_BYTES {
            return Err(BotApiError::new(400, bot_text::FILE_TOO_BIG));
        }
        Ok(json!({
            "file_id": id, "file_unique_id": file_unique_id(file.id),
            "file_size": file.size, "file_path": format!("files/{}", file.id)
        }))
    })
}

/// `GET /file/bot<token>/files/<id>`: the bytes of a file `getFile` described.
pub(crate) async fn download(
    State(sb): State<Sandbox>,
    Path((token, path)): Path<(String, String)>,
) -> Response {
    let found = auth(&sb, &token).and_then(|bot| {
        let id: i64 = path
            .strip_prefix("files/")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        sb.read(|w| {
            w.files
                .get(&id)
                .filter(|f| f.seen_by_bots.contains(&bot) && f.size <= BOT_API_MAX_DOWNLOAD_BYTES)
                .map(|f| (bot, f.blob.clone(), f.size))
        })
        .ok_or_else(|| BotApiError::new(404, bot_text::NOT_FOUND))
    });
    let (bot, blob, size) = match found {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    match sb.inner.files.read_range(&blob, 0, size).await {
        Ok(bytes) => {
            sb.touch(|w| {
                if let Some(b) = w.bots.get_mut(&bot) {
                    b.counters.bytes_downloaded += bytes.len() as u64;
                }
            });
            bytes.into_response()
        }
        Err(e) => BotApiError::new(500, &format!("Internal Server Error: {e}")).into_response(),
    }
}
