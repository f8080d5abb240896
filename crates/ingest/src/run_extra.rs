//! The extra files of the upload stage: a season pack's other episodes and its `.7z`
//! volumes, one post each, each with its own marker and checkpoint.

use crate::error::IngestError;
use crate::host::StageHost;
use crate::marker::{marker, with_marker};
use crate::pipeline::{save_progress, Pipeline};
use crate::recover::recover;
use crate::run_post::{flag, media_bytes};
use crate::stages::post::{as_video, upload_file};
use crate::state::{IngestState, Posted, Stage};
use streamvault_telegram::{ChatId, OutgoingMedia, OutgoingMessage, UploadAs};

/// MIME type of `.7z` volumes.
const SEVEN_Z_MIME: &str = "application/x-7z-compressed";

impl Pipeline {
    /// A season pack's other episodes, one post each.
    pub(crate) async fn upload_episodes(
        &self,
        log: ChatId,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let job = host.job_id();
        let episodes = st.episodes.clone();
        for (i, ep) in episodes.iter().enumerate().skip(st.episode_posts.len()) {
            let m = marker(job, &format!("ep-{i}"));
            if st.posting == Some(Stage::Upload) {
                let found = recover(host.worker(), log, std::slice::from_ref(&m), |_| true).await?;
                if let Some(p) = found.into_iter().next() {
                    st.bytes_uploaded += media_bytes(std::slice::from_ref(&p));
                    st.episode_posts.push(p);
                    save_progress(host, st).await?;
                    continue;
                }
            }
            flag(host, st, Stage::Upload).await?;
            let name = ep
                .clean_name
                .clone()
                .ok_or(IngestError::Missing("episode name"))?;
            let meter = self.meter(job, &name);
            let up = upload_file(host.worker(), &ep.path, &name, ep.stamp.as_ref(), &meter).await?;
            st.bytes_uploaded += up.size;
            let media = OutgoingMedia::Uploaded {
                file: up,
                as_: as_video(&ep.path, None),
            };
            let msg = OutgoingMessage::media(media, with_marker(&name, &m));
            let posted = host.worker().send_message(log, msg).await?;
            st.episode_posts.push(Posted::from(&posted));
            save_progress(host, st).await?;
        }
        Ok(())
    }

    pub(crate) async fn upload_volumes(
        &self,
        log: ChatId,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let job = host.job_id();
        for (i, vol) in st
            .volumes
            .clone()
            .iter()
            .enumerate()
            .skip(st.volume_posts.len())
        {
            let m = marker(job, &format!("vol-{i}"));
            if st.posting == Some(Stage::Upload) {
                let found = recover(host.worker(), log, std::slice::from_ref(&m), |_| true).await?;
                if let Some(p) = found.into_iter().next() {
                    st.bytes_uploaded += media_bytes(std::slice::from_ref(&p));
                    st.volume_posts.push(p);
                    save_progress(host, st).await?;
                    continue;
                }
            }
            flag(host, st, Stage::Upload).await?;
            let name = vol
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let up = upload_file(host.worker(), vol, &name, None, &self.meter(job, &name)).await?;
            st.bytes_uploaded += up.size;
            let media = OutgoingMedia::Uploaded {
                file: up,
                as_: UploadAs::Document {
                    mime_type: SEVEN_Z_MIME.into(),
                },
            };
            let msg = OutgoingMessage::media(media, with_marker(&name, &m));
            let posted = host.worker().send_message(log, msg).await?;
            st.volume_posts.push(Posted::from(&posted));
            save_progress(host, st).await?;
        }
        Ok(())
    }
}
