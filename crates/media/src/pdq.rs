//! PDQ perceptual hashes of frames (Meta's 256-bit image hash) and Hamming-distance
//! matching against the blocklist (SPEC §6).
//!
//! Hashing uses the `pdqhash` crate (pure Rust, bit-compatible with the reference
//! implementation on the same pixels; last released 2021, small and self-contained).
//! Frames are decoded by ffmpeg (any image or video format) to RGB, scaled down to at
//! most 512×512 as the reference does, and handed to the crate. Two hashes match when
//! their Hamming distance is at most the threshold, [`DEFAULT_THRESHOLD`] = 31 as PDQ
//! recommends.

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use streamvault_store::blocklist::BlockEntry;

use crate::hashing::hex;
use crate::process::{Process, ProcessError};
use crate::tools::{ff_path, Tools};

/// PDQ's recommended match threshold (Hamming distance over 256 bits).
pub const DEFAULT_THRESHOLD: u32 = 31;
/// Below this quality (0..=100) PDQ's authors consider a hash too weak to match on
/// (flat or nearly blank frames).
pub const MIN_USEFUL_QUALITY: f32 = 50.0;

/// Why hashing a frame failed.
#[derive(Debug, thiserror::Error)]
pub enum PdqError {
    /// ffmpeg could not decode the input.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// ffmpeg's picture output was not the expected PPM.
    #[error("unexpected frame data from ffmpeg: {0}")]
    BadFrame(String),
    /// The image is smaller than PDQ can hash (5×5).
    #[error("image {width}x{height} is too small to hash")]
    TooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// A hash in hex was not 64 hex digits.
    #[error("a PDQ hash is 64 hex digits, got {0:?}")]
    BadHex(String),
}

/// A 256-bit PDQ hash; its text form is 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct PdqHash(pub [u8; 32]);

impl PdqHash {
    /// Number of differing bits.
    pub fn distance(&self, other: &PdqHash) -> u32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }

    /// Whether `other` is within `threshold` bits.
    pub fn matches(&self, other: &PdqHash, threshold: u32) -> bool {
        self.distance(other) <= threshold
    }
}

impl fmt::Display for PdqHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

impl fmt::Debug for PdqHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PdqHash({self})")
    }
}

impl FromStr for PdqHash {
    type Err = PdqError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || PdqError::BadHex(s.to_owned());
        if t.len() != 64 || !t.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&t[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(PdqHash(out))
    }
}

impl From<PdqHash> for String {
    fn from(h: PdqHash) -> String {
        h.to_string()
    }
}

impl TryFrom<String> for PdqHash {
    type Error = PdqError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A frame's hash and PDQ quality (0..=100; see [`MIN_USEFUL_QUALITY`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PdqFrame {
    /// The hash.
    pub hash: PdqHash,
    /// PDQ's quality metric.
    pub quality: f32,
}

/// Hashes packed RGB pixels (`width * height * 3` bytes).
pub fn pdq_from_rgb(width: u32, height: u32, rgb: Vec<u8>) -> Result<PdqFrame, PdqError> {
    use pdqhash::image::{DynamicImage, RgbImage};
    let image = RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| PdqError::BadFrame(format!("{width}x{height} RGB needs more bytes")))?;
    let (hash, quality) = pdqhash::generate_pdq(&DynamicImage::ImageRgb8(image))
        .ok_or(PdqError::TooSmall { width, height })?;
    Ok(PdqFrame {
        hash: PdqHash(hash),
        quality: quality * 100.0,
    })
}

/// Hashes an image file (or a video's first frame) decoded by ffmpeg.
pub async fn pdq_of_image(tools: &Tools, path: &Path) -> Result<PdqFrame, PdqError> {
    let out = Process::new(&tools.ffmpeg)
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-i"])
        .arg(ff_path(path))
        .args(["-frames:v", "1", "-an", "-sn", "-dn"])
        .args(["-vf", "scale='min(iw,512)':'min(ih,512)':flags=area"])
        .args(["-pix_fmt", "rgb24", "-c:v", "ppm", "-f", "image2pipe", "-"])
        .timeout(Duration::from_secs(60))
        .stdout_limit(4 << 20)
        .output()
        .await?;
    let (width, height, pixels) = parse_ppm(out.stdout)?;
    pdq_from_rgb(width, height, pixels)
}

/// Splits ffmpeg's binary PPM (`P6 W H 255` + RGB bytes) into its size and pixels.
fn parse_ppm(mut data: Vec<u8>) -> Result<(u32, u32, Vec<u8>), PdqError> {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while data.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let start = pos;
        while data.get(pos).is_some_and(|b| !b.is_ascii_whitespace()) {
            pos += 1;
        }
        if start == pos || pos - start > 10 {
            return Err(PdqError::BadFrame("truncated PPM header".into()));
        }
        fields.push(String::from_utf8_lossy(&data[start..pos]).into_owned());
        pos += 1; // the single whitespace after each field
    }
    let num = |s: &str| {
        s.parse::<u32>()
            .map_err(|_| PdqError::BadFrame(format!("bad PPM field {s:?}")))
    };
    if fields[0] != "P6" || fields[3] != "255" {
        return Err(PdqError::BadFrame(format!(
            "not an 8-bit P6 PPM: {fields:?}"
        )));
    }
    let (width, height) = (num(&fields[1])?, num(&fields[2])?);
    let need = width as usize * height as usize * 3;
    let pixels = data.split_off(pos.min(data.len()));
    if pixels.len() != need {
        return Err(PdqError::BadFrame(format!(
            "{width}x{height} PPM with {} bytes",
            pixels.len()
        )));
    }
    Ok((width, height, pixels))
}

/// The closest PDQ blocklist entry within `threshold` bits, with its distance.
/// Entries whose value is not a valid hash are skipped.
pub fn match_blocklist<'a>(
    hash: &PdqHash,
    entries: &'a [BlockEntry],
    threshold: u32,
) -> Option<(&'a BlockEntry, u32)> {
    entries
        .iter()
        .filter_map(|e| Some((e, hash.distance(&e.entry.value.parse().ok()?))))
        .filter(|(_, d)| *d <= threshold)
        .min_by_key(|(_, d)| *d)
}

#[cfg(test)]
mod tests;
