//! Bot API JSON shapes of the world's records, as one bot sees them.

use crate::model::{BotUpdate, BotUpdateKind, ChatKey, MessageRec, Sender, World};
use serde_json::{json, Map, Value};
use streamvault_telegram::{ButtonAction, InlineButton, InlineKeyboard, MediaKind};

fn kind_letter(kind: MediaKind) -> char {
    match kind {
        MediaKind::Photo => 'p',
        MediaKind::Document => 'd',
        MediaKind::Video => 'v',
    }
}

/// The `file_id` of `file` for `bot` (opaque to clients; different for each bot).
pub fn file_id(bot: i64, file: i64, kind: MediaKind) -> String {
    format!("SV{}{bot}_{file}", kind_letter(kind))
}

/// Reads a sandbox `file_id` back into (bot, file).
pub fn parse_file_id(s: &str) -> Option<(i64, i64)> {
    let rest = s.strip_prefix("SV")?;
    let rest = rest.get(1..)?;
    let (bot, file) = rest.split_once('_')?;
    Some((bot.parse().ok()?, file.parse().ok()?))
}

/// The `file_unique_id` of a file (the same for every bot).
pub fn file_unique_id(file: i64) -> String {
    format!("SVU{file}")
}

/// A `User` object for any user, bot or account id.
pub fn user_json(w: &World, id: i64) -> Value {
    if let Some(b) = w.bots.get(&id) {
        return json!({"id": id, "is_bot": true, "first_name": b.first_name, "username": b.username});
    }
    let (first_name, username) = match (w.users.get(&id), w.accounts.get(&id)) {
        (Some(u), _) => (u.first_name.clone(), u.username.clone()),
        (None, Some(a)) => (a.first_name.clone(), a.username.clone()),
        (None, None) => ("Deleted Account".to_owned(), None),
    };
    let mut v = json!({"id": id, "is_bot": false, "first_name": first_name});
    if let Some(u) = username {
        v["username"] = json!(u);
    }
    v
}

/// A `Chat` object.
pub fn chat_json(w: &World, key: ChatKey) -> Value {
    match key {
        ChatKey::Private(user) => {
            let mut v = user_json(w, user);
            if let Some(o) = v.as_object_mut() {
                o.remove("is_bot");
                o.insert("type".into(), json!("private"));
            }
            v
        }
        ChatKey::Channel(id) => {
            let c = w.channels.get(&id);
            let mut v =
                json!({"id": id, "type": "channel", "title": c.map_or("", |c| c.title.as_str())});
            if let Some(u) = c.and_then(|c| c.username.clone()) {
                v["username"] = json!(u);
            }
            v
        }
    }
}

/// An `InlineKeyboardMarkup` object.
pub fn keyboard_json(k: &InlineKeyboard) -> Value {
    let rows: Vec<Vec<Value>> = k
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| match &b.action {
                    ButtonAction::Callback(data) => json!({"text": b.text, "callback_data": data}),
                    ButtonAction::Url(url) => json!({"text": b.text, "url": url}),
                })
                .collect()
        })
        .collect();
    json!({ "inline_keyboard": rows })
}

/// Reads an `InlineKeyboardMarkup`; other markups are ignored (`None`).
pub fn parse_keyboard(v: &Value) -> Result<Option<InlineKeyboard>, String> {
    let Some(rows) = v.get("inline_keyboard") else {
        return Ok(None);
    };
    let rows = rows
        .as_array()
        .ok_or("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array")?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let row = row
            .as_array()
            .ok_or("can't parse inline keyboard button: Array expected")?;
        let mut buttons = Vec::with_capacity(row.len());
        for b in row {
            let text = b.get("text").and_then(Value::as_str).ok_or(
                "can't parse inline keyboard button: Field \"text\" must be of type String",
            )?;
            let action = match (b.get("callback_data").and_then(Value::as_str), b.get("url").and_then(Value::as_str)) {
                (Some(d), _) => ButtonAction::Callback(d.to_owned()),
                (None, Some(u)) => ButtonAction::Url(u.to_owned()),
                (None, None) => return Err("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field".into()),
            };
            buttons.push(InlineButton {
                text: text.to_owned(),
                action,
            });
        }
        out.push(buttons);
    }
    Ok(Some(InlineKeyboard { rows: out }))
}

fn media_json(w: &World, bot: i64, m: &MessageRec, o: &mut Map<String, Value>) {
    let Some(media) = &m.media else { return };
    let size = w.files.get(&media.file).map_or(0, |f| f.size);
    let mut f = json!({
        "file_id": file_id(bot, media.file, media.kind),
        "file_unique_id": file_unique_id(media.file),
        "file_size": size,
    });
    match media.kind {
        MediaKind::Photo => {
            f["width"] = json!(media.width);
            f["height"] = json!(media.height);
            o.insert("photo".into(), json!([f]));
        }
        MediaKind::Document | MediaKind::Video => {
            if let Some(n) = &media.file_name {
                f["file_name"] = json!(n);
            }
            if let Some(t) = &media.mime_type {
                f["mime_type"] = json!(t);
            }
            if media.kind == MediaKind::Video {
                f["width"] = json!(media.width);
                f["height"] = json!(media.height);
                f["duration"] = json!(media.duration);
                o.insert("video".into(), f);
            } else {
                o.insert("document".into(), f);
            }
        }
    }
}

/// A `Message` object as `bot` sees it in chat `key`.
pub fn message_json(w: &World, bot: i64, key: ChatKey, m: &MessageRec) -> Value {
    let mut o = Map::new();
    o.insert("message_id".into(), json!(m.id));
    match (key, m.sender) {
        (ChatKey::Channel(_), _) => {
            o.insert("sender_chat".into(), chat_json(w, key));
        }
        (_, Sender::User(id) | Sender::Bot(id) | Sender::Account(id)) => {
            o.insert("from".into(), user_json(w, id));
        }
    }
    o.insert("chat".into(), chat_json(w, key));
    o.insert("date".into(), json!(m.date));
    if let Some(f) = m.forward {
        let origin = if f.chat > 0 {
            json!({"type": "user", "sender_user": user_json(w, f.chat), "date": f.date})
        } else {
            json!({"type": "channel", "chat": chat_json(w, ChatKey::Channel(f.chat)), "message_id": f.message_id, "date": f.date})
        };
        o.insert("forward_origin".into(), origin);
    }
    if let Some(d) = m.edit_date {
        o.insert("edit_date".into(), json!(d));
    }
    if let Some(g) = m.media_group_id {
        o.insert("media_group_id".into(), json!(g.to_string()));
    }
    if m.media.is_none() {
        o.insert("text".into(), json!(m.text));
    } else if !m.text.is_empty() {
        o.insert("caption".into(), json!(m.text));
    }
    media_json(w, bot, m, &mut o);
    if let Some(k) = &m.reply_markup {
        o.insert("reply_markup".into(), keyboard_json(k));
    }
    Value::Object(o)
}

/// An `Update` object, or `None` when what it points to is gone.
pub fn update_json(w: &World, bot: i64, u: &BotUpdate) -> Option<Value> {
    let payload = match &u.kind {
        BotUpdateKind::Message(k, m)
        | BotUpdateKind::EditedMessage(k, m)
        | BotUpdateKind::ChannelPost(k, m)
        | BotUpdateKind::EditedChannelPost(k, m) => message_json(w, bot, *k, m),
        BotUpdateKind::CallbackQuery(id) => {
            let q = w.callback_queries.get(id)?;
            let key = ChatKey::Private(q.user);
            let mut v = json!({
                "id": q.id,
                "from": user_json(w, q.user),
                "chat_instance": format!("{}", q.user ^ 0x5bd1_e995),
                "data": q.data,
            });
            let place = crate::post::Place::Private { bot, user: q.user };
            if let Some(m) = w.log(place).and_then(|l| l.messages.get(&q.message_id)) {
                v["message"] = message_json(w, bot, key, m);
            }
            v
        }
    };
    Some(json!({"update_id": u.update_id, u.kind.name(): payload}))
}
