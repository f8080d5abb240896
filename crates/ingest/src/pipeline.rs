//! The ingestion pipeline: runs the stages after the last finished one, saving a
//! checkpoint after each, so a killed process resumes there and never posts twice.

use crate::config::IngestConfig;
use crate::error::IngestError;
use crate::fetcher::Fetcher;
use crate::host::StageHost;
use crate::observer::{IngestObserver, NoObserver};
use crate::request::IngestRequest;
use crate::stages::check::{self, BlockHit};
use crate::stages::index::BotFileIds;
use crate::state::{FileStamp, IngestState, Stage};
use std::path::Path;
use std::sync::Arc;
use streamvault_media::{hash_file_with, Digests};
use streamvault_telegram::OutgoingMessage;

/// The ingestion pipeline of one hive (shared by its jobs).
#[derive(Clone)]
pub struct Pipeline {
    pub(crate) config: Arc<IngestConfig>,
    pub(crate) fetcher: Arc<dyn Fetcher>,
    pub(crate) bot_files: Option<Arc<dyn BotFileIds>>,
    pub(crate) observer: Arc<dyn IngestObserver>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Pipeline {
    /// A pipeline fetching with `fetcher`.
    pub fn new(config: IngestConfig, fetcher: Arc<dyn Fetcher>) -> Self {
        Pipeline {
            config: Arc::new(config),
            fetcher,
            bot_files: None,
            observer: Arc::new(NoObserver),
        }
    }

    /// Adds the source of the manager bot's `file_id`s (see [`BotFileIds`]).
    pub fn with_bot_file_ids(mut self, source: Arc<dyn BotFileIds>) -> Self {
        self.bot_files = Some(source);
        self
    }

    /// Reports progress to `observer`.
    pub fn with_observer(mut self, observer: Arc<dyn IngestObserver>) -> Self {
        self.observer = observer;
        self
    }

    /// The settings.
    pub fn config(&self) -> &IngestConfig {
        &self.config
    }

    /// Runs (or resumes) the whole ingestion; returns the final state.
    pub async fn run(&self, host: &mut dyn StageHost) -> Result<IngestState, IngestError> {
        self.run_until(host, None).await
    }

    /// Runs (or resumes) up to and including `stop_after` (all stages for `None`), as a
    /// process killed right after that stage's checkpoint would.
    pub async fn run_until(
        &self,
        host: &mut dyn StageHost,
        stop_after: Option<Stage>,
    ) -> Result<IngestState, IngestError> {
        let job = host.job_id();
        let outcome = self.stages(host, stop_after).await;
        // A run stopped early on purpose ends like a killed process: without an outcome.
        if stop_after.is_none() || outcome.is_err() {
            self.observer.job_ended(job, outcome.as_ref());
        }
        outcome
    }

    async fn stages(
        &self,
        host: &mut dyn StageHost,
        stop_after: Option<Stage>,
    ) -> Result<IngestState, IngestError> {
        self.config.validate()?;
        let req: IngestRequest = serde_json::from_value(host.payload().clone())
            .map_err(|e| IngestError::BadPayload(e.to_string()))?;
        let done = match host.stage() {
            None => None,
            Some(name) => Some(
                Stage::from_name(name)
                    .ok_or_else(|| IngestError::BadCheckpoint(format!("unknown stage {name}")))?,
            ),
        };
        let mut st: IngestState = match done {
            None => IngestState::default(),
            Some(_) => serde_json::from_value(host.checkpoint().clone())
                .map_err(|e| IngestError::BadCheckpoint(e.to_string()))?,
        };
        let job = host.job_id();
        self.observer
            .job_started(job, &req, done, st.status_message);
        let mut hashing: Option<Hashing> = None;
        for stage in Stage::ALL {
            if done.is_some_and(|d| stage <= d) {
                continue;
            }
            if stage > Stage::Fetch && stage < Stage::Check && hashing.is_none() {
                hashing = self.start_hashing(host, &st).await?;
            }
            self.observer.stage_started(host.job_id(), stage);
            self.stage(stage, &req, host, &mut st, &mut hashing).await?;
            st.posting = None;
            st.status_message = st
                .status_message
                .or_else(|| self.observer.status_message(job));
            save(host, stage, &st).await?;
            self.observer.stage_finished(host.job_id(), stage);
            if stop_after == Some(stage) {
                break;
            }
        }
        Ok(st)
    }

    async fn stage(
        &self,
        stage: Stage,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
        hashing: &mut Option<Hashing>,
    ) -> Result<(), IngestError> {
        let hit = match stage {
            Stage::Fetch => {
                self.fetch(req, host, st).await?;
                None
            }
            Stage::Check => self.check(host, st, hashing.take()).await?,
            Stage::Probe => {
                self.probe(st).await?;
                None
            }
            Stage::Rename => {
                self.rename(req, st);
                None
            }
            Stage::Screenshots => self.screenshots(host, st).await?,
            Stage::Sample => {
                self.sample(host, st).await?;
                None
            }
            Stage::Archive => {
                self.archive(req, host, st).await?;
                None
            }
            Stage::Upload => {
                self.upload(req, host, st).await?;
                None
            }
            Stage::Backup => {
                self.backup(req, host, st).await?;
                None
            }
            Stage::PostScreenshots => {
                self.post_screenshots(host, st).await?;
                None
            }
            Stage::Index => {
                self.index(req, host, st).await?;
                None
            }
            Stage::Card => {
                self.card(host, st).await?;
                None
            }
            Stage::Cleanup => {
                self.cleanup(st).await?;
                None
            }
        };
        match hit {
            None => Ok(()),
            Some(hit) => Err(self.block(host, st, &hit).await),
        }
    }

    /// Blocked: delete the local files, alert the admin channel, end the job `blocked`.
    async fn block(
        &self,
        host: &mut dyn StageHost,
        st: &IngestState,
        hit: &BlockHit,
    ) -> IngestError {
        let what = hit.describe();
        if let Err(e) = self.cleanup(st).await {
            tracing::warn!("blocked job {}: cleanup failed: {e}", host.job_id());
        }
        let name = st.original_name.as_deref().unwrap_or("?");
        let alert = format!(
            "⛔ Ingestion blocked\nJob: #{}\nFile: {name}\nMatch: {what}",
            host.job_id()
        );
        let admin = self.config.channels.admin;
        if let Err(e) = host
            .worker()
            .send_message(admin, OutgoingMessage::text(alert))
            .await
        {
            tracing::warn!("blocked job {}: admin alert failed: {e}", host.job_id());
        }
        IngestError::Blocked(format!("job {}: {what}", host.job_id()))
    }

    /// Removes the job's work directory.
    pub(crate) async fn cleanup(&self, st: &IngestState) -> Result<(), IngestError> {
        if let Some(dir) = &st.work_dir {
            match tokio::fs::remove_dir_all(dir).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Starts hashing the stream file in the background when the fetch did not hash it,
    /// so the ffmpeg stages run beside it (on a restarted run the check hashes instead).
    async fn start_hashing(
        &self,
        host: &dyn StageHost,
        st: &IngestState,
    ) -> Result<Option<Hashing>, IngestError> {
        let Some(file) = st.file.clone().filter(|_| st.digests.is_none()) else {
            return Ok(None);
        };
        let stamp = FileStamp::of(&file).await?;
        let extra = check::extra_digests(&**host.store()).await?;
        let task = tokio::spawn(async move { hash_file_with(&file, extra).await });
        Ok(Some(Hashing { stamp, task }))
    }

    /// The check stage: the stream file's digests (the fetcher's, the background hash's,
    /// else one sequential read of the kinds the blocklist uses), the episodes', and the
    /// exact blocklist; records the stamp the upload compares.
    async fn check(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
        hashing: Option<Hashing>,
    ) -> Result<Option<BlockHit>, IngestError> {
        let file = st.file.clone().ok_or(IngestError::Missing("file"))?;
        let (digests, stamp) = match (st.digests.clone(), hashing) {
            (Some(d), _) => (d, None),
            (None, Some(h)) => h.finish(&file).await?,
            (None, None) => (check::digests(&**host.store(), &file).await?, None),
        };
        let hit = check::exact_match(&**host.store(), &digests).await?;
        st.stamp = Some(match stamp {
            Some(s) => s,
            None => check::stamp(&file, &digests).await?,
        });
        st.digests = Some(digests);
        if hit.is_some() {
            return Ok(hit);
        }
        for ep in &mut st.episodes {
            let digests = check::digests(&**host.store(), &ep.path).await?;
            let hit = check::exact_match(&**host.store(), &digests).await?;
            ep.stamp = Some(check::stamp(&ep.path, &digests).await?);
            ep.digests = Some(digests);
            if hit.is_some() {
                return Ok(hit);
            }
        }
        Ok(None)
    }
}

/// A hash of the stream file running beside the ffmpeg stages (aborted when dropped).
struct Hashing {
    stamp: FileStamp,
    task: tokio::task::JoinHandle<std::io::Result<Digests>>,
}

impl Hashing {
    /// The digests, and the stamp taken when hashing started — if the file still has it
    /// and every byte was hashed.
    async fn finish(mut self, file: &Path) -> Result<(Digests, Option<FileStamp>), IngestError> {
        let digests = (&mut self.task)
            .await
            .map_err(|e| IngestError::Io(std::io::Error::other(e)))??;
        let now = FileStamp::of(file).await?;
        if now != self.stamp || digests.bytes != now.len {
            return Err(IngestError::Changed(format!(
                "{} changed while it was hashed",
                file.display()
            )));
        }
        Ok((digests, Some(self.stamp)))
    }
}

impl Drop for Hashing {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Saves `st` as the checkpoint of finished `stage`.
pub(crate) async fn save(
    host: &mut dyn StageHost,
    stage: Stage,
    st: &IngestState,
) -> Result<(), IngestError> {
    let data = serde_json::to_value(st).map_err(|e| IngestError::BadCheckpoint(e.to_string()))?;
    host.save_checkpoint(stage.name(), data).await?;
    Ok(())
}

/// Saves `st` under the last finished stage (a mid-stage checkpoint: message ids posted
/// so far, or the "about to post" flag).
pub(crate) async fn save_progress(
    host: &mut dyn StageHost,
    st: &IngestState,
) -> Result<(), IngestError> {
    let stage = host.stage().map(str::to_owned);
    let data = serde_json::to_value(st).map_err(|e| IngestError::BadCheckpoint(e.to_string()))?;
    match stage {
        Some(s) => host.save_checkpoint(&s, data).await?,
        None => return Err(IngestError::Missing("a finished stage before posting")),
    }
    Ok(())
}
