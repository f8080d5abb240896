//! Telegram's limits, in one place.
//!
//! Every number here is a documented Telegram value unless its doc comment says otherwise.
//! Sources: the Bot API reference (core.telegram.org/bots/api), the Bot FAQ
//! (core.telegram.org/bots/faq), the MTProto file guide (core.telegram.org/api/files) and
//! the `upload.getFile` method page (core.telegram.org/method/upload.getFile).
//! Lengths of text are counted in Unicode characters, as the Bot API states them.

/// One kibibyte.
pub const KIB: u64 = 1024;
/// One mebibyte.
pub const MIB: u64 = 1024 * KIB;

/// Longest message text, in characters. Bot API `sendMessage`: "1-4096 characters".
pub const MAX_TEXT_CHARS: usize = 4096;
/// Longest media caption, in characters. Bot API `sendDocument`: "0-1024 characters".
pub const MAX_CAPTION_CHARS: usize = 1024;
/// Longest inline button `callback_data`, in bytes. Bot API `InlineKeyboardButton`: "1-64 bytes".
pub const MAX_CALLBACK_DATA_BYTES: usize = 64;
/// Longest deep-link `/start` payload, in characters of `[A-Za-z0-9_-]`
/// (Bot API, "Deep linking": "up to 64 characters").
pub const MAX_START_PAYLOAD_CHARS: usize = 64;
/// Fewest items in an album. Bot API `sendMediaGroup`: "must include 2-10 items".
pub const MIN_ALBUM_ITEMS: usize = 2;
/// Most items in an album. Bot API `sendMediaGroup`: "must include 2-10 items".
pub const MAX_ALBUM_ITEMS: usize = 10;

/// Largest file a bot may upload through the cloud Bot API: "up to 50 MB" (Bot API,
/// "Sending files"). Counted here as 50 MiB.
pub const BOT_API_MAX_UPLOAD_BYTES: u64 = 50 * MIB;
/// Largest file a bot may download with `getFile`: "up to 20MB" (Bot API `getFile`).
/// Counted here as 20 MiB.
pub const BOT_API_MAX_DOWNLOAD_BYTES: u64 = 20 * MIB;

/// Size of one upload part for user accounts: 512 KiB, the largest `part_size` the file
/// guide allows ("part_size % 1024 = 0 and 524288 % part_size = 0").
pub const UPLOAD_PART_BYTES: u64 = 512 * KIB;
/// Files larger than this are uploaded with `upload.saveBigFilePart` (file guide: "more than
/// 10 MB").
pub const BIG_FILE_THRESHOLD_BYTES: u64 = 10 * MIB;
/// Most upload parts of a normal account (file guide: "up to 4000 parts", i.e. 2 GB).
pub const MAX_UPLOAD_PARTS: u64 = 4000;
/// Most upload parts of a Premium account (file guide: 8000 parts, i.e. 4 GB).
pub const MAX_UPLOAD_PARTS_PREMIUM: u64 = 8000;
/// Largest upload of a normal account: 4000 parts of 512 KiB ("2 GB").
pub const MAX_UPLOAD_BYTES: u64 = MAX_UPLOAD_PARTS * UPLOAD_PART_BYTES;
/// Largest upload of a Premium account: 8000 parts of 512 KiB ("4 GB").
pub const MAX_UPLOAD_BYTES_PREMIUM: u64 = MAX_UPLOAD_PARTS_PREMIUM * UPLOAD_PART_BYTES;

/// `upload.getFile` without `precise`: offset and limit are multiples of 4 KiB.
pub const GET_FILE_ALIGNMENT: u64 = 4 * KIB;
/// `upload.getFile` with `precise`: offset and limit are multiples of 1 KiB.
pub const GET_FILE_PRECISE_ALIGNMENT: u64 = KIB;
/// `upload.getFile`: a request never crosses a 1 MiB boundary
/// (`offset / 1 MiB == (offset + limit - 1) / 1 MiB`), and without `precise`, 1 MiB is
/// divisible by `limit`.
pub const GET_FILE_WINDOW: u64 = MIB;
/// `upload.getFile`: largest `limit` (1 MiB).
pub const GET_FILE_MAX_LIMIT: u64 = MIB;
/// Largest chunk grammers 0.11 accepts in `DownloadIter::chunk_size` (its `MAX_CHUNK_SIZE`,
/// 512 KiB; not a Telegram limit).
pub const GRAMMERS_MAX_CHUNK: u64 = 512 * KIB;

/// Bot FAQ: "avoid sending more than one message per second in a particular chat"
/// (approximate; short bursts are tolerated).
pub const BOT_MESSAGES_PER_SECOND_PER_CHAT: u32 = 1;
/// Bot FAQ: "bots are not be able to send more than 20 messages per minute to the same group".
pub const BOT_MESSAGES_PER_MINUTE_PER_GROUP: u32 = 20;
/// Bot FAQ: "the API will not allow bulk notifications to more than ~30 users per second".
pub const BOT_MESSAGES_PER_SECOND_GLOBAL: u32 = 30;

/// Number of characters of a text, the way the limits above count them.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_sizes_match_documented_figures() {
        assert_eq!(MAX_UPLOAD_BYTES, 2_097_152_000);
        assert_eq!(MAX_UPLOAD_BYTES_PREMIUM, 4_194_304_000);
        assert_eq!(GET_FILE_WINDOW % GRAMMERS_MAX_CHUNK, 0);
        assert_eq!(char_len("héllo"), 5);
    }
}
