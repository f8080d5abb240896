//! Acting as Telegram users: write to the bot, press buttons, forward, post in channels.

use crate::inspect::{message_view, MessageView};
use crate::model::{CallbackRec, ForwardOrigin, MediaRec, Sender};
use crate::persist::PersistError;
use crate::post::{Draft, Place};
use crate::Sandbox;
use std::path::Path;
use streamvault_telegram::{ButtonAction, MediaKind};
use tokio::io::AsyncReadExt;

/// Why a driver action was refused.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// No such user, bot, account, channel or message.
    #[error("not found: {0}")]
    Unknown(String),
    /// The action is not allowed (not a member, not an admin, no such button).
    #[error("not allowed: {0}")]
    NotAllowed(String),
    /// Saving the world failed.
    #[error(transparent)]
    Persist(#[from] PersistError),
    /// Reading a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn unknown(what: impl Into<String>) -> DriverError {
    DriverError::Unknown(what.into())
}

impl Sandbox {
    /// User `user` writes `text` (a command like `/start payload`, or anything) to `bot`;
    /// writing also unblocks the bot, as pressing Start does.
    pub fn say(&self, user: i64, bot: i64, text: &str) -> Result<MessageView, DriverError> {
        self.write(|w| {
            let u = w
                .users
                .get_mut(&user)
                .ok_or_else(|| unknown(format!("user {user}")))?;
            u.blocked_bots.remove(&bot);
            if !w.bots.contains_key(&bot) {
                return Err(unknown(format!("bot {bot}")));
            }
            let place = Place::Private { bot, user };
            let m = w
                .append(place, Draft::text(Sender::User(user), text), self.now_ms())
                .ok_or_else(|| unknown("chat"))?;
            Ok(message_view(w, user, &m))
        })
    }

    /// User `user` edits their message `id` in the chat with `bot` (an `edited_message`).
    pub fn edit_said(
        &self,
        user: i64,
        bot: i64,
        id: i32,
        text: &str,
    ) -> Result<MessageView, DriverError> {
        self.write(|w| {
            let place = Place::Private { bot, user };
            let now = self.now_ms();
            let log = w.log_mut(place).ok_or_else(|| unknown("chat"))?;
            let m = log
                .messages
                .get_mut(&id)
                .filter(|m| m.sender == Sender::User(user))
                .ok_or_else(|| unknown(format!("message {id}")))?;
            m.text = text.to_owned();
            m.edit_date = Some(now.div_euclid(1000));
            let m = m.clone();
            w.deliver(place, &m, true, now);
            Ok(message_view(w, user, &m))
        })
    }

    /// User `user` presses the inline button with `data` under message `id` of `bot`;
    /// returns the callback query id.
    pub fn press(&self, user: i64, bot: i64, id: i32, data: &str) -> Result<String, DriverError> {
        self.write(|w| {
            let place = Place::Private { bot, user };
            let m = w
                .log(place)
                .and_then(|l| l.messages.get(&id))
                .ok_or_else(|| unknown(format!("message {id}")))?;
            let has = m
                .reply_markup
                .iter()
                .flat_map(|k| k.rows.iter().flatten())
                .any(|b| b.action == ButtonAction::Callback(data.to_owned()));
            if !has {
                return Err(DriverError::NotAllowed(format!(
                    "message {id} has no button with data {data:?}"
                )));
            }
            let n = w.next_query.max(1);
            w.next_query = n + 1;
            let query = format!("{}", 4_200_000_000_000_000_000u64 + n);
            w.callback_queries.insert(
                query.clone(),
                CallbackRec {
                    id: query.clone(),
                    bot,
                    user,
                    message_id: id,
                    data: data.to_owned(),
                    answer: None,
                },
            );
            w.push_bot_update(
                bot,
                crate::model::BotUpdateKind::CallbackQuery(query.clone()),
                None,
            );
            Ok(query)
        })
    }

    /// User `user` forwards message `id` of `channel` to `bot` (the file is not uploaded).
    pub fn forward_to_bot(
        &self,
        user: i64,
        bot: i64,
        channel: i64,
        id: i32,
    ) -> Result<MessageView, DriverError> {
        self.write(|w| {
            let c = w
                .channels
                .get(&channel)
                .filter(|c| !c.banned)
                .ok_or_else(|| unknown(format!("channel {channel}")))?;
            if !c.members.contains(&user) && c.username.is_none() {
                return Err(DriverError::NotAllowed(format!(
                    "user {user} cannot see channel {channel}"
                )));
            }
            let o = c
                .log
                .messages
                .get(&id)
                .cloned()
                .ok_or_else(|| unknown(format!("message {id}")))?;
            let mut draft = Draft::text(Sender::User(user), &o.text);
            draft.media = o.media.clone();
            draft.forward = Some(o.forward.unwrap_or(ForwardOrigin {
                chat: channel,
                message_id: id,
                date: o.date,
            }));
            let m = w
                .append(Place::Private { bot, user }, draft, self.now_ms())
                .ok_or_else(|| unknown("chat"))?;
            Ok(message_view(w, user, &m))
        })
    }

    /// Admin `user` posts text in `channel` (a `channel_post` for its bots, a new message
    /// for its accounts: this is how `/health` reaches the workers).
    pub fn post(&self, user: i64, channel: i64, text: &str) -> Result<MessageView, DriverError> {
        self.post_draft(user, channel, Draft::text(Sender::User(user), text))
    }

    /// Admin `user` posts the file at `path` in `channel` with a caption.
    pub async fn post_file(
        &self,
        user: i64,
        channel: i64,
        path: &Path,
        kind: MediaKind,
        caption: &str,
    ) -> Result<MessageView, DriverError> {
        let mut file = tokio::fs::File::open(path).await?;
        let mut writer = self.inner.files.writer().await?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            writer.write(&buf[..n]).await?;
        }
        let (blob, size) = writer.finish().await?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let mime_type = Some(mime_for(path).to_owned());
        let file = self.write(|w| Ok::<_, DriverError>(w.new_file(blob, size)))?;
        let mut draft = Draft::text(Sender::User(user), caption);
        draft.media = Some(MediaRec {
            kind,
            file,
            file_name: name,
            mime_type,
            width: 1280,
            height: 720,
            duration: 0,
        });
        self.post_draft(user, channel, draft)
    }

    fn post_draft(
        &self,
        user: i64,
        channel: i64,
        draft: Draft,
    ) -> Result<MessageView, DriverError> {
        self.write(|w| {
            let c = w
                .channels
                .get(&channel)
                .ok_or_else(|| unknown(format!("channel {channel}")))?;
            if !c.admins.contains(&user) {
                return Err(DriverError::NotAllowed(format!(
                    "user {user} is not an admin of {channel}"
                )));
            }
            let m = w
                .append(Place::Channel(channel), draft, self.now_ms())
                .ok_or_else(|| unknown("chat"))?;
            Ok(message_view(w, channel, &m))
        })
    }

    /// User `user` blocks (or unblocks) `bot`.
    pub fn block(&self, user: i64, bot: i64, blocked: bool) -> Result<(), DriverError> {
        self.write(|w| {
            let u = w
                .users
                .get_mut(&user)
                .ok_or_else(|| unknown(format!("user {user}")))?;
            if blocked {
                u.blocked_bots.insert(bot);
            } else {
                u.blocked_bots.remove(&bot);
            }
            Ok(())
        })
    }
}

/// A MIME type guessed from a file extension (what Telegram clients send).
fn mime_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("mp4" | "m4v") => "video/mp4",
        Some("mkv") => "video/x-matroska",
        Some("webm") => "video/webm",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("7z") => "application/x-7z-compressed",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}
