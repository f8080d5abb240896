//! Collecting raw values from the layers, lowest first: defaults → TOML file → environment
//! → command-line flags. Each value remembers where it came from.

use super::keys::{by_path, Kind, GENRE_CHANNEL_ENV_PREFIX, GENRE_CHANNEL_TABLE, KEYS};
use super::ConfigError;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built-in default.
    Default,
    /// The TOML file.
    File(PathBuf),
    /// An environment variable.
    Env(String),
    /// A command-line flag.
    Flag(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "file {}", p.display()),
            Origin::Env(name) => write!(f, "env {name}"),
            Origin::Flag(flag) => write!(f, "flag {flag}"),
        }
    }
}

/// A value as text, before typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawValue {
    /// The text.
    pub text: String,
    /// Its layer.
    pub origin: Origin,
}

/// The inputs of configuration loading; the binary fills it from the process.
#[derive(Debug, Default)]
pub struct Sources {
    /// `--config FILE` or `STREAMVAULT_CONFIG`.
    pub file: Option<PathBuf>,
    /// The environment.
    pub env: HashMap<String, String>,
    /// `(flag name, key path or env name, value)` from the command line, in order.
    pub flags: Vec<(String, String, String)>,
}

/// All raw values by key path, plus per-genre log channels by genre.
#[derive(Debug, Default)]
pub struct Layers {
    /// Values by key path.
    pub values: BTreeMap<&'static str, RawValue>,
    /// Per-genre log channels by lowercase genre.
    pub genre_channels: BTreeMap<String, RawValue>,
}

impl Layers {
    /// Collects every layer.
    pub fn collect(sources: &Sources) -> Result<Layers, ConfigError> {
        let mut layers = Layers::default();
        for k in KEYS {
            if let Some(d) = k.default {
                layers.values.insert(
                    k.path,
                    RawValue {
                        text: d.to_owned(),
                        origin: Origin::Default,
                    },
                );
            }
        }
        if let Some(file) = &sources.file {
            layers.read_file(file)?;
        }
        for k in KEYS {
            if let Some(v) = sources.env.get(k.env).filter(|v| !v.is_empty()) {
                layers.values.insert(
                    k.path,
                    RawValue {
                        text: v.clone(),
                        origin: Origin::Env(k.env.to_owned()),
                    },
                );
            }
        }
        for (name, value) in &sources.env {
            if let Some(genre) = name
                .strip_prefix(GENRE_CHANNEL_ENV_PREFIX)
                .filter(|g| *g != "ID" && !g.is_empty())
            {
                if !value.is_empty() {
                    layers.genre_channels.insert(
                        genre.to_ascii_lowercase(),
                        RawValue {
                            text: value.clone(),
                            origin: Origin::Env(name.clone()),
                        },
                    );
                }
            }
        }
        for (flag, name, value) in &sources.flags {
            let key = by_path(name)
                .or_else(|| KEYS.iter().find(|k| k.env == name))
                .ok_or_else(|| ConfigError::UnknownKey {
                    key: name.clone(),
                    origin: Origin::Flag(flag.clone()),
                })?;
            layers.values.insert(
                key.path,
                RawValue {
                    text: value.clone(),
                    origin: Origin::Flag(flag.clone()),
                },
            );
        }
        Ok(layers)
    }

    fn read_file(&mut self, file: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(file).map_err(|e| ConfigError::File {
            path: file.to_path_buf(),
            message: format!("cannot read it: {e}"),
        })?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::File {
                path: file.to_path_buf(),
                message: e.to_string(),
            })?;
        let origin = Origin::File(file.to_path_buf());
        let mut leaves = Vec::new();
        flatten("", &toml::Value::Table(table), &mut leaves);
        for (path, value) in leaves {
            if let Some(genre) = path
                .strip_prefix(GENRE_CHANNEL_TABLE)
                .and_then(|g| g.strip_prefix('.'))
            {
                let text = scalar_text(&value, Kind::ChannelId)
                    .map_err(|m| bad_file_value(file, &path, m))?;
                self.genre_channels.insert(
                    genre.to_ascii_lowercase(),
                    RawValue {
                        text,
                        origin: origin.clone(),
                    },
                );
                continue;
            }
            let key = by_path(&path).ok_or_else(|| ConfigError::UnknownKey {
                key: path.clone(),
                origin: origin.clone(),
            })?;
            let text = scalar_text(&value, key.kind).map_err(|m| bad_file_value(file, &path, m))?;
            self.values.insert(
                key.path,
                RawValue {
                    text,
                    origin: origin.clone(),
                },
            );
        }
        Ok(())
    }
}

fn bad_file_value(file: &Path, path: &str, message: String) -> ConfigError {
    ConfigError::File {
        path: file.to_path_buf(),
        message: format!("key {path}: {message}"),
    }
}

/// Flattens nested tables into `a.b.c` leaves (arrays are leaves).
fn flatten(prefix: &str, value: &toml::Value, out: &mut Vec<(String, toml::Value)>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        other => out.push((prefix.to_owned(), other.clone())),
    }
}

/// The text form of a TOML value, as an environment variable would carry it.
fn scalar_text(value: &toml::Value, kind: Kind) -> Result<String, String> {
    match (value, kind) {
        (toml::Value::String(s), _) => Ok(s.clone()),
        (toml::Value::Integer(i), _) => Ok(i.to_string()),
        (toml::Value::Boolean(b), _) => Ok(b.to_string()),
        (toml::Value::Array(items), Kind::IdList) => items
            .iter()
            .map(|i| match i {
                toml::Value::Integer(n) => Ok(n.to_string()),
                toml::Value::String(s) => Ok(s.clone()),
                _ => Err("expected an array of user ids".to_owned()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|v| v.join(",")),
        (toml::Value::Array(items), Kind::Argv) => {
            if items.iter().all(toml::Value::is_str) {
                let strings: Vec<&str> = items.iter().filter_map(toml::Value::as_str).collect();
                serde_json::to_string(&strings).map_err(|e| e.to_string())
            } else {
                Err("expected an array of strings".to_owned())
            }
        }
        _ => Err(format!("unexpected value {value}")),
    }
}
