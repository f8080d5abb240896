//! The contract cases, one module per concern, and the harness they run in.

mod choice;
mod counters;
pub mod harness;
mod limits;
mod permits;
mod sessions;
mod sessions_more;

pub use choice::*;
pub use counters::*;
pub use limits::*;
pub use permits::*;
pub use sessions::*;
pub use sessions_more::*;
