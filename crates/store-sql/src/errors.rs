//! Mapping driver errors to [`StoreError`].

use sqlx::error::ErrorKind;
use streamvault_store::StoreError;

/// Maps a driver error; unique violations become `Conflict` naming `what`.
pub(crate) fn map_err(what: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => {
            StoreError::Conflict {
                what: what.to_owned(),
            }
        }
        sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation => {
            StoreError::Invalid(format!("{what} refers to a row that does not exist"))
        }
        sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_)
        | sqlx::Error::ColumnNotFound(_) => StoreError::Corrupt(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

/// Whether a driver error is a unique violation on a `slug` column.
pub(crate) fn is_slug_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => {
            db.constraint().is_some_and(|c| c.contains("slug")) || db.message().contains("slug")
        }
        _ => false,
    }
}
