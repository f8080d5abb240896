//! Smart renaming of release names (SPEC §6): parse, drop spam, rebuild a clean branded
//! name from a template, and make it a safe file name. Pure code, no I/O.
//!
//! ```
//! use streamvault_core::rename::{rename, Templates};
//! let t = Templates::default();
//! assert_eq!(
//!     rename("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv", &t),
//!     "The Matrix (1999) 1080p [StreamVault].mkv"
//! );
//! assert_eq!(
//!     rename("www.site.com - Show.Name.S01E02.720p.WEB-DL.mkv", &t),
//!     "Show Name S01E02 720p [StreamVault].mkv"
//! );
//! ```
//!
//! Pieces:
//! - [`parse`] / [`parse_with`] → [`ReleaseInfo`] (serde-serialisable for `--json`);
//! - [`Templates`] (per-kind [`Template`]s and the brand; [`Templates::from_lookup`]
//!   reads `RENAME_TEMPLATE_MOVIE`, `RENAME_TEMPLATE_EPISODE`, `BRAND_TAG`… through a
//!   caller-supplied lookup such as `std::env::var`);
//! - [`clean_name`] renders the template, appends the extension and applies
//!   [`safe_file_name`].

mod episode;
mod extension;
mod group;
mod info;
mod parse;
mod safe_name;
mod spam;
mod tags;
mod template;
mod tokens;

pub use extension::KNOWN_EXTENSIONS;
pub use info::{ReleaseInfo, ReleaseKind, Resolution, Source, VideoCodec};
pub use parse::{parse, parse_with, ParseOptions, DEFAULT_MAX_YEAR, MAX_PARSE_BYTES};
pub use safe_name::{
    safe_file_name, safe_file_name_with_extension, EMPTY_STEM, MAX_EXTENSION_CHARS,
    MAX_FILE_NAME_BYTES,
};
pub use template::{
    Template, TemplateConfigError, TemplateError, Templates, DEFAULT_ABSOLUTE_TEMPLATE,
    DEFAULT_BRAND, DEFAULT_DAILY_TEMPLATE, DEFAULT_EPISODE_TEMPLATE, DEFAULT_MOVIE_TEMPLATE,
    DEFAULT_SEASON_PACK_TEMPLATE, ENV_BRAND_TAG, ENV_TEMPLATE_ABSOLUTE, ENV_TEMPLATE_DAILY,
    ENV_TEMPLATE_EPISODE, ENV_TEMPLATE_MOVIE, ENV_TEMPLATE_SEASON_PACK,
};

/// Builds the clean, safe file name for a parsed release: the template for its kind,
/// then `.extension` if the release had one, then [`safe_file_name`] rules (at most
/// [`MAX_FILE_NAME_BYTES`] bytes, extension kept). An empty rendering becomes
/// [`EMPTY_STEM`].
pub fn clean_name(info: &ReleaseInfo, templates: &Templates) -> String {
    let stem = templates.for_info(info).render(info, &templates.brand);
    safe_file_name_with_extension(&stem, info.extension.as_deref())
}

/// `clean_name(&parse(name), templates)`.
pub fn rename(name: &str, templates: &Templates) -> String {
    clean_name(&parse(name), templates)
}
