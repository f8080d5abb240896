//! Appending messages to chats and delivering the resulting updates.

use crate::convert::worker_message;
use crate::model::{
    private_key, BotUpdate, BotUpdateKind, ChatKey, ForwardOrigin, MediaRec, MessageLog,
    MessageRec, PrivateChat, Sender, World,
};
use streamvault_telegram::{ChatId, InlineKeyboard, WorkerUpdate};

/// A chat in the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A channel by Bot API id.
    Channel(i64),
    /// The private chat of a bot and a user.
    Private {
        /// The bot.
        bot: i64,
        /// The user.
        user: i64,
    },
}

impl Place {
    /// The chat as the bot of a private chat (or any bot, for a channel) sees it.
    pub fn key(self) -> ChatKey {
        match self {
            Place::Channel(id) => ChatKey::Channel(id),
            Place::Private { user, .. } => ChatKey::Private(user),
        }
    }

    /// The Bot API chat id seen by the bot.
    pub fn chat_id(self) -> i64 {
        match self {
            Place::Channel(id) => id,
            Place::Private { user, .. } => user,
        }
    }
}

/// A message about to be appended.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Author.
    pub sender: Sender,
    /// Text or caption.
    pub text: String,
    /// Media.
    pub media: Option<MediaRec>,
    /// Album id.
    pub media_group_id: Option<i64>,
    /// Inline keyboard.
    pub reply_markup: Option<InlineKeyboard>,
    /// Forward header.
    pub forward: Option<ForwardOrigin>,
}

impl Draft {
    /// A plain text draft.
    pub fn text(sender: Sender, text: &str) -> Self {
        Self {
            sender,
            text: text.to_owned(),
            media: None,
            media_group_id: None,
            reply_markup: None,
            forward: None,
        }
    }
}

impl World {
    /// The messages of a chat.
    pub fn log(&self, place: Place) -> Option<&MessageLog> {
        match place {
            Place::Channel(id) => self.channels.get(&id).map(|c| &c.log),
            Place::Private { bot, user } => self
                .private_chats
                .get(&private_key(bot, user))
                .map(|c| &c.log),
        }
    }

    /// The messages of a chat, creating a private chat on first use.
    pub fn log_mut(&mut self, place: Place) -> Option<&mut MessageLog> {
        match place {
            Place::Channel(id) => self.channels.get_mut(&id).map(|c| &mut c.log),
            Place::Private { bot, user } => Some(
                &mut self
                    .private_chats
                    .entry(private_key(bot, user))
                    .or_insert_with(|| PrivateChat {
                        bot,
                        user,
                        log: MessageLog {
                            next_id: 1,
                            messages: Default::default(),
                        },
                    })
                    .log,
            ),
        }
    }

    /// A fresh album id.
    pub fn new_group_id(&mut self) -> i64 {
        let id = self.next_group_id.max(1);
        self.next_group_id = id + 1;
        13_000_000_000_000_000 + id
    }

    /// Appends a message and delivers updates to the bots and accounts that see it.
    pub fn append(&mut self, place: Place, draft: Draft, now_ms: i64) -> Option<MessageRec> {
        let log = self.log_mut(place)?;
        let id = log.next_id.max(1);
        log.next_id = id + 1;
        let message = MessageRec {
            id,
            date: now_ms.div_euclid(1000),
            sender: draft.sender,
            text: draft.text,
            media: draft.media,
            media_group_id: draft.media_group_id,
            reply_markup: draft.reply_markup,
            forward: draft.forward,
            edit_date: None,
        };
        log.messages.insert(id, message.clone());
        if let Some(media) = &message.media {
            self.attach_meta(media);
        }
        self.deliver(place, &message, false, now_ms);
        Some(message)
    }

    /// Delivers a new or edited message to whoever sees it, except its author.
    pub fn deliver(&mut self, place: Place, m: &MessageRec, edited: bool, now_ms: i64) {
        match place {
            Place::Private { bot, user } => {
                if m.sender == Sender::User(user) {
                    let kind = if edited {
                        BotUpdateKind::EditedMessage(place.key(), m.clone())
                    } else {
                        BotUpdateKind::Message(place.key(), m.clone())
                    };
                    self.push_bot_update(bot, kind, m.media.as_ref());
                }
            }
            Place::Channel(c) => {
                let Some(channel) = self.channels.get(&c) else {
                    return;
                };
                let bots: Vec<i64> = channel
                    .admins
                    .iter()
                    .copied()
                    .filter(|id| self.bots.contains_key(id))
                    .collect();
                let accounts: Vec<i64> = channel
                    .members
                    .iter()
                    .copied()
                    .filter(|id| self.accounts.contains_key(id))
                    .collect();
                for bot in bots.into_iter().filter(|b| m.sender != Sender::Bot(*b)) {
                    let kind = if edited {
                        BotUpdateKind::EditedChannelPost(place.key(), m.clone())
                    } else {
                        BotUpdateKind::ChannelPost(place.key(), m.clone())
                    };
                    self.push_bot_update(bot, kind, m.media.as_ref());
                }
                for account in accounts
                    .into_iter()
                    .filter(|a| m.sender != Sender::Account(*a))
                {
                    let message = worker_message(self, account, c, m, now_ms);
                    let update = if edited {
                        WorkerUpdate::EditedMessage(message)
                    } else {
                        WorkerUpdate::NewMessage(message)
                    };
                    if let Some(a) = self.accounts.get_mut(&account) {
                        a.updates.push_back(update);
                    }
                }
            }
        }
    }

    /// Queues an update for a bot; the bot may then use its `file_id` for the media.
    pub fn push_bot_update(&mut self, bot: i64, kind: BotUpdateKind, media: Option<&MediaRec>) {
        if let Some(media) = media {
            self.mark_seen(bot, media.file);
        }
        if let Some(b) = self.bots.get_mut(&bot) {
            let update_id = b.next_update_id.max(1);
            b.next_update_id = update_id + 1;
            b.updates.push_back(BotUpdate { update_id, kind });
        }
    }

    /// Pushes a deletion to the accounts of a channel.
    pub fn deliver_deleted(&mut self, channel: i64, ids: &[i32], except: Sender) {
        let Some(c) = self.channels.get(&channel) else {
            return;
        };
        let members: Vec<i64> = c.members.iter().copied().collect();
        for a in members
            .into_iter()
            .filter(|a| except != Sender::Account(*a))
        {
            if let Some(acc) = self.accounts.get_mut(&a) {
                acc.updates.push_back(WorkerUpdate::Deleted {
                    chat: ChatId(channel),
                    ids: ids.to_vec(),
                });
            }
        }
    }
}
