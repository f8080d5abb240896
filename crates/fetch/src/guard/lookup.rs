//! Name lookups the guard checks: the system resolver, or a fixed table.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::time::Duration;

use futures::future::BoxFuture;

/// How long one system lookup may take.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(15);

/// Resolves a host name to addresses.
pub trait NameLookup: Send + Sync {
    /// The addresses of `host` (a domain name, never an IP literal).
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, io::Result<Vec<IpAddr>>>;
}

/// The system resolver (`getaddrinfo` through tokio), with a timeout.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl NameLookup for SystemLookup {
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, io::Result<Vec<IpAddr>>> {
        Box::pin(async move {
            let found = tokio::time::timeout(LOOKUP_TIMEOUT, tokio::net::lookup_host((host, 0)))
                .await
                .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "DNS lookup timed out"))??;
            let mut ips: Vec<IpAddr> = found.map(|sa| sa.ip()).collect();
            ips.dedup();
            Ok(ips)
        })
    }
}

/// A fixed table of names (case-insensitive); unknown names fail. For tests and for
/// pinning well-known local names.
#[derive(Debug, Clone, Default)]
pub struct StaticLookup {
    table: HashMap<String, Vec<IpAddr>>,
}

impl StaticLookup {
    /// An empty table.
    pub fn new() -> Self {
        StaticLookup::default()
    }

    /// Maps `host` to `ips`.
    pub fn with(mut self, host: &str, ips: &[IpAddr]) -> Self {
        self.table.insert(host.to_ascii_lowercase(), ips.to_vec());
        self
    }
}

impl NameLookup for StaticLookup {
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, io::Result<Vec<IpAddr>>> {
        let found = self.table.get(&host.to_ascii_lowercase()).cloned();
        Box::pin(async move {
            found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "unknown host"))
        })
    }
}
