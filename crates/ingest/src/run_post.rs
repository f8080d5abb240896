//! The posting stages: album upload, backup forward, screenshots, index, release card.
//! Each post is preceded by a checkpoint flag (`posting`) and followed by a checkpoint
//! of its message ids; a resumed step that finds the flag looks for the post's marker in
//! the channel before posting again.

use crate::error::IngestError;
use crate::host::StageHost;
use crate::marker::{marker, with_marker};
use crate::pipeline::{save_progress, Pipeline};
use crate::recover::recover;
use crate::request::IngestRequest;
use crate::stages::index;
use crate::stages::post::{as_video, clock, item, post_media, upload_file};
use crate::state::{FileStamp, IngestState, Posted, Stage};
use std::path::Path;
use streamvault_core::ContentId;
use streamvault_store::telegram_refs::RefRole;
use streamvault_telegram::{
    ChatId, ForwardMode, OutgoingMedia, OutgoingMessage, UploadAs, WorkerMessage,
};

/// Sets the `posting` flag (saved) before a post of `stage`.
pub(crate) async fn flag(
    host: &mut dyn StageHost,
    st: &mut IngestState,
    stage: Stage,
) -> Result<(), IngestError> {
    if st.posting != Some(stage) {
        st.posting = Some(stage);
        save_progress(host, st).await?;
    }
    Ok(())
}

/// File bytes of recovered posts (uploaded by the step that died before saving them).
pub(crate) fn media_bytes(posts: &[Posted]) -> u64 {
    posts
        .iter()
        .filter_map(|p| p.media.as_ref())
        .map(|m| m.size)
        .sum()
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// A file to post on its own, with its marker under the caption.
pub(crate) struct MarkedFile<'a> {
    /// The file.
    pub(crate) path: &'a Path,
    /// Its name in Telegram.
    pub(crate) name: &'a str,
    /// How it looked when hashed (stream files), checked by the upload.
    pub(crate) stamp: Option<&'a FileStamp>,
    /// How it is presented.
    pub(crate) as_: UploadAs,
    /// The caption (the marker is added).
    pub(crate) caption: &'a str,
}

impl Pipeline {
    /// The upload progress callback of `file`, reporting to the observer.
    pub(crate) fn meter<'a>(
        &'a self,
        job: streamvault_core::JobId,
        file: &'a str,
    ) -> impl Fn(u64, u64) + Send + Sync + 'a {
        move |done, total| self.observer.upload_progress(job, file, done, total)
    }

    /// Posts `file` in `chat` under marker `mark`, as one step of `stage`: when a run that
    /// died may have posted it already (the stage's `posting` flag is set), the post is
    /// found by its marker instead; otherwise the flag is saved, the file uploaded and
    /// sent. Its bytes are counted either way; the caller records the post.
    pub(crate) async fn post_marked(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
        stage: Stage,
        chat: ChatId,
        mark: &str,
        file: MarkedFile<'_>,
    ) -> Result<Posted, IngestError> {
        if st.posting == Some(stage) {
            let found = recover(host.worker(), chat, &[mark.to_owned()], |_| true).await?;
            if let Some(p) = found.into_iter().next() {
                st.bytes_uploaded += media_bytes(std::slice::from_ref(&p));
                return Ok(p);
            }
        }
        flag(host, st, stage).await?;
        let meter = self.meter(host.job_id(), file.name);
        let up = upload_file(host.worker(), file.path, file.name, file.stamp, &meter).await?;
        st.bytes_uploaded += up.size;
        let media = OutgoingMedia::Uploaded {
            file: up,
            as_: file.as_,
        };
        let msg = OutgoingMessage::media(media, with_marker(file.caption, mark));
        let posted = host.worker().send_message(chat, msg).await?;
        Ok(Posted::from(&posted))
    }

    pub(crate) async fn upload(
        &self,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let log = self.config.channels.log_for(req.genre.as_deref());
        let job = host.job_id();
        let video_marker = marker(job, "video");
        if st.album.is_empty() && st.posting == Some(Stage::Upload) {
            st.album = recover(
                host.worker(),
                log,
                std::slice::from_ref(&video_marker),
                |_| true,
            )
            .await?;
            st.bytes_uploaded += media_bytes(&st.album);
            if !st.album.is_empty() {
                save_progress(host, st).await?;
            }
        }
        if st.album.is_empty() {
            flag(host, st, Stage::Upload).await?;
            let file = st.file.clone().ok_or(IngestError::Missing("file"))?;
            let clean = st
                .clean_name
                .clone()
                .ok_or(IngestError::Missing("clean name"))?;
            let worker = host.worker();
            let video = upload_file(
                worker,
                &file,
                &clean,
                st.stamp.as_ref(),
                &self.meter(job, &clean),
            )
            .await?;
            st.bytes_uploaded += video.size;
            let caption = with_marker(&clean, &video_marker);
            let mut items = vec![item(video, as_video(&file, st.probe.as_ref()), caption)];
            if let Some(sample) = st.sample.clone() {
                let name = format!("{} - sample.mp4", stem(&clean));
                let up = upload_file(worker, &sample, &name, None, &self.meter(job, &name)).await?;
                st.bytes_uploaded += up.size;
                let mut as_ = as_video(&sample, st.probe.as_ref());
                if let UploadAs::Video { duration_secs, .. } = &mut as_ {
                    *duration_secs = (*duration_secs).min(30);
                }
                items.push(item(up, as_, String::new()));
            }
            let posted = post_media(worker, log, items).await?;
            st.album = posted.iter().map(Posted::from).collect();
            save_progress(host, st).await?;
        }
        self.upload_episodes(log, host, st).await?;
        self.upload_volumes(log, host, st).await
    }

    pub(crate) async fn backup(
        &self,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        if !st.backup.is_empty() {
            return Ok(());
        }
        let log = self.config.channels.log_for(req.genre.as_deref());
        let backup = self.config.channels.backup;
        let job = host.job_id();
        if st.posting == Some(Stage::Backup) {
            let mut markers = vec![marker(job, "video")];
            markers.extend((0..st.episode_posts.len()).map(|i| marker(job, &format!("ep-{i}"))));
            markers.extend((0..st.volume_posts.len()).map(|i| marker(job, &format!("vol-{i}"))));
            let from_log = |m: &WorkerMessage| m.forwarded_from == Some(log);
            st.backup = recover(host.worker(), backup, &markers, from_log).await?;
            if !st.backup.is_empty() {
                return Ok(());
            }
        }
        flag(host, st, Stage::Backup).await?;
        let ids: Vec<i32> = st
            .album
            .iter()
            .chain(&st.episode_posts)
            .chain(&st.volume_posts)
            .map(|p| p.id)
            .collect();
        let fwd = host
            .worker()
            .forward_messages(log, &ids, backup, ForwardMode::KeepAuthor)
            .await?;
        st.backup = fwd.iter().map(Posted::from).collect();
        Ok(())
    }

    pub(crate) async fn post_screenshots(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let chat = self.config.channels.screenshots;
        let job = host.job_id();
        let clean = st
            .clean_name
            .clone()
            .ok_or(IngestError::Missing("clean name"))?;
        for (i, shot) in st
            .shots
            .clone()
            .iter()
            .enumerate()
            .skip(st.shot_posts.len())
        {
            let name = format!("{}-{:02}.jpg", stem(&clean), i + 1);
            let caption = format!("{clean} — {}", clock(shot.position_ms));
            let file = MarkedFile {
                path: &shot.path,
                name: &name,
                stamp: None,
                as_: UploadAs::Photo,
                caption: &caption,
            };
            let mark = marker(job, &format!("shot-{i}"));
            let posted = self
                .post_marked(host, st, Stage::PostScreenshots, chat, &mark, file)
                .await?;
            st.shot_posts.push(posted);
            save_progress(host, st).await?;
        }
        Ok(())
    }

    async fn bot_file(&self, p: &Posted) -> Option<(String, String)> {
        match &self.bot_files {
            Some(b) if p.media.is_some() => b.file_id(p.chat, p.id).await,
            _ => None,
        }
    }

    pub(crate) async fn index(
        &self,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let store = host.store().clone();
        let now = chrono::Utc::now().timestamp();
        if st.content_id.is_none() {
            let fields = index::fields(st, req.genre.as_deref())?;
            let content = if st.posting == Some(Stage::Index) {
                index::content(&*store, &fields, now).await?
            } else {
                flag(host, st, Stage::Index).await?;
                streamvault_store::contents::insert_with_fresh_slug(&*store, &fields, now).await?
            };
            st.content_id = Some(content.id.0);
            st.slug = content.slug.map(|s| s.as_str().to_owned());
            save_progress(host, st).await?;
        }
        let id = ContentId(st.content_id.ok_or(IngestError::Missing("content id"))?);
        if let Some(probe) = &st.probe {
            index::media_info(&*store, id, probe).await?;
        }
        let by = Some(host.worker_name().to_owned());
        let mut refs = Vec::new();
        for (i, p) in st.album.iter().enumerate() {
            let role = if i == 0 {
                RefRole::Video
            } else {
                RefRole::Sample
            };
            refs.push((role, p, 0));
        }
        for (i, p) in st.episode_posts.iter().enumerate() {
            refs.push((RefRole::Video, p, i + 1));
        }
        for (i, p) in st.volume_posts.iter().enumerate() {
            refs.push((RefRole::ArchivePart, p, i + 1));
        }
        for (i, p) in st.backup.iter().enumerate() {
            refs.push((RefRole::Backup, p, i));
        }
        for (i, p) in st.shot_posts.iter().enumerate() {
            refs.push((RefRole::Screenshot, p, i + 1));
        }
        for (role, p, part) in refs {
            let bot = self.bot_file(p).await;
            let r = index::reference(id, role, p, part, by.as_deref(), bot);
            index::add_ref(&*store, &r, now).await?;
        }
        for (shot, p) in st.shots.iter().zip(&st.shot_posts) {
            let bot = self.bot_file(p).await.map(|(f, _)| f);
            index::screenshot(&*store, id, shot.position_ms, p, bot).await?;
        }
        Ok(())
    }

    pub(crate) async fn card(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let public = self.config.channels.public;
        if st.card.is_none() {
            let slug = st.slug.clone().ok_or(IngestError::Missing("slug"))?;
            let release = st.release.clone().unwrap_or_default();
            let clean = st.clean_name.clone().unwrap_or_default();
            let text = index::card_text(
                &release,
                &stem(&clean),
                st.probe.as_ref(),
                &self.config.site_url,
                &slug,
            );
            if st.posting == Some(Stage::Card) {
                let found =
                    crate::marker::find_recent(host.worker(), public, |m| m.text == text).await?;
                st.card = found.last().map(Posted::from);
            }
            if st.card.is_none() {
                flag(host, st, Stage::Card).await?;
                let posted = host
                    .worker()
                    .send_message(public, OutgoingMessage::text(text))
                    .await?;
                st.card = Some(Posted::from(&posted));
                save_progress(host, st).await?;
            }
        }
        let (Some(card), Some(id)) = (&st.card, st.content_id) else {
            return Ok(());
        };
        let now = chrono::Utc::now().timestamp();
        let r = index::reference(ContentId(id), RefRole::PublicCard, card, 0, None, None);
        index::add_ref(&**host.store(), &r, now).await
    }
}
