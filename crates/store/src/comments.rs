//! Site comments (moderated; stored only in the database).

use crate::{StoreResult, UnixTime};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use streamvault_core::{ContentId, TelegramUserId};

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Database id.
    pub id: i64,
    /// The content commented on.
    pub content_id: ContentId,
    /// The author.
    pub user_id: TelegramUserId,
    /// Text (already through the word filter).
    pub body: String,
    /// Hidden by an admin.
    pub hidden: bool,
    /// When posted.
    pub created_at: UnixTime,
}

/// Storage of comments.
#[async_trait]
pub trait CommentStore {
    /// Stores a comment.
    async fn add_comment(
        &self,
        content: ContentId,
        user: TelegramUserId,
        body: &str,
        now: UnixTime,
    ) -> StoreResult<Comment>;
    /// A comment by id (hidden ones too, for moderation).
    async fn get_comment(&self, id: i64) -> StoreResult<Option<Comment>>;
    /// Visible comments of a content, newest first, with ids below `before`, at most `limit`.
    async fn list_comments(
        &self,
        content: ContentId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Comment>>;
    /// Hides or shows a comment; false when absent.
    async fn set_comment_hidden(&self, id: i64, hidden: bool) -> StoreResult<bool>;
    /// Deletes a comment; false when absent.
    async fn delete_comment(&self, id: i64) -> StoreResult<bool>;
}
