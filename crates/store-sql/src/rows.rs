//! Reading typed values out of `AnyRow`s the same way on both backends.

use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::Row;
use streamvault_store::{StoreError, StoreResult};

/// A column that must be present and decodable.
pub(crate) fn get<'r, T>(row: &'r AnyRow, col: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(col)
        .map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// A boolean flag: SQLite stores 0/1 integers, PostgreSQL booleans.
pub(crate) fn flag(row: &AnyRow, col: &str) -> StoreResult<bool> {
    if let Ok(b) = row.try_get::<bool, _>(col) {
        return Ok(b);
    }
    get::<i64>(row, col).map(|v| v != 0)
}

/// A JSON document stored as text.
pub(crate) fn json<T: DeserializeOwned>(row: &AnyRow, col: &str) -> StoreResult<T> {
    let text: String = get(row, col)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// A string enum column read through its `parse` function.
pub(crate) fn parsed<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
    let text: String = get(row, col)?;
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("column {col}: unknown value {text:?}")))
}

/// A calendar day stored as `YYYY-MM-DD`.
pub(crate) fn day(row: &AnyRow, col: &str) -> StoreResult<chrono::NaiveDate> {
    let text: String = get(row, col)?;
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// Serializes a JSON value for a TEXT column.
pub(crate) fn to_json_text<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Formats a calendar day for a TEXT column.
pub(crate) fn day_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
