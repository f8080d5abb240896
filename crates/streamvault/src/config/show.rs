//! `streamvault config show`: the effective configuration, each value's origin, secrets
//! redacted.

use super::keys::KEYS;
use super::secret::redact_url;
use super::{may_hold_password, Layers};
use serde::Serialize;

/// One row of `config show`.
#[derive(Debug, Serialize)]
pub struct ShownValue {
    /// TOML path.
    pub key: String,
    /// Environment name.
    pub env: String,
    /// Value as printed (secrets: `<set, redacted>`; unset: empty).
    pub value: Option<String>,
    /// Where it came from (`default`, `file …`, `env …`, `flag …`), or `unset`.
    pub origin: String,
    /// Whether the key is a secret.
    pub secret: bool,
}

/// Every key with its printable value and origin.
pub fn rows(layers: &Layers) -> Vec<ShownValue> {
    let mut out: Vec<ShownValue> = KEYS
        .iter()
        .map(|k| {
            let raw = layers.values.get(k.path).filter(|r| !r.text.is_empty());
            ShownValue {
                key: k.path.to_owned(),
                env: k.env.to_owned(),
                value: raw.map(|r| {
                    if k.secret {
                        "<set, redacted>".to_owned()
                    } else if may_hold_password(k.kind) {
                        redact_url(&r.text)
                    } else {
                        r.text.clone()
                    }
                }),
                origin: raw.map_or_else(|| "unset".to_owned(), |r| r.origin.to_string()),
                secret: k.secret,
            }
        })
        .collect();
    for (genre, raw) in &layers.genre_channels {
        out.push(ShownValue {
            key: format!("{}.{genre}", super::keys::GENRE_CHANNEL_TABLE),
            env: format!(
                "{}{}",
                super::keys::GENRE_CHANNEL_ENV_PREFIX,
                genre.to_ascii_uppercase()
            ),
            value: Some(raw.text.clone()),
            origin: raw.origin.to_string(),
            secret: false,
        });
    }
    out
}

/// Renders the rows as an aligned text table.
pub fn table(rows: &[ShownValue]) -> String {
    let width = |f: &dyn Fn(&ShownValue) -> usize, title: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(title.len())
    };
    let kw = width(&|r| r.key.len(), "KEY");
    let ew = width(&|r| r.env.len(), "ENV");
    let vw = width(
        &|r| r.value.as_deref().unwrap_or("").chars().count(),
        "VALUE",
    )
    .min(60);
    let mut out = format!("{:kw$}  {:ew$}  {:vw$}  ORIGIN\n", "KEY", "ENV", "VALUE");
    for r in rows {
        let value = r.value.as_deref().unwrap_or("");
        out.push_str(&format!(
            "{:kw$}  {:ew$}  {:vw$}  {}\n",
            r.key, r.env, value, r.origin
        ));
    }
    out
}
