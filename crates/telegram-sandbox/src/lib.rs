//! A simulated Telegram for StreamVault.
//!
//! One in-memory world, persisted under a directory (`world.json` written atomically,
//! file bytes stored once under `files/`), that
//! - serves the **Bot API over HTTP** ([`serve`]), so real teloxide code runs against it;
//! - implements the **worker port** ([`Sandbox::worker`]), so hive code runs against it;
//! - offers **drivers** to act as people ([`Sandbox::say`], [`Sandbox::press`],
//!   [`Sandbox::forward_to_bot`], [`Sandbox::post`]) and to inspect the world
//!   ([`Sandbox::messages`], [`Sandbox::accounts`], [`Sandbox::bots`]);
//! - enforces Telegram's limits with Telegram's own error texts ([`errors`]).

mod bot_api;
pub mod clock;
pub mod config;
pub mod control;
mod convert;
pub mod drivers;
pub mod errors;
mod files;
pub mod inspect;
mod limiter;
pub mod model;
pub mod persist;
pub mod post;
mod records;
mod sandbox;
mod seed;
pub mod serve;
mod setup;
pub mod views;
mod worker;
mod world_files;

pub use bot_api::router;
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Rate, Rates, SandboxConfig};
pub use control::{execute, run, Command, ControlError};
pub use drivers::DriverError;
pub use inspect::{AccountView, BotView, ButtonView, MediaView, MessageView, PeerView};
pub use post::Place;
pub use sandbox::{Sandbox, SandboxError, WORLD_FILE};
pub use serve::{banner, serve, ServeHandle, ServeInfo, SERVE_FILE};
pub use worker::SandboxWorker;
