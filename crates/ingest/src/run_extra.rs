//! The extra files of the upload stage: a season pack's other episodes and its `.7z`
//! volumes, one post each, each with its own marker and checkpoint.

use crate::error::IngestError;
use crate::host::StageHost;
use crate::marker::marker;
use crate::pipeline::{save_progress, Pipeline};
use crate::run_post::MarkedFile;
use crate::stages::post::as_video;
use crate::state::{IngestState, Stage};
use streamvault_telegram::{ChatId, UploadAs};

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
            let name = ep
                .clean_name
                .clone()
                .ok_or(IngestError::Missing("episode name"))?;
            let file = MarkedFile {
                path: &ep.path,
                name: &name,
                stamp: ep.stamp.as_ref(),
                as_: as_video(&ep.path, None),
                caption: &name,
            };
            let mark = marker(job, &format!("ep-{i}"));
            let posted = self
                .post_marked(host, st, Stage::Upload, log, &mark, file)
                .await?;
            st.episode_posts.push(posted);
            save_progress(host, st).await?;
        }
        Ok(())
    }

    /// A season pack's `.7z` volumes, one post each.
    pub(crate) async fn upload_volumes(
        &self,
        log: ChatId,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let job = host.job_id();
        let volumes = st.volumes.clone();
        for (i, vol) in volumes.iter().enumerate().skip(st.volume_posts.len()) {
            let name = vol
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = MarkedFile {
                path: vol,
                name: &name,
                stamp: None,
                as_: UploadAs::Document {
                    mime_type: SEVEN_Z_MIME.into(),
                },
                caption: &name,
            };
            let mark = marker(job, &format!("vol-{i}"));
            let posted = self
                .post_marked(host, st, Stage::Upload, log, &mark, file)
                .await?;
            st.volume_posts.push(posted);
            save_progress(host, st).await?;
        }
        Ok(())
    }
}
