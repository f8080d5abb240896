//! `WorkerPort` over grammers.

use super::convert::{album_item, with_media, worker_message};
use super::errors::map_invocation;
use super::markup::keyboard;
use super::{download, forward, upload, GrammersWorker};
use crate::message::{check_album_len, AlbumItem, ForwardMode, OutgoingMessage};
use crate::ranges::GetFileRequest;
use crate::types::{
    AccountInfo, AccountKind, ChannelInfo, ChatId, MediaRef, MessageId, UploadedFile,
    WorkerMessage, WorkerUpdate,
};
use crate::{Progress, UploadSource, WorkerError, WorkerPort};
use async_trait::async_trait;
use grammers_client::media::InputMedia;
use grammers_client::message::InputMessage;
use grammers_client::peer::Peer;
use grammers_client::tl;
use grammers_client::update::Update;
use grammers_session::types::{PeerId, PeerRef};
use grammers_session::Session;
use std::time::Duration;

fn invalid(reason: impl Into<String>) -> WorkerError {
    WorkerError::InvalidRequest {
        reason: reason.into(),
    }
}

impl GrammersWorker {
    /// The session's reference to a chat; `PeerUnknown` when it has no access hash.
    pub(super) async fn peer(&self, chat: ChatId) -> Result<PeerRef, WorkerError> {
        let id = PeerId::from_bot_api_dialog_id(chat.0)
            .ok_or_else(|| invalid(format!("bad chat id {chat}")))?;
        let found = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| WorkerError::Transport {
                reason: e.to_string(),
            })?;
        found.ok_or(WorkerError::PeerUnknown)
    }

    async fn kind(&self) -> Result<AccountKind, WorkerError> {
        Ok(self.me().await?.kind)
    }

    pub(super) fn messages(
        found: Vec<Option<grammers_client::message::Message>>,
    ) -> Result<Vec<WorkerMessage>, WorkerError> {
        found
            .into_iter()
            .map(|m| {
                m.map(|m| worker_message(&m))
                    .ok_or_else(|| WorkerError::Transport {
                        reason: "sent message missing from the answer".into(),
                    })
            })
            .collect()
    }
}

#[async_trait]
impl WorkerPort for GrammersWorker {
    async fn me(&self) -> Result<AccountInfo, WorkerError> {
        let user = self.client.get_me().await.map_err(map_invocation)?;
        let premium = matches!(&user.raw, tl::enums::User::User(u) if u.premium);
        Ok(AccountInfo {
            user_id: user.id().bare_id().unwrap_or_default(),
            username: user.username().map(str::to_owned),
            display_name: user.full_name(),
            kind: if premium {
                AccountKind::Premium
            } else {
                AccountKind::Normal
            },
        })
    }

    async fn warm_peers(&self) -> Result<usize, WorkerError> {
        let mut dialogs = self.client.iter_dialogs();
        let mut channels = 0;
        while let Some(d) = dialogs.next().await.map_err(map_invocation)? {
            if matches!(d.peer(), Peer::Channel(_)) {
                channels += 1;
            }
        }
        Ok(channels)
    }

    async fn resolve_channel(&self, chat: ChatId) -> Result<ChannelInfo, WorkerError> {
        let peer = self.peer(chat).await?;
        match self
            .client
            .resolve_peer(peer)
            .await
            .map_err(map_invocation)?
        {
            Peer::Channel(c) => Ok(ChannelInfo {
                id: chat,
                title: c.title().to_owned(),
                username: c.username().map(str::to_owned),
            }),
            _ => Err(invalid(format!("{chat} is not a channel"))),
        }
    }

    async fn upload(
        &self,
        source: UploadSource<'_>,
        size: u64,
        name: &str,
        progress: Progress<'_>,
    ) -> Result<UploadedFile, WorkerError> {
        let kind = self.kind().await?;
        upload::upload(&self.client, kind, source, size, name, progress).await
    }

    async fn send_message(
        &self,
        chat: ChatId,
        message: OutgoingMessage,
    ) -> Result<WorkerMessage, WorkerError> {
        crate::message::check_message(&message).map_err(|v| invalid(v.to_string()))?;
        let peer = self.peer(chat).await?;
        let mut input = InputMessage::new().text(message.text.clone());
        if let Some(media) = &message.media {
            input = with_media(input, media);
        }
        if let Some(k) = &message.reply_markup {
            input = input.reply_markup(keyboard(k));
        }
        let sent = self
            .client
            .send_message(peer, input)
            .await
            .map_err(map_invocation)?;
        Ok(worker_message(&sent))
    }

    async fn send_album(
        &self,
        chat: ChatId,
        items: Vec<AlbumItem>,
    ) -> Result<Vec<WorkerMessage>, WorkerError> {
        check_album_len(items.len()).map_err(|v| invalid(v.to_string()))?;
        let peer = self.peer(chat).await?;
        let medias: Vec<InputMedia> = items.iter().map(album_item).collect();
        let sent = self
            .client
            .send_album(peer, medias)
            .await
            .map_err(map_invocation)?;
        Self::messages(sent)
    }

    async fn forward_messages(
        &self,
        from: ChatId,
        ids: &[MessageId],
        to: ChatId,
        mode: ForwardMode,
    ) -> Result<Vec<WorkerMessage>, WorkerError> {
        forward::forward(self, from, ids, to, mode).await
    }

    async fn get_messages(
        &self,
        chat: ChatId,
        ids: &[MessageId],
    ) -> Result<Vec<Option<WorkerMessage>>, WorkerError> {
        let peer = self.peer(chat).await?;
        let found = self
            .client
            .get_messages_by_id(peer, ids)
            .await
            .map_err(map_invocation)?;
        Ok(found
            .into_iter()
            .map(|m| m.map(|m| worker_message(&m)))
            .collect())
    }

    async fn delete_messages(&self, chat: ChatId, ids: &[MessageId]) -> Result<usize, WorkerError> {
        let peer = self.peer(chat).await?;
        self.client
            .delete_messages(peer, ids)
            .await
            .map_err(map_invocation)
    }

    async fn get_file_chunk(
        &self,
        media: &MediaRef,
        request: GetFileRequest,
    ) -> Result<Vec<u8>, WorkerError> {
        download::get_file_chunk(self, media, request).await
    }

    async fn next_update(&self, timeout: Duration) -> Result<Option<WorkerUpdate>, WorkerError> {
        let mut stream = self.updates.lock().await;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let update = match tokio::time::timeout_at(deadline, stream.next()).await {
                Err(_) => return Ok(None),
                Ok(update) => update.map_err(map_invocation)?,
            };
            match update {
                Update::NewMessage(m) => {
                    return Ok(Some(WorkerUpdate::NewMessage(worker_message(&m))))
                }
                Update::MessageEdited(m) => {
                    return Ok(Some(WorkerUpdate::EditedMessage(worker_message(&m))))
                }
                Update::MessageDeleted(d) => {
                    if let Some(channel) = d.channel_id() {
                        return Ok(Some(WorkerUpdate::Deleted {
                            chat: ChatId::channel(channel),
                            ids: d.messages().to_vec(),
                        }));
                    }
                }
                _ => {}
            }
        }
    }
}
