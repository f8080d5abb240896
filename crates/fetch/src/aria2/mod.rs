//! aria2: a supervised `aria2c` daemon ([`Aria2Daemon`]) and its JSON-RPC client
//! ([`Aria2`]): `addUri`, `tellStatus`, `remove`/`forceRemove`, `getGlobalStat`, and
//! [`Aria2::download`], which watches one download to the end.

mod daemon;
mod download;
mod error;
mod jsonrpc;
mod rpc;
mod spawn;
mod status;
mod supervise;

pub use daemon::{Aria2Config, Aria2Daemon};
pub use download::{Aria2Download, WatchOptions};
pub use error::Aria2Error;
pub use rpc::{AddOptions, Aria2, DaemonState};
pub use status::{DownloadStatus, FileEntry, GlobalStat, State};

/// The RPC secret; `Debug` never shows it.
pub(crate) struct Secret(pub(crate) String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
