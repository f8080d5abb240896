//! Ranged-download arithmetic: which `upload.getFile` requests fetch a byte range.
//!
//! `upload.getFile` (without `precise`) wants `offset` and `limit` divisible by 4 KiB,
//! 1 MiB divisible by `limit`, and the request inside one 1 MiB window. The planner uses one
//! power-of-two chunk size and offsets that are multiples of it, which satisfies all three.

use crate::limits::{
    GET_FILE_ALIGNMENT, GET_FILE_MAX_LIMIT, GET_FILE_PRECISE_ALIGNMENT, GET_FILE_WINDOW,
};
use serde::{Deserialize, Serialize};

/// Why a range or a request is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The range is empty or ends before it starts.
    #[error("empty range {start}..={end}")]
    Empty {
        /// First byte.
        start: u64,
        /// Last byte.
        end: u64,
    },
    /// The range starts at or past the end of the file.
    #[error("range starts at {start}, the file has {size} bytes")]
    Unsatisfiable {
        /// First byte asked.
        start: u64,
        /// File size.
        size: u64,
    },
    /// The chunk size is not a power of two between 4 KiB and 1 MiB.
    #[error("chunk size {0} is not a power of two in 4 KiB..=1 MiB")]
    BadChunkSize(u64),
}

/// An inclusive byte range, as in HTTP `Range: bytes=start-end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// Last byte (inclusive).
    pub end: u64,
}

impl ByteRange {
    /// A range of `start..=end`; fails when `end < start`.
    pub fn new(start: u64, end: u64) -> Result<Self, RangeError> {
        if end < start {
            return Err(RangeError::Empty { start, end });
        }
        Ok(Self { start, end })
    }

    /// The whole of a file of `size` bytes; fails for an empty file.
    pub fn whole(size: u64) -> Result<Self, RangeError> {
        match size.checked_sub(1) {
            Some(end) => Ok(Self { start: 0, end }),
            None => Err(RangeError::Empty { start: 0, end: 0 }),
        }
    }

    /// Number of bytes in the range.
    pub fn len(&self) -> u64 {
        self.end - self.start + 1
    }

    /// Always false: a `ByteRange` holds at least one byte.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The range cut to a file of `size` bytes (the end is clamped, as HTTP does).
    pub fn clamp_to(self, size: u64) -> Result<Self, RangeError> {
        if self.start >= size {
            return Err(RangeError::Unsatisfiable {
                start: self.start,
                size,
            });
        }
        Ok(Self {
            start: self.start,
            end: self.end.min(size - 1),
        })
    }
}

/// A `getFile` chunk size: a power of two from 4 KiB to 1 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkSize(u64);

impl ChunkSize {
    /// Checks a chunk size.
    pub fn new(bytes: u64) -> Result<Self, RangeError> {
        if bytes.is_power_of_two() && (GET_FILE_ALIGNMENT..=GET_FILE_MAX_LIMIT).contains(&bytes) {
            Ok(Self(bytes))
        } else {
            Err(RangeError::BadChunkSize(bytes))
        }
    }

    /// The smallest chunk size that covers `len` bytes in one request, capped at `max`
    /// (`max` itself is rounded down to a valid size).
    pub fn fitting(len: u64, max: u64) -> Self {
        let max = max.clamp(GET_FILE_ALIGNMENT, GET_FILE_MAX_LIMIT);
        let max = 1u64 << (63 - max.leading_zeros());
        Self(len.next_power_of_two().clamp(GET_FILE_ALIGNMENT, max))
    }

    /// Bytes per chunk.
    pub fn bytes(self) -> u64 {
        self.0
    }
}

/// One `upload.getFile` request (`precise = false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetFileRequest {
    /// Byte offset in the file.
    pub offset: u64,
    /// Bytes asked for.
    pub limit: u64,
}

/// A planned request and which of its bytes belong to the asked range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedChunk {
    /// The request to send.
    pub request: GetFileRequest,
    /// Bytes to drop from the start of the answer.
    pub skip: u64,
    /// Bytes to keep after `skip` (the answer may hold fewer at the end of the file).
    pub take: u64,
}

/// The requests that fetch `range`, in order, each `chunk` bytes at a multiple of `chunk`.
pub fn plan_range(range: ByteRange, chunk: ChunkSize) -> impl Iterator<Item = PlannedChunk> {
    let size = chunk.bytes();
    let first = range.start - range.start % size;
    (first..=range.end)
        .step_by(usize::try_from(size).unwrap_or(usize::MAX))
        .map(move |offset| {
            let from = range.start.max(offset);
            let to = range.end.min(offset + size - 1);
            PlannedChunk {
                request: GetFileRequest {
                    offset,
                    limit: size,
                },
                skip: from - offset,
                take: to - from + 1,
            }
        })
}

/// A rule of `upload.getFile` that a request breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GetFileViolation {
    /// `limit` is zero, too large, not aligned, or (non-precise) does not divide 1 MiB.
    #[error("bad limit")]
    Limit,
    /// `offset` is not aligned.
    #[error("bad offset")]
    Offset,
    /// The request crosses a 1 MiB boundary.
    #[error("request crosses a 1 MiB window")]
    Window,
}

/// Checks a request against the `upload.getFile` rules.
pub fn check_get_file(request: GetFileRequest, precise: bool) -> Result<(), GetFileViolation> {
    let GetFileRequest { offset, limit } = request;
    let align = if precise {
        GET_FILE_PRECISE_ALIGNMENT
    } else {
        GET_FILE_ALIGNMENT
    };
    if limit == 0 || limit > GET_FILE_MAX_LIMIT || limit % align != 0 {
        return Err(GetFileViolation::Limit);
    }
    if !precise && !GET_FILE_WINDOW.is_multiple_of(limit) {
        return Err(GetFileViolation::Limit);
    }
    if offset % align != 0 {
        return Err(GetFileViolation::Offset);
    }
    if offset / GET_FILE_WINDOW != (offset + limit - 1) / GET_FILE_WINDOW {
        return Err(GetFileViolation::Window);
    }
    Ok(())
}
