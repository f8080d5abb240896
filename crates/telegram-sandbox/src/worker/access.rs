//! Checks every worker request goes through: the account, its peers, its media.

use crate::convert::{access_hash, reference_valid};
use crate::errors::{rpc, rpc_flood, rpc_text};
use crate::model::{AccountRec, MediaRec, World};
use crate::persist::PersistError;
use crate::Sandbox;
use streamvault_telegram::{ChatId, MediaRef, RpcFailure, WorkerError};

impl From<PersistError> for WorkerError {
    fn from(e: PersistError) -> Self {
        WorkerError::Transport {
            reason: format!("sandbox could not save its state: {e}"),
        }
    }
}

/// An RPC refusal as the port's typed error.
pub(crate) fn refuse(code: i32, message: &str) -> WorkerError {
    WorkerError::from(rpc(code, message))
}

/// What a channel request needs from the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Reading.
    Read,
    /// Posting, editing or deleting (channel admins only).
    Admin,
}

/// Counts the request and checks the account may make it.
pub(crate) fn begin(w: &mut World, account: i64) -> Result<&mut AccountRec, WorkerError> {
    let acc = w
        .accounts
        .get_mut(&account)
        .ok_or_else(|| refuse(401, "AUTH_KEY_UNREGISTERED"))?;
    acc.counters.requests += 1;
    if acc.banned {
        return Err(refuse(401, rpc_text::USER_DEACTIVATED_BAN));
    }
    Ok(acc)
}

/// Checks the account knows the channel, is in it, and has the rights needed.
pub(crate) fn channel(
    w: &World,
    account: i64,
    chat: ChatId,
    need: Need,
) -> Result<i64, WorkerError> {
    let known = w
        .accounts
        .get(&account)
        .is_some_and(|a| a.known_peers.contains(&chat.0));
    if !chat.is_channel() || !known {
        return Err(refuse(400, rpc_text::PEER_ID_INVALID));
    }
    let c = w
        .channels
        .get(&chat.0)
        .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
    if c.banned || !c.members.contains(&account) {
        return Err(refuse(400, rpc_text::CHANNEL_PRIVATE));
    }
    if need == Need::Admin && !c.admins.contains(&account) {
        return Err(refuse(403, rpc_text::CHAT_WRITE_FORBIDDEN));
    }
    Ok(chat.0)
}

/// Takes a send token for the account, or refuses with `FLOOD_WAIT_N`.
pub(crate) fn take_send(sandbox: &Sandbox, w: &mut World, account: i64) -> Result<(), WorkerError> {
    let rate = sandbox.config().rates.account_sends;
    match sandbox.take_rate(&[(format!("account:{account}:send"), rate)]) {
        Ok(()) => Ok(()),
        Err(seconds) => {
            if let Some(a) = w.accounts.get_mut(&account) {
                a.counters.flood_waits += 1;
            }
            Err(WorkerError::from(rpc_flood(seconds)))
        }
    }
}

/// Checks a stored media reference; `failure` is the RPC error for a wrong id or hash.
pub(crate) fn check_media(
    sandbox: &Sandbox,
    w: &World,
    account: i64,
    media: &MediaRef,
    failure: &str,
) -> Result<(), WorkerError> {
    let bad = || refuse(400, failure);
    if !w.files.contains_key(&media.id) || media.access_hash != access_hash(account, media.id) {
        return Err(bad());
    }
    let ttl = sandbox.config().file_reference_ttl;
    match reference_valid(&media.file_reference, sandbox.now_ms(), ttl) {
        Some(true) => Ok(()),
        Some(false) => Err(refuse(400, rpc_text::FILE_REFERENCE_EXPIRED)),
        None => Err(bad()),
    }
}

/// The media record for a stored reference (after [`check_media`]).
pub(crate) fn stored_media(media: &MediaRef) -> MediaRec {
    MediaRec {
        kind: media.kind,
        file: media.id,
        file_name: media.file_name.clone(),
        mime_type: media.mime_type.clone(),
        width: 0,
        height: 0,
        duration: 0,
    }
}

/// The RPC error of a broken `upload.getFile` rule.
pub(crate) fn get_file_rule(v: streamvault_telegram::GetFileViolation) -> RpcFailure {
    use streamvault_telegram::GetFileViolation as V;
    match v {
        V::Offset => rpc(400, rpc_text::OFFSET_INVALID),
        V::Limit | V::Window => rpc(400, rpc_text::LIMIT_INVALID),
    }
}
