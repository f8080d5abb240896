//! "Is this link alive?" for the broken-link medic: `HEAD`, then a one-byte ranged `GET`
//! when `HEAD` is refused. Same guard, same redirect checks; no body is read.

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use reqwest::{Method, Response, StatusCode};
use url::Url;

use super::GuardedClient;
use crate::error::FetchError;

/// The answer of a liveness check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    /// Whether the resource answered 2xx.
    pub alive: bool,
    /// The final status code.
    pub status: u16,
    /// Its size, when the server told.
    pub size: Option<u64>,
    /// Its `Content-Type`, when given.
    pub content_type: Option<String>,
    /// The URL after redirects.
    pub final_url: Url,
}

impl GuardedClient {
    /// Checks that `url` answers 2xx. A network failure or a refused address is an
    /// error (the caller decides whether that is "dead" or "try later", see
    /// [`FetchError::is_transient`]); a 4xx/5xx answer is `alive: false`.
    pub async fn check_alive(&self, url: &Url) -> Result<LinkCheck, FetchError> {
        let head = self.send(Method::HEAD, url, HeaderMap::new()).await?;
        if head.status().is_success() {
            return Ok(describe(&head));
        }
        // Many servers refuse or mishandle HEAD (405, 501, even 403/404): ask for one byte.
        let mut headers = HeaderMap::new();
        headers.insert(RANGE, HeaderValue::from_static("bytes=0-0"));
        let get = self.send(Method::GET, url, headers).await?;
        Ok(describe(&get))
    }
}

fn describe(response: &Response) -> LinkCheck {
    let status = response.status();
    let text = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let size = if status == StatusCode::PARTIAL_CONTENT {
        text(CONTENT_RANGE)
            .and_then(|r| r.rsplit_once('/').map(|(_, t)| t.trim().to_owned()))
            .and_then(|t| t.parse().ok())
    } else {
        // Not `content_length()`: for HEAD that is the (empty) body's length.
        text(CONTENT_LENGTH).and_then(|l| l.trim().parse().ok())
    };
    LinkCheck {
        alive: status.is_success(),
        status: status.as_u16(),
        size,
        content_type: text(CONTENT_TYPE),
        final_url: response.url().clone(),
    }
}
