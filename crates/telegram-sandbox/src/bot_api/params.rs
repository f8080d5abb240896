//! Request parameters from the query string and a JSON, form or multipart body.

use crate::errors::{bot_text, BotApiError};
use crate::Sandbox;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use axum::Form;
use serde_json::{Map, Value};
use std::collections::HashMap;
use streamvault_telegram::limits::BOT_API_MAX_UPLOAD_BYTES;

/// A file part of a multipart request, already in the file store.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Blob name.
    pub blob: String,
    /// Size in bytes.
    pub size: u64,
    /// File name sent by the client.
    pub file_name: Option<String>,
    /// MIME type sent by the client.
    pub mime_type: Option<String>,
}

/// All parameters of one Bot API call.
#[derive(Debug, Default)]
pub struct Params {
    map: Map<String, Value>,
    /// File parts by field name.
    pub files: HashMap<String, Upload>,
}

fn bad(what: String) -> BotApiError {
    BotApiError::bad_request(&what)
}

impl Params {
    /// Reads the query string and the body of a request.
    pub async fn read(sb: &Sandbox, req: Request) -> Result<Self, BotApiError> {
        let mut params = Params::default();
        if let Some(q) = req.uri().query() {
            let pairs: Vec<(String, String)> =
                axum::extract::Query::<Vec<(String, String)>>::try_from_uri(req.uri())
                    .map(|q| q.0)
                    .map_err(|_| bad(format!("can't parse query string {q}")))?;
            params.extend_strings(pairs);
        }
        let ctype = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ctype.starts_with("application/json") {
            let bytes = axum::body::to_bytes(req.into_body(), 16 * 1024 * 1024)
                .await
                .map_err(|_| bad("can't read request body".into()))?;
            if !bytes.is_empty() {
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(Value::Object(o)) => params.map.extend(o),
                    _ => return Err(bad("can't parse JSON object".into())),
                }
            }
        } else if ctype.starts_with("application/x-www-form-urlencoded") {
            let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, &())
                .await
                .map_err(|_| bad("can't parse request body".into()))?;
            params.extend_strings(pairs);
        } else if ctype.starts_with("multipart/form-data") {
            let mp = Multipart::from_request(req, &())
                .await
                .map_err(|_| bad("can't parse multipart body".into()))?;
            params.read_multipart(sb, mp).await?;
        }
        Ok(params)
    }

    fn extend_strings(&mut self, pairs: Vec<(String, String)>) {
        for (k, v) in pairs {
            self.map.insert(k, Value::String(v));
        }
    }

    async fn read_multipart(&mut self, sb: &Sandbox, mut mp: Multipart) -> Result<(), BotApiError> {
        let mut total = 0u64;
        let broken = |_| bad("can't parse multipart body".into());
        while let Some(mut field) = mp.next_field().await.map_err(broken)? {
            let name = field.name().unwrap_or_default().to_owned();
            let Some(file_name) = field.file_name().map(str::to_owned) else {
                let text = field.text().await.map_err(broken)?;
                self.map.insert(name, Value::String(text));
                continue;
            };
            let mime_type = field.content_type().map(str::to_owned);
            let io =
                |e: std::io::Error| BotApiError::new(500, &format!("Internal Server Error: {e}"));
            let mut writer = sb.inner.files.writer().await.map_err(io)?;
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                total += chunk.len() as u64;
                if total > BOT_API_MAX_UPLOAD_BYTES {
                    return Err(BotApiError::new(413, bot_text::REQUEST_ENTITY_TOO_LARGE));
                }
                writer.write(&chunk).await.map_err(io)?;
            }
            let (blob, size) = writer.finish().await.map_err(io)?;
            self.files.insert(
                name,
                Upload {
                    blob,
                    size,
                    file_name: Some(file_name),
                    mime_type,
                },
            );
        }
        Ok(())
    }

    /// Total bytes of the file parts.
    pub fn upload_bytes(&self) -> u64 {
        self.files.values().map(|u| u.size).sum()
    }

    /// A raw value.
    pub fn raw(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A string (numbers are written out).
    pub fn str(&self, name: &str) -> Option<String> {
        match self.raw(name)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// An integer given as a number or a numeric string.
    pub fn i64(&self, name: &str) -> Result<Option<i64>, BotApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| bad(format!("invalid {name} specified"))),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| bad(format!("invalid {name} specified"))),
            Some(_) => Err(bad(format!("invalid {name} specified"))),
        }
    }

    /// A required integer.
    pub fn req_i64(&self, name: &str) -> Result<i64, BotApiError> {
        self.i64(name)?
            .ok_or_else(|| bad(format!("{name} is empty")))
    }

    /// A boolean (`true`, `"true"`, `"1"`).
    pub fn bool(&self, name: &str) -> bool {
        match self.raw(name) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true" || s == "1",
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }

    /// A JSON value given inline or as a JSON-serialized string.
    pub fn json(&self, name: &str) -> Result<Option<Value>, BotApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| bad(format!("can't parse {name} JSON object"))),
            Some(v) => Ok(Some(v.clone())),
        }
    }
}
