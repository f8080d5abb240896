//! The worker port implemented by the sandbox, so hive code runs against it.

mod access;
mod files;
mod send;

use crate::convert::worker_message;
use crate::errors::rpc_text;
use crate::Sandbox;
use access::{begin, channel, refuse, Need};
use async_trait::async_trait;
use std::time::Duration;
use streamvault_telegram::{
    AccountInfo, AlbumItem, ChannelInfo, ChatId, ForwardMode, GetFileRequest, MediaRef, MessageId,
    OutgoingMessage, Progress, UploadSource, UploadedFile, WorkerError, WorkerMessage, WorkerPort,
    WorkerUpdate,
};

/// One worker account of the sandbox, behind the worker port.
#[derive(Debug, Clone)]
pub struct SandboxWorker {
    sandbox: Sandbox,
    account: i64,
}

impl Sandbox {
    /// The worker port of account `account` (its session lives in the world).
    pub fn worker(&self, account: i64) -> SandboxWorker {
        SandboxWorker {
            sandbox: self.clone(),
            account,
        }
    }
}

impl SandboxWorker {
    /// The account id.
    pub fn account(&self) -> i64 {
        self.account
    }
}

#[async_trait]
impl WorkerPort for SandboxWorker {
    async fn me(&self) -> Result<AccountInfo, WorkerError> {
        self.sandbox.write(|w| {
            let a = begin(w, self.account)?;
            Ok(AccountInfo {
                user_id: a.id,
                username: a.username.clone(),
                display_name: a.first_name.clone(),
                kind: a.kind,
            })
        })
    }

    async fn warm_peers(&self) -> Result<usize, WorkerError> {
        self.sandbox.write(|w| {
            begin(w, self.account)?;
            let reachable: Vec<i64> = w
                .channels
                .values()
                .filter(|c| !c.banned && c.members.contains(&self.account))
                .map(|c| c.id)
                .collect();
            let a = w
                .accounts
                .get_mut(&self.account)
                .ok_or_else(|| refuse(401, "AUTH_KEY_UNREGISTERED"))?;
            a.known_peers.extend(reachable);
            Ok(a.known_peers.len())
        })
    }

    async fn resolve_channel(&self, chat: ChatId) -> Result<ChannelInfo, WorkerError> {
        self.sandbox.write(|w| {
            begin(w, self.account)?;
            let id = channel(w, self.account, chat, Need::Read)?;
            let c = w
                .channels
                .get(&id)
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            Ok(ChannelInfo {
                id: chat,
                title: c.title.clone(),
                username: c.username.clone(),
            })
        })
    }

    async fn upload(
        &self,
        source: UploadSource<'_>,
        size: u64,
        name: &str,
        progress: Progress<'_>,
    ) -> Result<UploadedFile, WorkerError> {
        files::upload(&self.sandbox, self.account, source, size, name, progress).await
    }

    async fn send_message(
        &self,
        chat: ChatId,
        message: OutgoingMessage,
    ) -> Result<WorkerMessage, WorkerError> {
        send::send_message(&self.sandbox, self.account, chat, message)
    }

    async fn send_album(
        &self,
        chat: ChatId,
        items: Vec<AlbumItem>,
    ) -> Result<Vec<WorkerMessage>, WorkerError> {
        send::send_album(&self.sandbox, self.account, chat, items)
    }

    async fn forward_messages(
        &self,
        from: ChatId,
        ids: &[MessageId],
        to: ChatId,
        mode: ForwardMode,
    ) -> Result<Vec<WorkerMessage>, WorkerError> {
        send::forward(&self.sandbox, self.account, from, ids, to, mode)
    }

    async fn get_messages(
        &self,
        chat: ChatId,
        ids: &[MessageId],
    ) -> Result<Vec<Option<WorkerMessage>>, WorkerError> {
        let now = self.sandbox.now_ms();
        self.sandbox.write(|w| {
            begin(w, self.account)?;
            let c = channel(w, self.account, chat, Need::Read)?;
            let log = w
                .log(crate::post::Place::Channel(c))
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            Ok(ids
                .iter()
                .map(|id| {
                    log.messages
                        .get(id)
                        .map(|m| worker_message(w, self.account, c, m, now))
                })
                .collect())
        })
    }

    async fn delete_messages(&self, chat: ChatId, ids: &[MessageId]) -> Result<usize, WorkerError> {
        self.sandbox.write(|w| {
            begin(w, self.account)?;
            let c = channel(w, self.account, chat, Need::Admin)?;
            let log = w
                .log_mut(crate::post::Place::Channel(c))
                .ok_or_else(|| refuse(400, rpc_text::PEER_ID_INVALID))?;
            let deleted: Vec<i32> = ids
                .iter()
                .copied()
                .filter(|id| log.messages.remove(id).is_some())
                .collect();
            w.deliver_deleted(c, &deleted, crate::model::Sender::Account(self.account));
            Ok(deleted.len())
        })
    }

    async fn get_file_chunk(
        &self,
        media: &MediaRef,
        request: GetFileRequest,
    ) -> Result<Vec<u8>, WorkerError> {
        files::get_file_chunk(&self.sandbox, self.account, media, request).await
    }

    async fn next_update(&self, timeout: Duration) -> Result<Option<WorkerUpdate>, WorkerError> {
        self.sandbox.write(|w| begin(w, self.account).map(|_| ()))?;
        let account = self.account;
        let found = self
            .sandbox
            .wait_for(timeout, |sb| {
                if sb.read(|w| {
                    w.accounts
                        .get(&account)
                        .is_none_or(|a| a.updates.is_empty())
                }) {
                    return None;
                }
                sb.write(|w| {
                    let a = w
                        .accounts
                        .get_mut(&account)
                        .ok_or_else(|| refuse(401, "AUTH_KEY_UNREGISTERED"))?;
                    let Some(update) = a.updates.pop_front() else {
                        return Ok(None);
                    };
                    let chat = match &update {
                        WorkerUpdate::NewMessage(m) | WorkerUpdate::EditedMessage(m) => m.chat,
                        WorkerUpdate::Deleted { chat, .. } => *chat,
                    };
                    a.known_peers.insert(chat.0);
                    Ok::<_, WorkerError>(Some(update))
                })
                .transpose()
            })
            .await;
        found.transpose()
    }
}
