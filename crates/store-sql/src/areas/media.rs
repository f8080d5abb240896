use crate::errors::map_err;
use crate::rows::{flag, get, parsed};
use crate::SqlStore;
use async_trait::async_trait;
use streamvault_core::ContentId;
use streamvault_store::media::{MediaInfo, MediaStore, MediaTrack, Screenshot, TrackKind};
use streamvault_store::StoreResult;

#[async_trait]
impl MediaStore for SqlStore {
    async fn set_media_info(&self, content: ContentId, info: &MediaInfo) -> StoreResult<()> {
        let err = map_err("media info");
        let mut tx = self.pool.begin().await.map_err(&err)?;
        sqlx::query("DELETE FROM media_tracks WHERE content_id = $1")
            .bind(content.get())
            .execute(&mut *tx)
            .await
            .map_err(&err)?;
        sqlx::query(
            "INSERT INTO media_info (content_id, container, duration_ms, video_codec, width, height, fps, bit_rate) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (content_id) DO UPDATE SET \
             container = excluded.container, duration_ms = excluded.duration_ms, video_codec = excluded.video_codec, \
             width = excluded.width, height = excluded.height, fps = excluded.fps, bit_rate = excluded.bit_rate",
        )
        .bind(content.get())
        .bind(&info.container)
        .bind(info.duration_ms)
        .bind(&info.video_codec)
        .bind(info.width)
        .bind(info.height)
        .bind(info.fps)
        .bind(info.bit_rate)
        .execute(&mut *tx)
        .await
        .map_err(&err)?;
        for t in &info.tracks {
            sqlx::query(
                "INSERT INTO media_tracks (content_id, kind, stream_index, language, codec, title, is_default, is_forced) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(content.get())
            .bind(t.kind.as_str())
            .bind(t.stream_index)
            .bind(&t.language)
            .bind(&t.codec)
            .bind(&t.title)
            .bind(t.is_default)
            .bind(t.is_forced)
            .execute(&mut *tx)
            .await
            .map_err(&err)?;
        }
        tx.commit().await.map_err(&err)
    }

    async fn media_info(&self, content: ContentId) -> StoreResult<Option<MediaInfo>> {
        let err = map_err("media info");
        let Some(row) = sqlx::query(
            "SELECT container, duration_ms, video_codec, width, height, fps, bit_rate FROM media_info WHERE content_id = $1",
        )
        .bind(content.get())
        .fetch_optional(&self.pool)
        .await
        .map_err(&err)?
        else {
            return Ok(None);
        };
        let tracks = sqlx::query(
            "SELECT kind, stream_index, language, codec, title, is_default, is_forced FROM media_tracks \
             WHERE content_id = $1 ORDER BY stream_index",
        )
        .bind(content.get())
        .fetch_all(&self.pool)
        .await
        .map_err(&err)?
        .iter()
        .map(|t| {
            Ok(MediaTrack {
                kind: parsed(t, "kind", TrackKind::parse)?,
                stream_index: get(t, "stream_index")?,
                language: get(t, "language")?,
                codec: get(t, "codec")?,
                title: get(t, "title")?,
                is_default: flag(t, "is_default")?,
                is_forced: flag(t, "is_forced")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(MediaInfo {
            container: get(&row, "container")?,
            duration_ms: get(&row, "duration_ms")?,
            video_codec: get(&row, "video_codec")?,
            width: get(&row, "width")?,
            height: get(&row, "height")?,
            fps: get(&row, "fps")?,
            bit_rate: get(&row, "bit_rate")?,
            tracks,
        }))
    }

    async fn add_screenshot(&self, s: &Screenshot) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO screenshots (content_id, position_ms, channel_id, message_id, bot_file_id) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(s.content_id.get())
        .bind(s.position_ms)
        .bind(s.channel_id)
        .bind(s.message_id)
        .bind(&s.bot_file_id)
        .execute(&self.pool)
        .await
        .map_err(map_err("screenshot"))?;
        Ok(())
    }

    async fn list_screenshots(&self, content: ContentId) -> StoreResult<Vec<Screenshot>> {
        sqlx::query(
            "SELECT content_id, position_ms, channel_id, message_id, bot_file_id FROM screenshots \
             WHERE content_id = $1 ORDER BY position_ms, message_id",
        )
        .bind(content.get())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err("screenshots"))?
        .iter()
        .map(|r| {
            Ok(Screenshot {
                content_id: ContentId(get(r, "content_id")?),
                position_ms: get(r, "position_ms")?,
                channel_id: get(r, "channel_id")?,
                message_id: get(r, "message_id")?,
                bot_file_id: get(r, "bot_file_id")?,
            })
        })
        .collect()
    }
}
