//! Read-only views of the world for tests and the CLI (`messages`, `accounts`, …).

use crate::model::{CallbackAnswer, Counters, MessageRec, Sender, World};
use crate::post::Place;
use crate::views::file_unique_id;
use crate::Sandbox;
use serde::{Deserialize, Serialize};
use streamvault_telegram::{AccountKind, ButtonAction, MediaKind};

/// Media of a message, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaView {
    /// Photo, document or video.
    pub kind: MediaKind,
    /// `file_unique_id` (the same for every bot).
    pub file_unique_id: String,
    /// Size in bytes.
    pub size: u64,
    /// File name.
    pub file_name: Option<String>,
}

/// An inline button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonView {
    /// Label.
    pub text: String,
    /// `callback_data`, for callback buttons.
    pub callback_data: Option<String>,
    /// URL, for link buttons.
    pub url: Option<String>,
}

/// A message, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    /// Chat id (Bot API form; for a private chat, the user id).
    pub chat_id: i64,
    /// Message id.
    pub id: i32,
    /// Unix time.
    pub date: i64,
    /// Author id (user, bot or account).
    pub from_id: i64,
    /// Author name (`@username` when there is one).
    pub from: String,
    /// Text or caption.
    pub text: String,
    /// Media.
    pub media: Option<MediaView>,
    /// Album id.
    pub media_group_id: Option<i64>,
    /// Inline keyboard rows.
    pub buttons: Vec<Vec<ButtonView>>,
    /// Chat it was forwarded from.
    pub forwarded_from: Option<i64>,
    /// Whether it was edited.
    pub edited: bool,
}

/// A worker account with its counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// User id.
    pub id: i64,
    /// Username.
    pub username: Option<String>,
    /// Normal or Premium.
    pub kind: AccountKind,
    /// Banned by Telegram.
    pub banned: bool,
    /// Channels whose access hash its session holds.
    pub known_channels: Vec<i64>,
    /// Counters.
    pub counters: Counters,
}

/// A bot with its token and counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotView {
    /// Bot id.
    pub id: i64,
    /// Username.
    pub username: String,
    /// Token for `Bot::new(token)`.
    pub token: String,
    /// Counters.
    pub counters: Counters,
}

/// A person or channel for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerView {
    /// Id (channels in `-100…` form).
    pub id: i64,
    /// Name or title.
    pub name: String,
    /// Username.
    pub username: Option<String>,
}

pub(crate) fn name_of(w: &World, id: i64) -> String {
    let username = w
        .users
        .get(&id)
        .and_then(|u| u.username.clone())
        .or_else(|| w.accounts.get(&id).and_then(|a| a.username.clone()))
        .or_else(|| w.bots.get(&id).map(|b| b.username.clone()));
    match username {
        Some(u) => format!("@{u}"),
        None => w
            .users
            .get(&id)
            .map_or_else(|| id.to_string(), |u| u.first_name.clone()),
    }
}

pub(crate) fn message_view(w: &World, chat_id: i64, m: &MessageRec) -> MessageView {
    let from_id = match m.sender {
        Sender::User(id) | Sender::Bot(id) | Sender::Account(id) => id,
    };
    let buttons = m.reply_markup.as_ref().map_or_else(Vec::new, |k| {
        k.rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| ButtonView {
                        text: b.text.clone(),
                        callback_data: match &b.action {
                            ButtonAction::Callback(d) => Some(d.clone()),
                            ButtonAction::Url(_) => None,
                        },
                        url: match &b.action {
                            ButtonAction::Url(u) => Some(u.clone()),
                            ButtonAction::Callback(_) => None,
                        },
                    })
                    .collect()
            })
            .collect()
    });
    MessageView {
        chat_id,
        id: m.id,
        date: m.date,
        from_id,
        from: name_of(w, from_id),
        text: m.text.clone(),
        media: m.media.as_ref().map(|md| MediaView {
            kind: md.kind,
            file_unique_id: file_unique_id(md.file),
            size: w.files.get(&md.file).map_or(0, |f| f.size),
            file_name: md.file_name.clone(),
        }),
        media_group_id: m.media_group_id,
        buttons,
        forwarded_from: m.forward.map(|f| f.chat),
        edited: m.edit_date.is_some(),
    }
}

impl Sandbox {
    /// Messages of a chat, oldest first (empty for an unknown chat).
    pub fn messages(&self, place: Place) -> Vec<MessageView> {
        self.read(|w| {
            w.log(place).map_or_else(Vec::new, |log| {
                log.messages
                    .values()
                    .map(|m| message_view(w, place.chat_id(), m))
                    .collect()
            })
        })
    }

    /// The private chat of a user with a bot.
    pub fn dms(&self, user: i64, bot: i64) -> Vec<MessageView> {
        self.messages(Place::Private { bot, user })
    }

    /// Worker accounts with their counters.
    pub fn accounts(&self) -> Vec<AccountView> {
        self.read(|w| {
            w.accounts
                .values()
                .map(|a| AccountView {
                    id: a.id,
                    username: a.username.clone(),
                    kind: a.kind,
                    banned: a.banned,
                    known_channels: a.known_peers.iter().copied().collect(),
                    counters: a.counters,
                })
                .collect()
        })
    }

    /// Bots with their tokens and counters.
    pub fn bots(&self) -> Vec<BotView> {
        self.read(|w| {
            w.bots
                .values()
                .map(|b| BotView {
                    id: b.id,
                    username: b.username.clone(),
                    token: b.token.clone(),
                    counters: b.counters,
                })
                .collect()
        })
    }

    /// People.
    pub fn users(&self) -> Vec<PeerView> {
        self.read(|w| {
            w.users
                .values()
                .map(|u| PeerView {
                    id: u.id,
                    name: u.first_name.clone(),
                    username: u.username.clone(),
                })
                .collect()
        })
    }

    /// Channels.
    pub fn channels(&self) -> Vec<PeerView> {
        self.read(|w| {
            w.channels
                .values()
                .map(|c| PeerView {
                    id: c.id,
                    name: c.title.clone(),
                    username: c.username.clone(),
                })
                .collect()
        })
    }

    /// The bot's answer to a callback query, once answered.
    pub fn callback_answer(&self, query: &str) -> Option<CallbackAnswer> {
        self.read(|w| w.callback_queries.get(query).and_then(|q| q.answer.clone()))
    }
}
