//! Upload part arithmetic for user accounts (`upload.saveFilePart` / `saveBigFilePart`).

use crate::limits::{
    BIG_FILE_THRESHOLD_BYTES, MAX_UPLOAD_PARTS, MAX_UPLOAD_PARTS_PREMIUM, UPLOAD_PART_BYTES,
};
use crate::types::AccountKind;
use crate::WorkerError;

/// How a file of a given size is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadPlan {
    /// Bytes per part (all but the last).
    pub part_bytes: u64,
    /// Number of parts.
    pub total_parts: u64,
    /// Whether `upload.saveBigFilePart` is used (files over 10 MB).
    pub big: bool,
}

impl UploadPlan {
    /// Plans the upload of `size` bytes by an account of `kind`; `TooLarge` past its limit.
    pub fn new(size: u64, kind: AccountKind) -> Result<Self, WorkerError> {
        if size == 0 {
            return Err(WorkerError::InvalidRequest {
                reason: "FILE_PARTS_INVALID: empty file".into(),
            });
        }
        let total_parts = size.div_ceil(UPLOAD_PART_BYTES);
        let max = kind.max_upload_parts();
        if total_parts > max {
            return Err(WorkerError::TooLarge {
                reason: format!("{size} bytes need {total_parts} parts, the account allows {max}"),
            });
        }
        Ok(Self {
            part_bytes: UPLOAD_PART_BYTES,
            total_parts,
            big: size > BIG_FILE_THRESHOLD_BYTES,
        })
    }

    /// Length of part `index` (0-based) of a file of `size` bytes.
    pub fn part_len(&self, size: u64, index: u64) -> u64 {
        let start = index * self.part_bytes;
        size.saturating_sub(start).min(self.part_bytes)
    }
}

impl AccountKind {
    /// Most upload parts this kind of account may send for one file.
    pub fn max_upload_parts(self) -> u64 {
        match self {
            AccountKind::Normal => MAX_UPLOAD_PARTS,
            AccountKind::Premium => MAX_UPLOAD_PARTS_PREMIUM,
        }
    }

    /// Largest file this kind of account may upload.
    pub fn max_upload_bytes(self) -> u64 {
        self.max_upload_parts() * UPLOAD_PART_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES_PREMIUM, MIB};

    #[test]
    fn parts_and_limits_by_account_kind() {
        let p = UploadPlan::new(10 * MIB, AccountKind::Normal).expect("plan");
        assert_eq!((p.total_parts, p.big), (20, false));
        let p = UploadPlan::new(10 * MIB + 1, AccountKind::Normal).expect("plan");
        assert_eq!((p.total_parts, p.big), (21, true));
        assert_eq!(p.part_len(10 * MIB + 1, 20), 1);
        assert!(UploadPlan::new(MAX_UPLOAD_BYTES, AccountKind::Normal).is_ok());
        assert!(matches!(
            UploadPlan::new(MAX_UPLOAD_BYTES + 1, AccountKind::Normal),
            Err(WorkerError::TooLarge { .. })
        ));
        assert!(UploadPlan::new(MAX_UPLOAD_BYTES + 1, AccountKind::Premium).is_ok());
        assert!(matches!(
            UploadPlan::new(MAX_UPLOAD_BYTES_PREMIUM + 1, AccountKind::Premium),
            Err(WorkerError::TooLarge { .. })
        ));
        assert!(UploadPlan::new(0, AccountKind::Normal).is_err());
    }
}
