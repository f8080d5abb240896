//! Shaping the world: people, bots, accounts, channels, bans; and finding them by name.

use crate::drivers::DriverError;
use crate::model::World;
use crate::seed;
use crate::Sandbox;
use streamvault_telegram::AccountKind;

fn strip(who: &str) -> &str {
    who.strip_prefix('@').unwrap_or(who)
}

fn eq(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.eq_ignore_ascii_case(b))
}

impl Sandbox {
    /// Adds a person; returns the id.
    pub fn add_user(&self, first_name: &str, username: Option<&str>) -> Result<i64, DriverError> {
        self.write(|w| Ok(seed::add_user(w, first_name, username)))
    }

    /// Adds a bot with a new token; returns the id.
    pub fn add_bot(&self, first_name: &str, username: &str) -> Result<i64, DriverError> {
        self.write(|w| {
            Ok(seed::add_bot(
                w,
                &mut rand::thread_rng(),
                first_name,
                username,
            ))
        })
    }

    /// Adds a worker account; returns the id.
    pub fn add_account(
        &self,
        first_name: &str,
        username: Option<&str>,
        kind: AccountKind,
    ) -> Result<i64, DriverError> {
        self.write(|w| Ok(seed::add_account(w, first_name, username, kind)))
    }

    /// Adds a channel; returns its Bot API id.
    pub fn add_channel(&self, title: &str, username: Option<&str>) -> Result<i64, DriverError> {
        self.write(|w| Ok(seed::add_channel(w, title, username)))
    }

    /// Makes `member` (user, bot or account) a member, or an admin, of a channel.
    pub fn add_member(&self, channel: i64, member: i64, admin: bool) -> Result<(), DriverError> {
        self.write(|w| {
            let known = w.users.contains_key(&member)
                || w.bots.contains_key(&member)
                || w.accounts.contains_key(&member);
            if !known {
                return Err(DriverError::Unknown(format!("member {member}")));
            }
            let c = w
                .channels
                .get_mut(&channel)
                .ok_or_else(|| DriverError::Unknown(format!("channel {channel}")))?;
            c.members.insert(member);
            if admin {
                c.admins.insert(member);
            }
            Ok(())
        })
    }

    /// Bans or unbans a worker account.
    pub fn set_account_banned(&self, account: i64, banned: bool) -> Result<(), DriverError> {
        self.write(|w| {
            let a = w
                .accounts
                .get_mut(&account)
                .ok_or_else(|| DriverError::Unknown(format!("account {account}")))?;
            a.banned = banned;
            Ok(())
        })
    }

    /// Bans or unbans a channel.
    pub fn set_channel_banned(&self, channel: i64, banned: bool) -> Result<(), DriverError> {
        self.write(|w| {
            let c = w
                .channels
                .get_mut(&channel)
                .ok_or_else(|| DriverError::Unknown(format!("channel {channel}")))?;
            c.banned = banned;
            Ok(())
        })
    }

    /// Starts a fresh session for an account: it forgets every access hash and update.
    pub fn reset_session(&self, account: i64) -> Result<(), DriverError> {
        self.write(|w| {
            let a = w
                .accounts
                .get_mut(&account)
                .ok_or_else(|| DriverError::Unknown(format!("account {account}")))?;
            a.known_peers.clear();
            a.updates.clear();
            Ok(())
        })
    }

    /// A person by id, `name` or `@name`.
    pub fn find_user(&self, who: &str) -> Result<i64, DriverError> {
        self.find(who, |w, name| {
            w.users
                .values()
                .find(|u| eq(u.username.as_deref(), name) || u.id.to_string() == name)
                .map(|u| u.id)
        })
    }

    /// A worker account by id, `name` or `@name`.
    pub fn find_account(&self, who: &str) -> Result<i64, DriverError> {
        self.find(who, |w, name| {
            w.accounts
                .values()
                .find(|a| eq(a.username.as_deref(), name) || a.id.to_string() == name)
                .map(|a| a.id)
        })
    }

    /// A bot by id or username; `None` means the first bot.
    pub fn find_bot(&self, who: Option<&str>) -> Result<i64, DriverError> {
        match who {
            None => self
                .read(|w| w.bots.keys().next().copied())
                .ok_or_else(|| DriverError::Unknown("bot".into())),
            Some(who) => self.find(who, |w, name| {
                w.bots
                    .values()
                    .find(|b| eq(Some(&b.username), name) || b.id.to_string() == name)
                    .map(|b| b.id)
            }),
        }
    }

    /// A channel by `-100…` id, `name` or `@name`.
    pub fn find_channel(&self, who: &str) -> Result<i64, DriverError> {
        self.find(who, |w, name| {
            w.channels
                .values()
                .find(|c| eq(c.username.as_deref(), name) || c.id.to_string() == name)
                .map(|c| c.id)
        })
    }

    fn find(
        &self,
        who: &str,
        f: impl FnOnce(&World, &str) -> Option<i64>,
    ) -> Result<i64, DriverError> {
        self.read(|w| f(w, strip(who)))
            .ok_or_else(|| DriverError::Unknown(who.to_owned()))
    }
}
