//! grammers errors → typed worker errors, and a retry policy that never sleeps through a
//! flood wait (the swarm, not the connection, decides what to do).

use crate::{RpcFailure, WorkerError};
use grammers_mtsender::{InvocationError, RetryContext, RetryPolicy, RpcError};
use std::ops::ControlFlow;
use std::time::Duration;

/// The typed error of a grammers invocation error.
pub fn map_invocation(e: InvocationError) -> WorkerError {
    match e {
        InvocationError::Rpc(rpc) => map_rpc(&rpc),
        InvocationError::Io(e) => WorkerError::Transport {
            reason: format!("i/o: {e}"),
        },
        InvocationError::Transport(e) => WorkerError::Transport {
            reason: format!("transport: {e}"),
        },
        InvocationError::Dropped(why) => WorkerError::Transport {
            reason: format!("request dropped: {why}"),
        },
        InvocationError::Deserialize(e) => WorkerError::Transport {
            reason: format!("bad answer: {e}"),
        },
        InvocationError::Authentication(e) => WorkerError::Transport {
            reason: format!("authentication: {e}"),
        },
        InvocationError::InvalidDc => WorkerError::Transport {
            reason: "unknown data center".into(),
        },
        InvocationError::Session(e) => WorkerError::Transport {
            reason: format!("session storage: {e}"),
        },
    }
}

/// The typed error of an RPC error (grammers already split `FLOOD_WAIT_31` into name and value).
pub fn map_rpc(rpc: &RpcError) -> WorkerError {
    WorkerError::from(RpcFailure {
        code: rpc.code,
        name: rpc.name.clone(),
        value: rpc.value,
    })
}

/// Retries a dropped connection twice after a short pause; never retries an RPC error,
/// so `FLOOD_WAIT_N` reaches the caller at once.
#[derive(Debug, Clone, Copy, Default)]
pub struct SwarmRetryPolicy;

/// Pause before retrying after an I/O error.
const IO_RETRY_PAUSE: Duration = Duration::from_millis(500);
/// Most attempts for one request after I/O errors.
const IO_RETRY_ATTEMPTS: u32 = 2;

impl RetryPolicy for SwarmRetryPolicy {
    fn should_retry(&self, ctx: &RetryContext) -> ControlFlow<(), Duration> {
        match ctx.error {
            InvocationError::Io(_) if ctx.fail_count.get() <= IO_RETRY_ATTEMPTS => {
                ControlFlow::Continue(IO_RETRY_PAUSE)
            }
            _ => ControlFlow::Break(()),
        }
    }
}

/// Checks a per-account proxy URL: grammers 0.11 supports only `socks5://host:port`.
pub fn check_proxy_url(url: &str) -> Result<(), WorkerError> {
    let rest = url
        .strip_prefix("socks5://")
        .ok_or_else(|| WorkerError::InvalidRequest {
            reason: format!("proxy {url:?}: only socks5:// is supported"),
        })?;
    let host_port = rest.rsplit('@').next().unwrap_or(rest);
    let port_ok = host_port
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if !port_ok {
        return Err(WorkerError::InvalidRequest {
            reason: format!("proxy {url:?}: host and port are required"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    fn rpc(code: i32, name: &str, value: Option<u32>) -> InvocationError {
        InvocationError::Rpc(RpcError {
            code,
            name: name.into(),
            value,
            caused_by: None,
        })
    }

    #[test]
    fn grammers_errors_map_to_typed_errors() {
        assert_eq!(
            map_invocation(rpc(420, "FLOOD_WAIT", Some(31))),
            WorkerError::FloodWait { seconds: 31 }
        );
        assert_eq!(
            map_invocation(rpc(420, "FLOOD_PREMIUM_WAIT", Some(5))),
            WorkerError::FloodWait { seconds: 5 }
        );
        assert_eq!(
            map_invocation(rpc(400, "PEER_ID_INVALID", None)),
            WorkerError::PeerUnknown
        );
        assert_eq!(
            map_invocation(rpc(400, "CHANNEL_INVALID", None)),
            WorkerError::PeerUnknown
        );
        assert_eq!(
            map_invocation(rpc(400, "FILE_REFERENCE_EXPIRED", None)),
            WorkerError::FileReferenceExpired
        );
        assert!(matches!(
            map_invocation(rpc(401, "AUTH_KEY_UNREGISTERED", None)),
            WorkerError::SessionDead { .. }
        ));
        assert!(matches!(
            map_invocation(rpc(401, "USER_DEACTIVATED_BAN", None)),
            WorkerError::SessionDead { .. }
        ));
        assert!(matches!(
            map_invocation(rpc(400, "FILE_PARTS_INVALID", None)),
            WorkerError::TooLarge { .. }
        ));
        assert!(matches!(
            map_invocation(rpc(500, "RPC_CALL_FAIL", None)),
            WorkerError::Transport { .. }
        ));
        assert_eq!(
            map_invocation(rpc(400, "MESSAGE_TOO_LONG", None)),
            WorkerError::InvalidRequest {
                reason: "MESSAGE_TOO_LONG".into()
            }
        );
        let io = InvocationError::Io(std::io::Error::other("reset"));
        assert!(matches!(map_invocation(io), WorkerError::Transport { .. }));
        assert!(matches!(
            map_invocation(InvocationError::Dropped("gone")),
            WorkerError::Transport { .. }
        ));
    }

    fn ctx(error: InvocationError, fails: u32) -> RetryContext {
        RetryContext {
            fail_count: NonZeroU32::new(fails).expect("non-zero"),
            slept_so_far: Duration::ZERO,
            error,
        }
    }

    #[test]
    fn retry_policy_never_sleeps_through_flood_waits() {
        let p = SwarmRetryPolicy;
        assert_eq!(
            p.should_retry(&ctx(rpc(420, "FLOOD_WAIT", Some(3)), 1)),
            ControlFlow::Break(())
        );
        assert_eq!(
            p.should_retry(&ctx(rpc(400, "PEER_ID_INVALID", None), 1)),
            ControlFlow::Break(())
        );
        let io = || InvocationError::Io(std::io::Error::other("reset"));
        assert_eq!(
            p.should_retry(&ctx(io(), 1)),
            ControlFlow::Continue(IO_RETRY_PAUSE)
        );
        assert_eq!(
            p.should_retry(&ctx(io(), 2)),
            ControlFlow::Continue(IO_RETRY_PAUSE)
        );
        assert_eq!(p.should_retry(&ctx(io(), 3)), ControlFlow::Break(()));
    }

    #[test]
    fn only_socks5_proxies() {
        assert!(check_proxy_url("socks5://127.0.0.1:1080").is_ok());
        assert!(check_proxy_url("socks5://user:pass@proxy.example:1080").is_ok());
        assert!(check_proxy_url("http://127.0.0.1:8080").is_err());
        assert!(check_proxy_url("socks5://127.0.0.1").is_err());
        assert!(check_proxy_url("socks5://:1080").is_err());
    }
}
