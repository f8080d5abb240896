//! The typed error every storage operation returns.

/// Result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// What went wrong in the store. Messages never contain connection strings or secrets.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The addressed row does not exist (or is hidden, like tombstoned content).
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, e.g. "content 42".
        what: String,
    },
    /// The slug is already used by another content; draw a new one and retry.
    #[error("slug {0} is already taken")]
    SlugTaken(String),
    /// A unique rule refused the write.
    #[error("{what} already exists")]
    Conflict {
        /// What collided.
        what: String,
    },
    /// The input breaks a rule of the data model.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A stored value could not be read back (corrupt or foreign data).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The database could not be reached or failed.
    #[error("database error: {0}")]
    Backend(String),
}

impl StoreError {
    /// Shorthand for [`StoreError::NotFound`].
    pub fn not_found(what: impl Into<String>) -> Self {
        StoreError::NotFound { what: what.into() }
    }

    /// Whether retrying the same operation later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Backend(_))
    }
}
