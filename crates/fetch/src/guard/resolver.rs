//! The guard as reqwest's DNS resolver: connections only ever see checked addresses.

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::UrlGuard;

/// A [`reqwest::dns::Resolve`] that resolves through the guard and hands the connector
/// only addresses that passed it. A refused name fails the connection with a
/// [`crate::FetchError::Blocked`] in the error's source chain.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    guard: UrlGuard,
}

impl GuardedResolver {
    /// A resolver enforcing `guard`.
    pub fn new(guard: UrlGuard) -> Self {
        GuardedResolver { guard }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.guard.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            match guard.resolve_checked(&host).await {
                Ok(ips) => {
                    let addrs: Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
                    Ok(addrs)
                }
                Err(e) => Err(Box::new(e) as _),
            }
        })
    }
}
