//! The SSRF guard: which URLs a user may make us fetch.
//!
//! A URL passes when its scheme is `http`/`https`, it carries no user name or password,
//! and every address its host resolves to is a public unicast address (see [`ip`]) or lies
//! in the policy's allowlist. The same [`UrlGuard`] is installed as the HTTP client's DNS
//! resolver ([`GuardedResolver`]), so the addresses that were checked are the only ones a
//! connection can use: DNS rebinding between check and connect is impossible. IP-literal
//! hosts never reach a resolver and are checked by [`UrlGuard::check_syntax`].

pub mod cidr;
pub mod ip;
mod lookup;
mod resolver;

use std::net::IpAddr;
use std::sync::Arc;

use url::{Host, Url};

use crate::error::FetchError;
pub use cidr::{Cidr, CidrError};
pub use lookup::{NameLookup, StaticLookup, SystemLookup};
pub use resolver::GuardedResolver;

/// What the guard lets through besides public unicast addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuardPolicy {
    /// Blocks that are allowed even though they are not global (e.g. loopback for tests
    /// and local use). Empty by default: only public addresses.
    pub allow: Vec<Cidr>,
}

impl GuardPolicy {
    /// Only public unicast addresses.
    pub fn strict() -> Self {
        GuardPolicy::default()
    }

    /// Public addresses plus loopback (`127.0.0.0/8`, `::1`): for tests and local use.
    pub fn with_loopback() -> Self {
        GuardPolicy {
            allow: vec![Cidr::loopback_v4(), Cidr::loopback_v6()],
        }
    }

    /// Adds one allowed block.
    pub fn allow(mut self, block: Cidr) -> Self {
        self.allow.push(block);
        self
    }

    /// Parses a comma- or space-separated allowlist such as `127.0.0.0/8, ::1`
    /// (for a setting like `FETCH_ALLOW_CIDRS`); empty text is the strict policy.
    pub fn from_list(list: &str) -> Result<Self, CidrError> {
        let allow = list
            .split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()?;
        Ok(GuardPolicy { allow })
    }

    /// Whether the allowlist covers `ip` (or the IPv4 address an IPv4-mapped `ip` is).
    fn allows(&self, ip: IpAddr) -> bool {
        let mapped = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        self.allow
            .iter()
            .any(|c| c.contains(ip) || mapped.is_some_and(|m| c.contains(m)))
    }
}

/// An address the guard refused; travels through the HTTP client's resolver as an error.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{host} resolves to {ip}, which is {reason}")]
pub struct BlockedAddress {
    /// The host as written in the URL.
    pub host: String,
    /// The refused address.
    pub ip: IpAddr,
    /// Which non-global range it is in.
    pub reason: &'static str,
}

/// The SSRF guard: a policy plus the name lookup it checks. Cheap to clone.
#[derive(Clone)]
pub struct UrlGuard {
    policy: Arc<GuardPolicy>,
    lookup: Arc<dyn NameLookup>,
}

impl std::fmt::Debug for UrlGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlGuard")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl UrlGuard {
    /// A guard resolving names with the system resolver.
    pub fn new(policy: GuardPolicy) -> Self {
        UrlGuard::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// A guard resolving names with `lookup` (tests map made-up names to addresses).
    pub fn with_lookup(policy: GuardPolicy, lookup: Arc<dyn NameLookup>) -> Self {
        UrlGuard {
            policy: Arc::new(policy),
            lookup,
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &GuardPolicy {
        &self.policy
    }

    /// Checks one address for `host`.
    pub fn check_ip(&self, host: &str, ip: IpAddr) -> Result<(), BlockedAddress> {
        match ip::non_global_reason(ip) {
            Some(reason) if !self.policy.allows(ip) => Err(BlockedAddress {
                host: host.to_owned(),
                ip,
                reason,
            }),
            _ => Ok(()),
        }
    }

    /// Parses `text` as a URL and checks it with [`UrlGuard::check_syntax`].
    pub fn parse(&self, text: &str) -> Result<Url, FetchError> {
        let url = Url::parse(text.trim()).map_err(|e| FetchError::BadUrl(format!("{e}")))?;
        self.check_syntax(&url)?;
        Ok(url)
    }

    /// Checks what needs no DNS: scheme, user info, and the address of an IP-literal
    /// host (`http://0x7f.1/` is parsed as `127.0.0.1` by the WHATWG rules reqwest uses).
    pub fn check_syntax(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl(format!(
                "scheme {:?} is not allowed (only http and https)",
                url.scheme()
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FetchError::BadUrl(
                "user name or password in a URL is not allowed".into(),
            ));
        }
        match url.host() {
            None => Err(FetchError::BadUrl("URL has no host".into())),
            Some(Host::Ipv4(v4)) => Ok(self.check_ip(&v4.to_string(), IpAddr::V4(v4))?),
            Some(Host::Ipv6(v6)) => Ok(self.check_ip(&v6.to_string(), IpAddr::V6(v6))?),
            Some(Host::Domain(_)) => Ok(()),
        }
    }

    /// Resolves `host` and checks every address; refuses the host when any address is
    /// blocked (a name that mixes public and private answers is not trusted).
    pub async fn resolve_checked(&self, host: &str) -> Result<Vec<IpAddr>, FetchError> {
        let addrs = self
            .lookup
            .lookup(host)
            .await
            .map_err(|e| FetchError::Network(format!("could not resolve {host}: {e}")))?;
        if addrs.is_empty() {
            return Err(FetchError::Network(format!("{host} has no addresses")));
        }
        for ip in &addrs {
            self.check_ip(host, *ip)?;
        }
        Ok(addrs)
    }

    /// Checks the hosts a magnet link names (`tr` trackers, `xs`/`as`/`ws` sources, any
    /// scheme): each must resolve to allowed addresses. Peers found later through
    /// trackers or DHT are BitTorrent's business and are not checked.
    pub async fn check_magnet(&self, magnet: &str) -> Result<(), FetchError> {
        let url = Url::parse(magnet).map_err(|e| FetchError::BadUrl(format!("{e}")))?;
        if url.scheme() != "magnet" {
            return Err(FetchError::BadUrl("not a magnet link".into()));
        }
        for (_, value) in url.query_pairs() {
            let Some(host) = Url::parse(&value).ok().and_then(|u| whatwg_host(&u)) else {
                continue;
            };
            match host {
                Host::Ipv4(v4) => self.check_ip(&v4.to_string(), IpAddr::V4(v4))?,
                Host::Ipv6(v6) => self.check_ip(&v6.to_string(), IpAddr::V6(v6))?,
                Host::Domain(name) => {
                    self.resolve_checked(&name).await?;
                }
            }
        }
        Ok(())
    }

    /// Full check of a URL handed to another program (aria2, yt-dlp, ffmpeg), which
    /// resolves names itself: syntax, then the current DNS answers. Weaker than the
    /// pinned HTTP client (the program resolves again and follows redirects unchecked).
    pub async fn check_url(&self, url: &Url) -> Result<(), FetchError> {
        self.check_syntax(url)?;
        if let Some(Host::Domain(name)) = url.host() {
            self.resolve_checked(name).await?;
        }
        Ok(())
    }
}

/// The host of `url` as an `http` URL would read it: non-special schemes (`udp:`,
/// `wss:` is special) keep hosts such as `0x7f.1` opaque, which other programs then
/// resolve as numbers.
fn whatwg_host(url: &Url) -> Option<Host<String>> {
    let host = url.host_str()?;
    let as_http = Url::parse(&format!("http://{host}/")).ok()?;
    as_http.host().map(|h| h.to_owned())
}
