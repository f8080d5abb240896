//! StreamVault media toolkit (SPEC §6): ffprobe media information, screenshots, sample
//! clips, 7z store archives, single-pass triple hashing and PDQ perceptual hashes.
//!
//! Every external program runs through one [`process::Process`] wrapper (argument vector,
//! timeout, kill on drop, typed errors). Program paths come from [`tools::Tools`].

pub mod archive;
pub mod hashing;
pub mod pdq;
pub mod probe;
pub mod process;
pub mod sample;
pub mod screenshots;
pub mod size;
pub mod synth;
pub mod tools;

pub use archive::{create_store_archive, Archive, ArchiveError, ArchiveOptions};
pub use hashing::{
    copy_hashing_blocking, hash_file, hash_file_with, BackgroundHasher, Digests, Extra,
    HashingReader, TripleHasher,
};
pub use pdq::{pdq_of_image, PdqError, PdqFrame, PdqHash};
pub use probe::{probe, MediaProbe, ProbeError, Track, VideoStream};
pub use process::{Output, Process, ProcessError};
pub use sample::{sample, SampleError, SampleOptions, SamplePlan};
pub use screenshots::{screenshots, ScreenshotError, ScreenshotOptions, Shot};
pub use size::{parse_size, SizeError};
pub use tools::{doctor, install_hint, version, ToolStatus, Tools};
