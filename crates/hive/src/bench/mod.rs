//! The swarm benchmark (`streamvault bench swarm`): sandbox worker sessions run short
//! simulated tasks through the real [`crate::HiveRunner`], with FloodWaits injected and
//! heavy permits taken by a share of the tasks, in one process or in several child
//! processes sharing Redis and the database. Every task records its effect once (an
//! audit entry naming its job), so lost tasks and duplicate effects are counted from the
//! database, not from the runners' own claims.
//!
//! Binary wiring: `bench swarm` calls [`run_swarm`] with a [`ChildProgram`] naming the
//! binary itself and a hidden subcommand, which calls [`swarm_child_main`].

mod member;
mod options;
mod parent;
mod process;
mod report;
mod task;
mod tasks;

pub use member::{run_member, MemberReport, MemberSpec};
pub use options::{ChildProgram, SwarmOptions};
pub use parent::run_swarm;
pub use process::{swarm_child_main, MemberProcess};
pub use report::{tally, SwarmReport, Tally};
pub use tasks::{enqueue_tasks, open_store, record_effect, TASK_KIND};

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The options do not make sense (e.g. several processes without Redis).
    #[error("invalid options: {0}")]
    Options(String),
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(String),
    /// A store operation failed.
    #[error("store: {0}")]
    Store(#[from] streamvault_store::StoreError),
    /// The coordinator failed.
    #[error("coordinator: {0}")]
    Coord(#[from] streamvault_coord::CoordError),
    /// The sandbox could not be set up.
    #[error("sandbox: {0}")]
    Sandbox(String),
    /// The runner refused to start.
    #[error("hive: {0}")]
    Hive(#[from] crate::HiveError),
    /// A child process could not be started or talked to, or failed.
    #[error("child process: {0}")]
    Child(String),
    /// Local I/O failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}
