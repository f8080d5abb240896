//! The stages and the checkpoint data carried between them.

use crate::request::StatusMessage;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use streamvault_core::rename::ReleaseInfo;
use streamvault_media::{Digests, MediaProbe};
use streamvault_telegram::{ChatId, MediaRef, MessageId, WorkerMessage};

/// One stage of an ingestion, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Download or place the source in the work directory.
    Fetch,
    /// ffprobe: media info and subtitle map.
    Probe,
    /// Parse the release name and build the clean name.
    Rename,
    /// Preview frames, and their PDQ hashes against the blocklist.
    Screenshots,
    /// The 30 s sample clip (`GENERATE_SAMPLES`).
    Sample,
    /// SHA-256 (+ SHA-1/MD5 when a list uses them) and the exact blocklist. Files the
    /// fetch did not hash are hashed beside the ffmpeg stages before it and awaited here.
    Check,
    /// Season packs: `.7z` store volumes.
    Archive,
    /// Upload video + sample as one album to the log channel.
    Upload,
    /// Forward the album to the backup channel.
    Backup,
    /// Post the screenshots to the screenshot channel.
    PostScreenshots,
    /// Content row, media info, Telegram refs.
    Index,
    /// The release card in the public channel.
    Card,
    /// Delete the work directory.
    Cleanup,
}

impl Stage {
    /// Every stage in order.
    pub const ALL: [Stage; 13] = [
        Stage::Fetch,
        Stage::Probe,
        Stage::Rename,
        Stage::Screenshots,
        Stage::Sample,
        Stage::Check,
        Stage::Archive,
        Stage::Upload,
        Stage::Backup,
        Stage::PostScreenshots,
        Stage::Index,
        Stage::Card,
        Stage::Cleanup,
    ];

    /// The name saved as the job's stage.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Fetch => "fetch",
            Stage::Check => "check",
            Stage::Probe => "probe",
            Stage::Rename => "rename",
            Stage::Screenshots => "screenshots",
            Stage::Sample => "sample",
            Stage::Archive => "archive",
            Stage::Upload => "upload",
            Stage::Backup => "backup",
            Stage::PostScreenshots => "post_screenshots",
            Stage::Index => "index",
            Stage::Card => "card",
            Stage::Cleanup => "cleanup",
        }
    }

    /// The stage saved under `name`.
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A message the pipeline posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    /// Chat.
    pub chat: ChatId,
    /// Message id.
    pub id: MessageId,
    /// Album id.
    pub grouped_id: Option<i64>,
    /// The file, for media posts.
    pub media: Option<MediaRef>,
}

impl From<&WorkerMessage> for Posted {
    fn from(m: &WorkerMessage) -> Self {
        Posted {
            chat: m.chat,
            id: m.id,
            grouped_id: m.grouped_id,
            media: m.media.clone(),
        }
    }
}

/// A local screenshot with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShotFile {
    /// Position in the video, ms.
    pub position_ms: i64,
    /// The JPEG.
    pub path: PathBuf,
}

/// What a file looked like when it was hashed: an upload refuses a file that differs
/// (replaced or rewritten since), so what goes up is what the blocklist saw — without
/// hashing it a second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: i64,
    /// Inode number (0 where there is none).
    pub inode: u64,
}

impl FileStamp {
    /// The stamp of `path` now.
    pub async fn of(path: &std::path::Path) -> std::io::Result<FileStamp> {
        let meta = tokio::fs::metadata(path).await?;
        let modified_ns = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(FileStamp {
            len: meta.len(),
            modified_ns,
            inode,
        })
    }
}

/// An episode of a season pack after the first one (the first is the state's `file`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// The file.
    pub path: PathBuf,
    /// Its size.
    pub size: u64,
    /// Its clean name (and caption).
    pub clean_name: Option<String>,
    /// Its digests.
    pub digests: Option<Digests>,
    /// How it looked when hashed.
    #[serde(default)]
    pub stamp: Option<FileStamp>,
}

/// Everything the stages have produced so far (the checkpoint data).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestState {
    /// The job's work directory.
    pub work_dir: Option<PathBuf>,
    /// The fetched stream file (the first episode of a season pack).
    pub file: Option<PathBuf>,
    /// A season pack's directory.
    #[serde(default)]
    pub source_dir: Option<PathBuf>,
    /// A season pack's other episodes, in name order.
    #[serde(default)]
    pub episodes: Vec<Episode>,
    /// A season pack's clean name (no extension; names the `.7z`).
    #[serde(default)]
    pub pack_name: Option<String>,
    /// Its size.
    pub size: u64,
    /// The name the source gave it.
    pub original_name: Option<String>,
    /// Its digests.
    pub digests: Option<Digests>,
    /// How it looked when hashed.
    #[serde(default)]
    pub stamp: Option<FileStamp>,
    /// ffprobe's view of it.
    pub probe: Option<MediaProbe>,
    /// The parsed release name.
    pub release: Option<ReleaseInfo>,
    /// The clean file name (and caption).
    pub clean_name: Option<String>,
    /// Screenshots on disk.
    pub shots: Vec<ShotFile>,
    /// The sample clip on disk.
    pub sample: Option<PathBuf>,
    /// `.7z` volumes on disk (season packs).
    pub volumes: Vec<PathBuf>,
    /// The album in the log channel (video first, then the sample).
    pub album: Vec<Posted>,
    /// Posts of the other episodes in the log channel.
    #[serde(default)]
    pub episode_posts: Vec<Posted>,
    /// Archive volume posts in the log channel.
    pub volume_posts: Vec<Posted>,
    /// The forwards in the backup channel.
    pub backup: Vec<Posted>,
    /// Screenshot posts, in time order.
    pub shot_posts: Vec<Posted>,
    /// The indexed content.
    pub content_id: Option<i64>,
    /// Its slug.
    pub slug: Option<String>,
    /// The release card.
    pub card: Option<Posted>,
    /// A stage that may have posted before the process died (set just before posting).
    pub posting: Option<Stage>,
    /// File bytes this job uploaded (all attempts).
    pub bytes_uploaded: u64,
    /// The bot message showing this job's progress (see `IngestObserver::status_message`).
    #[serde(default)]
    pub status_message: Option<StatusMessage>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_round_trip_in_order() {
        for (i, s) in Stage::ALL.iter().enumerate() {
            assert_eq!(Stage::from_name(s.name()), Some(*s));
            if i > 0 {
                assert!(Stage::ALL[i - 1] < *s);
            }
        }
        assert_eq!(Stage::from_name("nope"), None);
    }

    #[test]
    fn state_survives_json() {
        let st = IngestState {
            size: 5,
            posting: Some(Stage::Upload),
            clean_name: Some("A (2020) [StreamVault].mkv".into()),
            ..IngestState::default()
        };
        let back: IngestState =
            serde_json::from_value(serde_json::to_value(&st).expect("to json")).expect("back");
        assert_eq!(back, st);
    }
}
