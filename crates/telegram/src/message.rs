//! Outgoing messages, inline keyboards, and the checks of their documented limits.

use crate::limits::{
    char_len, MAX_ALBUM_ITEMS, MAX_CALLBACK_DATA_BYTES, MAX_CAPTION_CHARS, MAX_TEXT_CHARS,
    MIN_ALBUM_ITEMS,
};
use crate::types::{MediaRef, UploadedFile};
use serde::{Deserialize, Serialize};

/// What pressing an inline button does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonAction {
    /// Sends this `callback_data` to the bot (1–64 bytes).
    Callback(String),
    /// Opens a URL.
    Url(String),
}

/// One inline button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineButton {
    /// Label.
    pub text: String,
    /// What it does.
    pub action: ButtonAction,
}

/// An inline keyboard: rows of buttons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InlineKeyboard {
    /// The rows.
    pub rows: Vec<Vec<InlineButton>>,
}

/// How an uploaded file is presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadAs {
    /// A compressed photo.
    Photo,
    /// A document with a MIME type.
    Document {
        /// MIME type.
        mime_type: String,
    },
    /// A streamable video.
    Video {
        /// MIME type.
        mime_type: String,
        /// Duration in seconds.
        duration_secs: u32,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// Media attached to an outgoing message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutgoingMedia {
    /// A file just uploaded through the port.
    Uploaded {
        /// The uploaded file.
        file: UploadedFile,
        /// How to present it.
        as_: UploadAs,
    },
    /// Media already in Telegram, sent again without uploading.
    Stored(MediaRef),
}

/// A message to send: text (or caption when media is attached), media, keyboard.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// Text, or the caption of the media.
    pub text: String,
    /// Attached media.
    pub media: Option<OutgoingMedia>,
    /// Inline keyboard.
    pub reply_markup: Option<InlineKeyboard>,
}

impl OutgoingMessage {
    /// A text message.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A media message with a caption.
    pub fn media(media: OutgoingMedia, caption: impl Into<String>) -> Self {
        Self {
            text: caption.into(),
            media: Some(media),
            reply_markup: None,
        }
    }

    /// Adds an inline keyboard.
    pub fn with_markup(mut self, keyboard: InlineKeyboard) -> Self {
        self.reply_markup = Some(keyboard);
        self
    }
}

/// One item of an album.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumItem {
    /// The media.
    pub media: OutgoingMedia,
    /// Its caption.
    pub caption: String,
}

/// Whether a forward names the original author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForwardMode {
    /// A normal forward ("Forwarded from …").
    KeepAuthor,
    /// A copy without author (`drop_author`), still without uploading the file.
    DropAuthor,
}

/// A documented limit that a message breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitViolation {
    /// Text is empty.
    #[error("message text is empty")]
    TextEmpty,
    /// Text longer than 4096 characters.
    #[error("message is too long")]
    TextTooLong,
    /// Caption longer than 1024 characters.
    #[error("message caption is too long")]
    CaptionTooLong,
    /// `callback_data` empty or longer than 64 bytes.
    #[error("callback_data must be 1-64 bytes")]
    CallbackData,
    /// Album with fewer than 2 or more than 10 items.
    #[error("an album must have 2-10 items")]
    AlbumSize,
}

/// Checks a text message (1–4096 characters).
pub fn check_text(text: &str) -> Result<(), LimitViolation> {
    match char_len(text) {
        0 => Err(LimitViolation::TextEmpty),
        n if n > MAX_TEXT_CHARS => Err(LimitViolation::TextTooLong),
        _ => Ok(()),
    }
}

/// Checks a caption (0–1024 characters).
pub fn check_caption(caption: &str) -> Result<(), LimitViolation> {
    if char_len(caption) > MAX_CAPTION_CHARS {
        return Err(LimitViolation::CaptionTooLong);
    }
    Ok(())
}

/// Checks every callback button of a keyboard (1–64 bytes of data).
pub fn check_keyboard(keyboard: &InlineKeyboard) -> Result<(), LimitViolation> {
    let bad = keyboard.rows.iter().flatten().any(|b| match &b.action {
        ButtonAction::Callback(data) => data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES,
        ButtonAction::Url(_) => false,
    });
    if bad {
        return Err(LimitViolation::CallbackData);
    }
    Ok(())
}

/// Checks an album's size (2–10 items).
pub fn check_album_len(items: usize) -> Result<(), LimitViolation> {
    if !(MIN_ALBUM_ITEMS..=MAX_ALBUM_ITEMS).contains(&items) {
        return Err(LimitViolation::AlbumSize);
    }
    Ok(())
}

/// Checks an outgoing message: caption rules with media, text rules without, and keyboard.
pub fn check_message(message: &OutgoingMessage) -> Result<(), LimitViolation> {
    if message.media.is_some() {
        check_caption(&message.text)?;
    } else {
        check_text(&message.text)?;
    }
    message.reply_markup.as_ref().map_or(Ok(()), check_keyboard)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(data: &str) -> InlineKeyboard {
        InlineKeyboard {
            rows: vec![vec![InlineButton {
                text: "b".into(),
                action: ButtonAction::Callback(data.into()),
            }]],
        }
    }

    #[test]
    fn limits_at_their_edges() {
        assert_eq!(check_text(&"a".repeat(4096)), Ok(()));
        assert_eq!(
            check_text(&"é".repeat(4097)),
            Err(LimitViolation::TextTooLong)
        );
        assert_eq!(check_text(""), Err(LimitViolation::TextEmpty));
        assert_eq!(check_caption(&"a".repeat(1024)), Ok(()));
        assert_eq!(
            check_caption(&"a".repeat(1025)),
            Err(LimitViolation::CaptionTooLong)
        );
        assert_eq!(check_keyboard(&button(&"x".repeat(64))), Ok(()));
        assert_eq!(
            check_keyboard(&button(&"x".repeat(65))),
            Err(LimitViolation::CallbackData)
        );
        assert_eq!(
            check_keyboard(&button("")),
            Err(LimitViolation::CallbackData)
        );
        assert_eq!(check_album_len(1), Err(LimitViolation::AlbumSize));
        assert_eq!(check_album_len(2), Ok(()));
        assert_eq!(check_album_len(10), Ok(()));
        assert_eq!(check_album_len(11), Err(LimitViolation::AlbumSize));
    }
}
