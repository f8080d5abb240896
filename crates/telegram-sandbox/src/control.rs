//! CLI-shaped driver commands, run in-process or sent to a running `sandbox serve`.

use crate::drivers::DriverError;
use crate::post::Place;
use crate::serve::{ServeInfo, SERVE_FILE};
use crate::Sandbox;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use streamvault_telegram::MediaKind;

/// One driver command (what `streamvault sandbox <verb>` does). Names accept an id,
/// `name` or `@name`; `bot: None` means the first bot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verb", rename_all = "snake_case")]
pub enum Command {
    /// A user writes text or a command to a bot.
    Say {
        /// The user.
        user: String,
        /// The bot.
        bot: Option<String>,
        /// The text, e.g. `/start payload`.
        text: String,
    },
    /// A user presses an inline button.
    Press {
        /// The user.
        user: String,
        /// The bot.
        bot: Option<String>,
        /// The bot's message holding the button.
        message_id: i32,
        /// The button's `callback_data`.
        data: String,
    },
    /// A user forwards a channel message to a bot.
    Forward {
        /// The user.
        user: String,
        /// The bot.
        bot: Option<String>,
        /// The channel.
        channel: String,
        /// The message.
        message_id: i32,
    },
    /// An admin posts in a channel (text, or a file with a caption).
    Post {
        /// The admin; `None` means the first person who administers the channel.
        user: Option<String>,
        /// The channel.
        channel: String,
        /// Text or caption.
        text: String,
        /// A file to post.
        file: Option<PathBuf>,
        /// How to post the file (default: document).
        kind: Option<MediaKind>,
    },
    /// Messages of a channel, or of a user's private chat with a bot.
    Messages {
        /// A channel, or a user (for the DMs with `bot`).
        chat: String,
        /// The bot, for DMs.
        bot: Option<String>,
    },
    /// Worker accounts and their counters.
    Accounts,
    /// Bots, their tokens and counters.
    Bots,
}

/// Runs a command on an open sandbox; the answer is JSON for `--json` output.
pub async fn execute(sb: &Sandbox, cmd: Command) -> Result<Value, DriverError> {
    Ok(match cmd {
        Command::Say { user, bot, text } => {
            let (u, b) = (sb.find_user(&user)?, sb.find_bot(bot.as_deref())?);
            to_json(&sb.say(u, b, &text)?)
        }
        Command::Press {
            user,
            bot,
            message_id,
            data,
        } => {
            let (u, b) = (sb.find_user(&user)?, sb.find_bot(bot.as_deref())?);
            json!({ "callback_query_id": sb.press(u, b, message_id, &data)? })
        }
        Command::Forward {
            user,
            bot,
            channel,
            message_id,
        } => {
            let (u, b, c) = (
                sb.find_user(&user)?,
                sb.find_bot(bot.as_deref())?,
                sb.find_channel(&channel)?,
            );
            to_json(&sb.forward_to_bot(u, b, c, message_id)?)
        }
        Command::Post {
            user,
            channel,
            text,
            file,
            kind,
        } => {
            let c = sb.find_channel(&channel)?;
            let u = match user {
                Some(u) => sb.find_user(&u)?,
                None => sb
                    .read(|w| {
                        w.channels.get(&c).and_then(|ch| {
                            ch.admins
                                .iter()
                                .copied()
                                .find(|id| w.users.contains_key(id))
                        })
                    })
                    .ok_or_else(|| {
                        DriverError::NotAllowed(format!("no person administers {channel}"))
                    })?,
            };
            match file {
                Some(path) => to_json(
                    &sb.post_file(u, c, &path, kind.unwrap_or(MediaKind::Document), &text)
                        .await?,
                ),
                None => to_json(&sb.post(u, c, &text)?),
            }
        }
        Command::Messages { chat, bot } => {
            let place = match sb.find_channel(&chat) {
                Ok(c) => Place::Channel(c),
                Err(_) => Place::Private {
                    bot: sb.find_bot(bot.as_deref())?,
                    user: sb.find_user(&chat)?,
                },
            };
            to_json(&sb.messages(place))
        }
        Command::Accounts => to_json(&sb.accounts()),
        Command::Bots => to_json(&sb.bots()),
    })
}

fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Why a command could not be run.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// The sandbox refused the command.
    #[error(transparent)]
    Driver(#[from] DriverError),
    /// The sandbox directory could not be opened.
    #[error(transparent)]
    Open(#[from] crate::SandboxError),
    /// The running server refused the command.
    #[error("sandbox server: {0}")]
    Remote(String),
}

/// Runs a command against the world in `dir`: through the running `sandbox serve` when
/// `dir/serve.json` names a live server, otherwise on the directory directly.
pub async fn run(dir: &Path, mut cmd: Command) -> Result<Value, ControlError> {
    if let Command::Post {
        file: Some(path), ..
    } = &mut cmd
    {
        *path = std::fs::canonicalize(&*path).map_err(DriverError::from)?;
    }
    if let Ok(Some(info)) = crate::persist::load::<ServeInfo>(&dir.join(SERVE_FILE)) {
        let reply = reqwest::Client::new()
            .post(format!(
                "{}/sandbox/control",
                info.url.trim_end_matches('/')
            ))
            .header("x-sandbox-key", &info.control_key)
            .json(&cmd)
            .send()
            .await;
        match reply {
            Ok(r) => {
                let body: Value = r
                    .json()
                    .await
                    .map_err(|e| ControlError::Remote(e.to_string()))?;
                return match body.get("ok").and_then(Value::as_bool) {
                    Some(true) => Ok(body.get("result").cloned().unwrap_or(Value::Null)),
                    _ => Err(ControlError::Remote(
                        body.get("error")
                            .and_then(Value::as_str)
                            .unwrap_or("unknown error")
                            .to_owned(),
                    )),
                };
            }
            Err(e) if e.is_connect() => {} // a stale serve.json: the server is gone
            Err(e) => return Err(ControlError::Remote(e.to_string())),
        }
    }
    let sb = Sandbox::open(dir)?;
    Ok(execute(&sb, cmd).await?)
}
