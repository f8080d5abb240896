//! Typed errors of the worker port and the mapping from MTProto RPC errors.

use serde::{Deserialize, Serialize};

/// What a worker operation can fail with. Callers decide retry-or-drop from the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum WorkerError {
    /// The account must wait before this kind of request (`FLOOD_WAIT_N`,
    /// `FLOOD_PREMIUM_WAIT_N`, `SLOWMODE_WAIT_N`). The adapter never sleeps through it.
    #[error("flood wait: retry after {seconds} s")]
    FloodWait {
        /// Seconds to wait.
        seconds: u32,
    },
    /// The session holds no access hash for the peer (`PEER_ID_INVALID`, `CHANNEL_INVALID`,
    /// `CHAT_ID_INVALID`): it has to see the channel first (dialogs, an update, `/health`).
    #[error("peer unknown to this session (PEER_ID_INVALID / CHANNEL_INVALID)")]
    PeerUnknown,
    /// The file reference of a stored media expired: refetch its message and retry once.
    #[error("file reference expired")]
    FileReferenceExpired,
    /// The session can no longer be used (deauthorized, revoked, banned account).
    #[error("session dead: {reason}")]
    SessionDead {
        /// The RPC error name or a description.
        reason: String,
    },
    /// A file is too large for this account or request.
    #[error("too large: {reason}")]
    TooLarge {
        /// What was too large.
        reason: String,
    },
    /// Telegram refused the request (a bad parameter, a limit, a missing right).
    #[error("invalid request: {reason}")]
    InvalidRequest {
        /// The RPC error name (with its number, if any) or a description.
        reason: String,
    },
    /// The connection failed or the server had an internal error; retrying may succeed.
    #[error("transport: {reason}")]
    Transport {
        /// A description of the failure.
        reason: String,
    },
}

/// An MTProto RPC error as Telegram sends it: a code and a message like `FLOOD_WAIT_31`,
/// split into a name (`FLOOD_WAIT`) and its number (`31`) the way grammers splits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpcFailure {
    /// The error code (303, 400, 401, 403, 406, 420, 500, ...).
    pub code: i32,
    /// The message without its number, e.g. `FLOOD_WAIT`.
    pub name: String,
    /// The number embedded in the message, e.g. `31` in `FLOOD_WAIT_31`.
    pub value: Option<u32>,
}

impl RpcFailure {
    /// Splits a raw message such as `FLOOD_WAIT_31` or `FILE_REFERENCE_0_EXPIRED`.
    pub fn parse(code: i32, message: &str) -> Self {
        let number = message
            .split(|c: char| !c.is_ascii_digit())
            .find_map(|part| part.parse::<u32>().ok().map(|value| (part, value)));
        match number {
            Some((digits, value)) => Self {
                code,
                name: message.replacen(&format!("_{digits}"), "", 1),
                value: Some(value),
            },
            None => Self {
                code,
                name: message.to_owned(),
                value: None,
            },
        }
    }

    /// The message as Telegram wrote it (`FLOOD_WAIT_31`), for logs and reasons.
    pub fn message(&self) -> String {
        match (self.value, self.name.strip_suffix("_EXPIRED")) {
            (Some(v), Some(head)) if head.starts_with("FILE_REFERENCE") => {
                format!("{head}_{v}_EXPIRED")
            }
            (Some(v), _) => format!("{}_{v}", self.name),
            (None, _) => self.name.clone(),
        }
    }
}

/// RPC error names that mean the session is gone for good.
const SESSION_DEAD_NAMES: &[&str] = &[
    "AUTH_KEY_UNREGISTERED",
    "AUTH_KEY_INVALID",
    "AUTH_KEY_PERM_EMPTY",
    "AUTH_KEY_DUPLICATED",
    "SESSION_REVOKED",
    "SESSION_EXPIRED",
    "USER_DEACTIVATED",
    "USER_DEACTIVATED_BAN",
];

/// RPC error names that mean the session lacks the peer's access hash.
const PEER_UNKNOWN_NAMES: &[&str] = &["PEER_ID_INVALID", "CHANNEL_INVALID", "CHAT_ID_INVALID"];

/// RPC error names that mean a file is too large for the account.
const TOO_LARGE_NAMES: &[&str] = &["FILE_PARTS_INVALID", "FILE_PART_TOO_BIG", "FILE_TOO_BIG"];

impl From<RpcFailure> for WorkerError {
    fn from(rpc: RpcFailure) -> Self {
        let name = rpc.name.as_str();
        if rpc.code == 420 || matches!(name, "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT")
        {
            return WorkerError::FloodWait {
                seconds: rpc.value.unwrap_or(1),
            };
        }
        if PEER_UNKNOWN_NAMES.contains(&name) {
            return WorkerError::PeerUnknown;
        }
        if name.starts_with("FILE_REFERENCE") && name.ends_with("_EXPIRED") {
            return WorkerError::FileReferenceExpired;
        }
        if rpc.code == 401 || SESSION_DEAD_NAMES.contains(&name) {
            return WorkerError::SessionDead {
                reason: rpc.message(),
            };
        }
        if TOO_LARGE_NAMES.contains(&name) {
            return WorkerError::TooLarge {
                reason: rpc.message(),
            };
        }
        if rpc.code >= 500 || rpc.code < 0 || rpc.code == 303 {
            return WorkerError::Transport {
                reason: format!("{} {}", rpc.code, rpc.message()),
            };
        }
        WorkerError::InvalidRequest {
            reason: rpc.message(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(code: i32, message: &str) -> WorkerError {
        RpcFailure::parse(code, message).into()
    }

    #[test]
    fn parses_like_grammers() {
        let f = RpcFailure::parse(420, "FLOOD_WAIT_31");
        assert_eq!((f.name.as_str(), f.value), ("FLOOD_WAIT", Some(31)));
        let f = RpcFailure::parse(400, "FILE_REFERENCE_0_EXPIRED");
        assert_eq!(
            (f.name.as_str(), f.value),
            ("FILE_REFERENCE_EXPIRED", Some(0))
        );
        assert_eq!(f.message(), "FILE_REFERENCE_0_EXPIRED");
        let f = RpcFailure::parse(400, "PEER_ID_INVALID");
        assert_eq!((f.name.as_str(), f.value), ("PEER_ID_INVALID", None));
        assert_eq!(
            RpcFailure::parse(420, "FLOOD_WAIT_31").message(),
            "FLOOD_WAIT_31"
        );
    }

    #[test]
    fn maps_rpc_errors_to_typed_errors() {
        assert_eq!(
            map(420, "FLOOD_WAIT_31"),
            WorkerError::FloodWait { seconds: 31 }
        );
        assert_eq!(
            map(420, "FLOOD_PREMIUM_WAIT_7"),
            WorkerError::FloodWait { seconds: 7 }
        );
        assert_eq!(
            map(400, "SLOWMODE_WAIT_10"),
            WorkerError::FloodWait { seconds: 10 }
        );
        assert_eq!(map(400, "PEER_ID_INVALID"), WorkerError::PeerUnknown);
        assert_eq!(map(400, "CHANNEL_INVALID"), WorkerError::PeerUnknown);
        assert_eq!(
            map(400, "FILE_REFERENCE_EXPIRED"),
            WorkerError::FileReferenceExpired
        );
        assert_eq!(
            map(400, "FILE_REFERENCE_3_EXPIRED"),
            WorkerError::FileReferenceExpired
        );
        assert!(matches!(
            map(401, "AUTH_KEY_UNREGISTERED"),
            WorkerError::SessionDead { .. }
        ));
        assert!(matches!(
            map(401, "SESSION_REVOKED"),
            WorkerError::SessionDead { .. }
        ));
        assert!(matches!(
            map(401, "USER_DEACTIVATED_BAN"),
            WorkerError::SessionDead { .. }
        ));
        assert!(matches!(
            map(406, "AUTH_KEY_DUPLICATED"),
            WorkerError::SessionDead { .. }
        ));
        assert_eq!(
            map(400, "FILE_PARTS_INVALID"),
            WorkerError::TooLarge {
                reason: "FILE_PARTS_INVALID".into()
            }
        );
        assert!(matches!(
            map(500, "INTERNAL"),
            WorkerError::Transport { .. }
        ));
        assert!(matches!(
            map(-503, "Timeout"),
            WorkerError::Transport { .. }
        ));
        assert!(matches!(
            map(303, "FILE_MIGRATE_4"),
            WorkerError::Transport { .. }
        ));
        assert_eq!(
            map(400, "MESSAGE_TOO_LONG"),
            WorkerError::InvalidRequest {
                reason: "MESSAGE_TOO_LONG".into()
            }
        );
        assert_eq!(
            map(400, "CHANNEL_PRIVATE"),
            WorkerError::InvalidRequest {
                reason: "CHANNEL_PRIVATE".into()
            }
        );
    }
}
