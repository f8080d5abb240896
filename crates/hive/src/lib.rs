//! The StreamVault worker hive (SPEC.md §8): worker sessions taking durable jobs.
//!
//! A [`HiveRunner`] drives the worker sessions of one process. It claims jobs from the
//! store's lease-based queue while it has capacity, and runs each step of a job on the
//! least-busy eligible session chosen through the coordinator. A step that meets a
//! FloodWait cools its session down (seen by every process sharing the coordinator) and
//! goes, with its checkpoint, to another session at once; a dead session leaves the
//! rotation. Leases are renewed while a job runs and expired ones are reclaimed, so the
//! jobs of a crashed process run again elsewhere. Heavy work takes per-host permits.
//!
//! Job kinds plug in through [`JobHandler`]. The [`bench`] module is the swarm
//! benchmark (`streamvault bench swarm`) built on the same runner.

pub mod bench;
mod config;
mod context;
mod error;
mod handler;
mod heavy;
mod job_run;
mod lease;
pub mod policy;
mod runner;
mod session;
mod shutdown;
mod stats;

pub use config::{Backoff, HiveConfig};
pub use context::JobContext;
pub use error::{HiveError, StepError};
pub use handler::JobHandler;
pub use heavy::HeavyGuard;
pub use runner::HiveRunner;
pub use session::WorkerSession;
pub use shutdown::{shutdown_channel, Shutdown, ShutdownTrigger};
pub use stats::{HiveStats, StatsSnapshot};
