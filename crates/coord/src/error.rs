//! The typed error of every coordinator operation.

/// Result of a coordinator operation.
pub type CoordResult<T> = Result<T, CoordError>;

/// What went wrong. Messages never contain connection strings or secrets.
#[derive(Debug, thiserror::Error)]
pub enum CoordError {
    /// The session was never registered (or its record was lost); register it again.
    #[error("unknown worker session {0}")]
    UnknownSession(String),
    /// An argument breaks a rule (empty rate, bad key prefix, ...).
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// The shared backend (Redis) could not be reached or failed.
    #[error("coordination backend error: {0}")]
    Backend(String),
}

impl From<redis::RedisError> for CoordError {
    fn from(e: redis::RedisError) -> Self {
        // RedisError's Display carries the error kind and server message, not the URL.
        CoordError::Backend(e.to_string())
    }
}
