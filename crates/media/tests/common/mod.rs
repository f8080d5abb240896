//! Shared helpers for the integration tests: tool checks and generated media.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use streamvault_media::synth::{generate, SynthSpec};
use streamvault_media::Tools;

/// Whether `tool` is on PATH. When it is missing the test is skipped with a message,
/// except under `CI=true`, where it fails.
pub fn require(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
        .unwrap_or(false);
    if !found {
        let hint = streamvault_media::install_hint(tool);
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required under CI=true; install it with: {hint}");
        }
        eprintln!("SKIPPED: {tool} is not installed ({hint})");
    }
    found
}

/// Whether all of `tools` are present (see [`require`]).
pub fn require_all(tools: &[&str]) -> bool {
    tools.iter().all(|t| require(t))
}

/// Generates `dir/name` from `spec`.
pub async fn media(dir: &Path, name: &str, spec: SynthSpec) -> PathBuf {
    let path = dir.join(name);
    generate(&Tools::default(), &path, &spec)
        .await
        .unwrap_or_else(|e| panic!("generating {name}: {e}"));
    path
}

/// A video of `seconds` with one English audio track.
pub async fn video(dir: &Path, name: &str, seconds: f64) -> PathBuf {
    let spec = SynthSpec {
        seconds,
        ..SynthSpec::default()
    };
    media(dir, name, spec).await
}

/// Deterministic pseudo-random bytes (xorshift), incompressible.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.truncate(len);
    out
}
