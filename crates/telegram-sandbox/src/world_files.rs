//! Stored files in the world: new uploads, their metadata, and which bots may use them.

use crate::model::{FileRec, MediaRec, World};

impl World {
    /// Records a stored blob as a new file; returns its id.
    pub fn new_file(&mut self, blob: String, size: u64) -> i64 {
        let id = self.next_file_id.max(1);
        self.next_file_id = id + 1;
        let id = 5_000_000_000_000 + id;
        let seen_by_bots = Default::default();
        self.files.insert(
            id,
            FileRec {
                id,
                blob,
                size,
                seen_by_bots,
                meta: None,
            },
        );
        id
    }

    /// Remembers how a file was first sent, so sending it again keeps its name and type.
    pub fn attach_meta(&mut self, media: &MediaRec) {
        if let Some(f) = self.files.get_mut(&media.file) {
            f.meta.get_or_insert_with(|| media.clone());
        }
    }

    /// The media record for sending stored file `file` again as `kind`.
    pub fn reuse_media(
        &self,
        file: i64,
        kind: streamvault_telegram::MediaKind,
    ) -> Option<MediaRec> {
        let f = self.files.get(&file)?;
        let mut m = f.meta.clone().unwrap_or(MediaRec {
            kind,
            file,
            file_name: None,
            mime_type: None,
            width: 0,
            height: 0,
            duration: 0,
        });
        m.kind = kind;
        Some(m)
    }

    /// Lets `bot` use the file from now on.
    pub fn mark_seen(&mut self, bot: i64, file: i64) {
        if let Some(f) = self.files.get_mut(&file) {
            f.seen_by_bots.insert(bot);
        }
    }
}
