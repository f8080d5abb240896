//! Telegram's own error texts, each a named constant, and the sandbox's refusals.

use serde::Serialize;
use streamvault_telegram::RpcFailure;

/// Bot API error descriptions, word for word as the Bot API sends them.
pub mod bot_text {
    /// HTTP 401 for a wrong token.
    pub const UNAUTHORIZED: &str = "Unauthorized";
    /// HTTP 404 for an unknown method.
    pub const NOT_FOUND: &str = "Not Found";
    /// Text over 4096 characters.
    pub const MESSAGE_TOO_LONG: &str = "Bad Request: message is too long";
    /// Empty or missing text.
    pub const MESSAGE_TEXT_EMPTY: &str = "Bad Request: message text is empty";
    /// Caption over 1024 characters.
    pub const CAPTION_TOO_LONG: &str = "Bad Request: message caption is too long";
    /// `callback_data` empty or over 64 bytes.
    pub const BUTTON_DATA_INVALID: &str = "Bad Request: BUTTON_DATA_INVALID";
    /// `sendMediaGroup` with no items.
    pub const ALBUM_EMPTY: &str = "Bad Request: there are no messages to send";
    /// `sendMediaGroup` with more than 10 items.
    pub const ALBUM_TOO_MANY: &str = "Bad Request: too many messages to send as an album";
    /// HTTP 413: a multipart upload over 50 MB.
    pub const REQUEST_ENTITY_TOO_LARGE: &str = "Request Entity Too Large";
    /// `getFile` for a file over 20 MB.
    pub const FILE_TOO_BIG: &str = "Bad Request: file is too big";
    /// A `file_id` this bot does not own.
    pub const WRONG_FILE_ID: &str = "Bad Request: wrong file identifier/HTTP URL specified";
    /// Unknown, inaccessible or banned chat.
    pub const CHAT_NOT_FOUND: &str = "Bad Request: chat not found";
    /// HTTP 403: the user blocked the bot.
    pub const BLOCKED_BY_USER: &str = "Forbidden: bot was blocked by the user";
    /// HTTP 403: the user never wrote to the bot.
    pub const CANT_INITIATE: &str = "Forbidden: bot can't initiate conversation with a user";
    /// HTTP 403: the bot is not in the channel.
    pub const NOT_CHANNEL_MEMBER: &str = "Forbidden: bot is not a member of the channel chat";
    /// The bot is in the channel but not an admin.
    pub const NEED_ADMIN: &str = "Bad Request: need administrator rights in the channel chat";
    /// Editing a message that does not exist.
    pub const MESSAGE_TO_EDIT_NOT_FOUND: &str = "Bad Request: message to edit not found";
    /// Editing a message into the same content.
    pub const MESSAGE_NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
    /// `editMessageText` on a media message.
    pub const NO_TEXT_TO_EDIT: &str = "Bad Request: there is no text in the message to edit";
    /// `editMessageCaption` on a text message.
    pub const NO_CAPTION_TO_EDIT: &str = "Bad Request: there is no caption in the message to edit";
    /// Deleting a message that does not exist.
    pub const MESSAGE_TO_DELETE_NOT_FOUND: &str = "Bad Request: message to delete not found";
    /// Forwarding a message that does not exist.
    pub const MESSAGE_TO_FORWARD_NOT_FOUND: &str = "Bad Request: message to forward not found";
    /// Copying a message that does not exist.
    pub const MESSAGE_TO_COPY_NOT_FOUND: &str = "Bad Request: message to copy not found";
    /// Answering an unknown or already answered callback query.
    pub const QUERY_TOO_OLD: &str =
        "Bad Request: query is too old and response timeout expired or query ID is invalid";
    /// `getChatMember` for an unknown user.
    pub const USER_NOT_FOUND: &str = "Bad Request: user not found";
    /// HTTP 429 prefix; the full text is `Too Many Requests: retry after N`.
    pub const TOO_MANY_REQUESTS: &str = "Too Many Requests: retry after";
}

/// MTProto RPC error messages the sandbox returns to workers.
pub mod rpc_text {
    /// Text over 4096 characters.
    pub const MESSAGE_TOO_LONG: &str = "MESSAGE_TOO_LONG";
    /// Empty text without media.
    pub const MESSAGE_EMPTY: &str = "MESSAGE_EMPTY";
    /// Caption over 1024 characters.
    pub const MEDIA_CAPTION_TOO_LONG: &str = "MEDIA_CAPTION_TOO_LONG";
    /// Bad `callback_data`.
    pub const BUTTON_DATA_INVALID: &str = "BUTTON_DATA_INVALID";
    /// Album over 10 items.
    pub const MULTI_MEDIA_TOO_LONG: &str = "MULTI_MEDIA_TOO_LONG";
    /// Album without items.
    pub const MEDIA_EMPTY: &str = "MEDIA_EMPTY";
    /// More parts than the account may upload, or a size that does not match the parts.
    pub const FILE_PARTS_INVALID: &str = "FILE_PARTS_INVALID";
    /// An upload id that was never uploaded.
    pub const FILE_PART_MISSING: &str = "FILE_PART_0_MISSING";
    /// `getFile` limit breaks the rules.
    pub const LIMIT_INVALID: &str = "LIMIT_INVALID";
    /// `getFile` offset breaks the rules.
    pub const OFFSET_INVALID: &str = "OFFSET_INVALID";
    /// The session has no access hash for the peer.
    pub const PEER_ID_INVALID: &str = "PEER_ID_INVALID";
    /// The channel is banned or the account is not in it.
    pub const CHANNEL_PRIVATE: &str = "CHANNEL_PRIVATE";
    /// The file reference expired.
    pub const FILE_REFERENCE_EXPIRED: &str = "FILE_REFERENCE_EXPIRED";
    /// The account is banned (code 401).
    pub const USER_DEACTIVATED_BAN: &str = "USER_DEACTIVATED_BAN";
    /// The account may not post in the channel (code 403).
    pub const CHAT_WRITE_FORBIDDEN: &str = "CHAT_WRITE_FORBIDDEN";
    /// Unknown message id.
    pub const MESSAGE_ID_INVALID: &str = "MESSAGE_ID_INVALID";
    /// A media reference with a wrong id or access hash.
    pub const MEDIA_INVALID: &str = "MEDIA_INVALID";
    /// A download location with a wrong id or access hash.
    pub const LOCATION_INVALID: &str = "LOCATION_INVALID";
    /// Flood wait prefix; the full message is `FLOOD_WAIT_N` (code 420).
    pub const FLOOD_WAIT: &str = "FLOOD_WAIT";
}

/// A Bot API error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BotApiError {
    /// HTTP status and `error_code`.
    pub code: u16,
    /// `description`.
    pub description: String,
    /// `parameters.retry_after` for 429.
    pub retry_after: Option<u32>,
}

impl BotApiError {
    /// An error with a fixed description.
    pub fn new(code: u16, description: &str) -> Self {
        Self {
            code,
            description: description.to_owned(),
            retry_after: None,
        }
    }

    /// `400 Bad Request: <what>` for a malformed parameter.
    pub fn bad_request(what: &str) -> Self {
        Self {
            code: 400,
            description: format!("Bad Request: {what}"),
            retry_after: None,
        }
    }

    /// HTTP 429 with `retry_after`.
    pub fn flood(seconds: u32) -> Self {
        Self {
            code: 429,
            description: format!("{} {seconds}", bot_text::TOO_MANY_REQUESTS),
            retry_after: Some(seconds),
        }
    }
}

/// A worker request refused with an MTProto RPC error.
pub fn rpc(code: i32, message: &str) -> RpcFailure {
    RpcFailure::parse(code, message)
}

/// `FLOOD_WAIT_N` (code 420).
pub fn rpc_flood(seconds: u32) -> RpcFailure {
    RpcFailure::parse(420, &format!("{}_{seconds}", rpc_text::FLOOD_WAIT))
}
