//! Sandbox settings: rates and expiries, with documented defaults.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use streamvault_telegram::limits::{
    BOT_MESSAGES_PER_MINUTE_PER_GROUP, BOT_MESSAGES_PER_SECOND_GLOBAL,
    BOT_MESSAGES_PER_SECOND_PER_CHAT,
};

/// A token bucket: up to `burst` sends at once, then one more every `interval_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    /// Sends allowed back to back.
    pub burst: u32,
    /// Milliseconds to earn one more send.
    pub interval_ms: u64,
}

/// Rate limits the sandbox enforces (FLOOD_WAIT / HTTP 429 beyond them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    /// A bot sending to one private chat. Default: 1 per second (Bot FAQ) with a burst of
    /// 10 (the FAQ tolerates "short bursts" without a number; 10 is the sandbox's choice).
    pub bot_per_private_chat: Rate,
    /// A bot sending to one channel or group. Default: 20 per minute (Bot FAQ), burst 20.
    pub bot_per_channel: Rate,
    /// A bot sending anywhere. Default: 30 per second (Bot FAQ), burst 30.
    pub bot_global: Rate,
    /// A user account sending or forwarding. Telegram publishes no figure; the sandbox
    /// default is a burst of 30, then 1 per second.
    pub account_sends: Rate,
}

impl Default for Rates {
    fn default() -> Self {
        Self {
            bot_per_private_chat: Rate {
                burst: 10,
                interval_ms: 1000 / u64::from(BOT_MESSAGES_PER_SECOND_PER_CHAT),
            },
            bot_per_channel: Rate {
                burst: BOT_MESSAGES_PER_MINUTE_PER_GROUP,
                interval_ms: 60_000 / u64::from(BOT_MESSAGES_PER_MINUTE_PER_GROUP),
            },
            bot_global: Rate {
                burst: BOT_MESSAGES_PER_SECOND_GLOBAL,
                interval_ms: 1000 / u64::from(BOT_MESSAGES_PER_SECOND_GLOBAL),
            },
            account_sends: Rate {
                burst: 30,
                interval_ms: 1000,
            },
        }
    }
}

/// Settings of one sandbox process (not persisted: each `open` passes its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Rate limits.
    pub rates: Rates,
    /// How long a worker's file reference stays valid. Telegram does not publish it;
    /// default 1 hour.
    pub file_reference_ttl: Duration,
    /// Longest `getUpdates` long poll honoured (the Bot API caps `timeout` at 50 s).
    pub max_long_poll: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            rates: Rates::default(),
            file_reference_ttl: Duration::from_secs(3600),
            max_long_poll: Duration::from_secs(50),
        }
    }
}
