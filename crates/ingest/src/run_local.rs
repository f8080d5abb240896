//! The local stages of the pipeline: fetch, probe, rename, screenshots, sample, archive.

use crate::error::IngestError;
use crate::host::StageHost;
use crate::pipeline::Pipeline;
use crate::request::IngestRequest;
use crate::stages::check::{self, BlockHit};
use crate::stages::local;
use crate::state::{Episode, IngestState};
use chrono::Datelike;
use std::path::{Path, PathBuf};

impl Pipeline {
    fn work_dir(&self, host: &dyn StageHost) -> PathBuf {
        self.work_dir_of(host.job_id())
    }

    /// The work directory of job `id` (`<work_root>/job-<id>`).
    pub fn work_dir_of(&self, id: streamvault_core::JobId) -> PathBuf {
        self.config.work_root.join(format!("job-{id}"))
    }

    pub(crate) async fn fetch(
        &self,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        let work = self.work_dir(host);
        st.work_dir = Some(work.clone());
        let job = host.job_id();
        let progress = |done, total| self.observer.fetch_progress(job, done, total);
        let got = self
            .fetcher
            .fetch(&req.source, &work.join("source"), &progress)
            .await?;
        if got.path.is_dir() {
            if !req.season_pack {
                return Err(IngestError::BadPayload(format!(
                    "{} is a directory: ingest it as a season pack",
                    got.path.display()
                )));
            }
            let mut files = episode_files(&got.path).await?.into_iter();
            let (first, size) = files.next().ok_or_else(|| {
                IngestError::BadPayload(format!("no video file in {}", got.path.display()))
            })?;
            st.file = Some(first);
            st.size = size;
            st.episodes = files
                .map(|(path, size)| Episode {
                    path,
                    size,
                    clean_name: None,
                    digests: None,
                    stamp: None,
                })
                .collect();
            st.source_dir = Some(got.path);
        } else {
            st.file = Some(got.path);
            st.size = got.size;
        }
        st.original_name = Some(got.original_name);
        st.digests = got.digests;
        Ok(())
    }

    pub(crate) async fn probe(&self, st: &mut IngestState) -> Result<(), IngestError> {
        let file = st.file.clone().ok_or(IngestError::Missing("file"))?;
        st.probe = Some(local::probe_file(&self.config.tools, &file).await?);
        Ok(())
    }

    pub(crate) fn rename(&self, req: &IngestRequest, st: &mut IngestState) {
        let file = st.file.clone().unwrap_or_default();
        let name = req
            .name
            .clone()
            .or_else(|| st.original_name.clone())
            .unwrap_or_default();
        let year = chrono::Utc::now().year();
        let t = &self.config.templates;
        if st.source_dir.is_some() {
            // The pack's release comes from its name; each episode keeps its own name.
            let (pack, pack_name) = local::rename(&name, Path::new(""), t, year);
            let first = file_name(&file);
            st.clean_name = Some(local::rename(&first, &file, t, year).1);
            for ep in &mut st.episodes {
                ep.clean_name = Some(local::rename(&file_name(&ep.path), &ep.path, t, year).1);
            }
            st.release = Some(pack);
            st.pack_name = Some(pack_name);
        } else {
            let (info, clean) = local::rename(&name, &file, t, year);
            st.release = Some(info);
            st.clean_name = Some(clean);
        }
    }

    pub(crate) async fn screenshots(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<Option<BlockHit>, IngestError> {
        let file = st.file.clone().ok_or(IngestError::Missing("file"))?;
        let dir = self.work_dir(host).join("shots");
        let guard = host.heavy().await?;
        let tools = &self.config.tools;
        let shots = local::frames(tools, &file, &dir, self.config.screenshot_count).await?;
        let paths: Vec<&Path> = shots.iter().map(|s| s.path.as_path()).collect();
        let hit =
            check::pdq_match(tools, &**host.store(), &paths, self.config.pdq_threshold).await?;
        drop(guard);
        st.shots = shots;
        Ok(hit)
    }

    pub(crate) async fn sample(
        &self,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        if !self.config.generate_samples {
            return Ok(());
        }
        let file = st.file.clone().ok_or(IngestError::Missing("file"))?;
        let out = self.work_dir(host).join("sample.mp4");
        let guard = host.heavy().await?;
        st.sample = Some(local::sample_clip(&self.config.tools, &file, &out).await?);
        drop(guard);
        Ok(())
    }

    pub(crate) async fn archive(
        &self,
        req: &IngestRequest,
        host: &mut dyn StageHost,
        st: &mut IngestState,
    ) -> Result<(), IngestError> {
        if !req.season_pack {
            return Ok(());
        }
        let file = match &st.source_dir {
            Some(dir) => dir.clone(),
            None => st.file.clone().ok_or(IngestError::Missing("file"))?,
        };
        let clean = st
            .pack_name
            .clone()
            .or_else(|| st.clean_name.clone())
            .ok_or(IngestError::Missing("clean name"))?;
        let stem = Path::new(&clean)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(clean);
        let out = self
            .work_dir(host)
            .join("archive")
            .join(format!("{stem}.7z"));
        if let Some(parent) = out.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let guard = host.heavy().await?;
        st.volumes =
            local::archive(&self.config.tools, &file, &out, self.config.volume_limit).await?;
        drop(guard);
        Ok(())
    }
}

/// Extensions of the files of a season pack that are episodes.
const EPISODE_EXTENSIONS: &[&str] = &[
    "mkv", "mp4", "m4v", "avi", "mov", "webm", "ts", "m2ts", "mpg", "mpeg", "wmv",
];

/// The video files of `dir` (one level), in name order, with their sizes.
async fn episode_files(dir: &Path) -> Result<Vec<(PathBuf, u64)>, IngestError> {
    let mut files = Vec::new();
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(e) = entries.next_entry().await? {
        let path = e.path();
        let video = path
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|x| EPISODE_EXTENSIONS.contains(&x.as_str()));
        let meta = e.metadata().await?;
        if video && meta.is_file() {
            files.push((path, meta.len()));
        }
    }
    files.sort();
    Ok(files)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
