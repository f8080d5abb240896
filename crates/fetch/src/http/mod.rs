//! The SSRF-guarded HTTP client: one `reqwest` client whose DNS resolver is the guard,
//! no proxy, no automatic redirects; redirects are followed here, each hop re-checked.

mod alive;
mod download;
pub mod names;
mod resume;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, Response, StatusCode};
use url::Url;

use crate::error::FetchError;
use crate::guard::{GuardedResolver, UrlGuard};
pub use alive::LinkCheck;
pub(crate) use download::part_path;
pub use download::Downloaded;

/// Limits and timeouts of the guarded client.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Time to resolve and connect (TCP + TLS).
    pub connect_timeout: Duration,
    /// Longest wait for any read (headers or the next body chunk).
    pub read_timeout: Duration,
    /// Most redirects followed for one request.
    pub max_redirects: usize,
    /// Largest body accepted by downloads (`None`: no limit).
    pub max_bytes: Option<u64>,
    /// Largest body read into memory by [`GuardedClient::get_small`].
    pub max_small_body: usize,
    /// `User-Agent` sent with every request.
    pub user_agent: String,
    /// Smallest interval between progress reports.
    pub progress_every: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            max_redirects: 10,
            max_bytes: None,
            max_small_body: 4 << 20,
            user_agent: concat!("StreamVault/", env!("CARGO_PKG_VERSION")).to_owned(),
            progress_every: Duration::from_millis(500),
        }
    }
}

/// The SSRF-guarded HTTP client. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct GuardedClient {
    client: reqwest::Client,
    guard: UrlGuard,
    opts: Arc<HttpOptions>,
}

impl GuardedClient {
    /// Builds the client: the guard as DNS resolver, no proxy (a proxy would resolve
    /// names for us, unchecked), no automatic redirects, rustls.
    pub fn new(guard: UrlGuard, opts: HttpOptions) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver::new(guard.clone())))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .user_agent(opts.user_agent.clone())
            .build()
            .map_err(FetchError::from_reqwest)?;
        Ok(GuardedClient {
            client,
            guard,
            opts: Arc::new(opts),
        })
    }

    /// The guard this client enforces.
    pub fn guard(&self) -> &UrlGuard {
        &self.guard
    }

    /// The client's limits.
    pub fn options(&self) -> &HttpOptions {
        &self.opts
    }

    /// Sends `method` to `url` with `headers`, following up to `max_redirects`
    /// redirects; every hop's URL is checked (syntax here, addresses in the resolver).
    /// Returns the last response whatever its status; `response.url()` is the final URL.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: HeaderMap,
    ) -> Result<Response, FetchError> {
        let mut current = url.clone();
        let mut method = method;
        for _ in 0..=self.opts.max_redirects {
            self.guard.check_syntax(&current)?;
            let response = self
                .client
                .request(method.clone(), current.clone())
                .headers(headers.clone())
                .send()
                .await
                .map_err(FetchError::from_reqwest)?;
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return Ok(response);
            }
            let next = redirect_target(&current, response.headers().get(LOCATION))?;
            if status == StatusCode::SEE_OTHER && method != Method::HEAD {
                method = Method::GET;
            }
            tracing::debug!(from = %current, to = %next, %status, "following redirect");
            current = next;
        }
        Err(FetchError::TooManyRedirects {
            max: self.opts.max_redirects,
        })
    }

    /// `GET` with redirects; a non-2xx final status is [`FetchError::Status`].
    pub async fn get(&self, url: &Url) -> Result<Response, FetchError> {
        let response = self.send(Method::GET, url, HeaderMap::new()).await?;
        ensure_success(response)
    }

    /// `GET` a small body (a playlist, a page) into memory, at most `max_small_body`.
    pub async fn get_small(&self, url: &Url) -> Result<(Vec<u8>, Url), FetchError> {
        let mut response = self.get(url).await?;
        let final_url = response.url().clone();
        let limit = self.opts.max_small_body;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(FetchError::from_reqwest)? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge {
                    limit: limit as u64,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((body, final_url))
    }
}

/// A `Range: bytes=N-` header map.
pub(crate) fn range_from(offset: u64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("bytes={offset}-")) {
        headers.insert(reqwest::header::RANGE, v);
    }
    headers
}

pub(crate) fn ensure_success(response: Response) -> Result<Response, FetchError> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(FetchError::Status {
            code: response.status().as_u16(),
        })
    }
}

fn redirect_target(current: &Url, location: Option<&HeaderValue>) -> Result<Url, FetchError> {
    let location = location
        .ok_or_else(|| FetchError::BadResponse("redirect without Location".into()))?
        .to_str()
        .map_err(|_| FetchError::BadResponse("Location is not ASCII".into()))?;
    current
        .join(location)
        .map_err(|e| FetchError::BadUrl(format!("redirect to {location:?}: {e}")))
}
