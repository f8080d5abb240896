//! The default world of a new sandbox directory, and record constructors.

use crate::model::{AccountRec, BotRec, ChannelRec, Counters, MessageLog, UserRec, World};
use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use streamvault_telegram::{AccountKind, ChatId};

/// First id of users, bots and accounts.
const FIRST_USER_ID: i64 = 100_001;
/// First bare channel id.
const FIRST_CHANNEL_ID: i64 = 1_000_000_001;

/// One bot (`streamvault_sandbox_bot`), one person (`alice`), two workers (`worker1`
/// normal, `worker2` premium) and one channel (`@sv_log`) where bot and workers are admins.
pub fn default_world(rng: &mut impl Rng) -> World {
    let mut w = World {
        next_user_id: FIRST_USER_ID,
        next_channel_id: FIRST_CHANNEL_ID,
        next_file_id: 1,
        next_group_id: 1,
        next_query: 1,
        ..World::default()
    };
    let bot = add_bot(
        &mut w,
        rng,
        "StreamVault Sandbox",
        "streamvault_sandbox_bot",
    );
    let alice = add_user(&mut w, "Alice", Some("alice"));
    let w1 = add_account(&mut w, "Worker One", Some("worker1"), AccountKind::Normal);
    let w2 = add_account(&mut w, "Worker Two", Some("worker2"), AccountKind::Premium);
    let log = add_channel(&mut w, "StreamVault Log", Some("sv_log"));
    if let Some(c) = w.channels.get_mut(&log) {
        for id in [bot, alice, w1, w2] {
            c.members.insert(id);
            c.admins.insert(id);
        }
    }
    w
}

fn next_user(w: &mut World) -> i64 {
    let id = w.next_user_id.max(FIRST_USER_ID);
    w.next_user_id = id + 1;
    id
}

/// Adds a person; returns the id.
pub fn add_user(w: &mut World, first_name: &str, username: Option<&str>) -> i64 {
    let id = next_user(w);
    w.users.insert(
        id,
        UserRec {
            id,
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            blocked_bots: Default::default(),
        },
    );
    id
}

/// Adds a bot with a random token; returns the id.
pub fn add_bot(w: &mut World, rng: &mut impl Rng, first_name: &str, username: &str) -> i64 {
    let id = next_user(w);
    let secret = format!("AA{}", Alphanumeric.sample_string(rng, 33));
    w.bots.insert(
        id,
        BotRec {
            id,
            first_name: first_name.to_owned(),
            username: username.to_owned(),
            token: format!("{id}:{secret}"),
            commands: Vec::new(),
            next_update_id: 1,
            updates: Default::default(),
            allowed_updates: None,
            counters: Counters::default(),
        },
    );
    id
}

/// Adds a worker account; returns the id.
pub fn add_account(
    w: &mut World,
    first_name: &str,
    username: Option<&str>,
    kind: AccountKind,
) -> i64 {
    let id = next_user(w);
    w.accounts.insert(
        id,
        AccountRec {
            id,
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            kind,
            banned: false,
            known_peers: Default::default(),
            updates: Default::default(),
            uploads: Default::default(),
            counters: Counters::default(),
        },
    );
    id
}

/// Adds a channel; returns its Bot API id.
pub fn add_channel(w: &mut World, title: &str, username: Option<&str>) -> i64 {
    let bare = w.next_channel_id.max(FIRST_CHANNEL_ID);
    w.next_channel_id = bare + 1;
    let id = ChatId::channel(bare).0;
    w.channels.insert(
        id,
        ChannelRec {
            id,
            title: title.to_owned(),
            username: username.map(str::to_owned),
            members: Default::default(),
            admins: Default::default(),
            banned: false,
            log: MessageLog {
                next_id: 1,
                messages: Default::default(),
            },
        },
    );
    id
}
