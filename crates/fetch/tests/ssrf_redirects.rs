//! The SSRF guard on live requests: pinned resolution, every redirect hop re-checked,
//! no second lookup between check and connect, redirect limits, magnet hosts.

mod common;

use std::io;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures::future::BoxFuture;
use streamvault_fetch::guard::{NameLookup, StaticLookup};
use streamvault_fetch::{FetchError, GuardPolicy, GuardedClient, HttpOptions, UrlGuard};
use url::Url;

use common::server::TestServer;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("ip")
}

fn client(policy: GuardPolicy, lookup: StaticLookup) -> GuardedClient {
    GuardedClient::new(
        UrlGuard::with_lookup(policy, Arc::new(lookup)),
        HttpOptions::default(),
    )
    .expect("client")
}

fn assert_blocked<T: std::fmt::Debug>(r: Result<T, FetchError>, what: &str) {
    match r {
        Err(FetchError::Blocked { reason }) => assert!(!reason.is_empty()),
        other => panic!("{what}: expected Blocked, got {other:?}"),
    }
}

#[tokio::test]
async fn allowlist_and_pinned_resolution() {
    let server = TestServer::start(1000, None).await;
    let port = server.addr.port();
    // Only 127.0.0.1/32 is allowed: the server is reachable by a made-up public name
    // (which only our lookup knows, so the connection used the checked answer)…
    let lookup = StaticLookup::new()
        .with("public.test", &[ip("127.0.0.1")])
        .with("evil.test", &[ip("127.0.0.2")]);
    let policy = GuardPolicy::from_list("127.0.0.1/32").expect("list");
    let c = client(policy, lookup);
    let ok = Url::parse(&format!("http://public.test:{port}/file.bin")).expect("url");
    let body = c
        .get(&ok)
        .await
        .expect("allowed")
        .bytes()
        .await
        .expect("body");
    assert_eq!(body.len(), 1000);
    // …and every redirect hop is checked again: to other loopback forms, to a name that
    // resolves to loopback, to the metadata address.
    for target in [
        format!("http://127.0.0.2:{port}/file.bin"),
        format!("http://evil.test:{port}/file.bin"),
        format!("http://0x7f.0.0.2:{port}/file.bin"),
        format!("http://[::1]:{port}/file.bin"),
        format!("http://[::ffff:127.0.0.2]:{port}/file.bin"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
    ] {
        let mut hop = Url::parse(&format!("http://public.test:{port}/to")).expect("url");
        hop.query_pairs_mut().append_pair("u", &target);
        assert_blocked(c.get(&hop).await.map(|_| ()), &target);
    }
    // A redirect to a non-HTTP scheme is refused too.
    let mut hop = Url::parse(&format!("http://public.test:{port}/to")).expect("url");
    hop.query_pairs_mut().append_pair("u", "file:///etc/passwd");
    assert!(matches!(c.get(&hop).await, Err(FetchError::BadUrl(_))));
}

#[tokio::test]
async fn strict_policy_blocks_a_redirect_from_a_public_name_to_loopback() {
    let server = TestServer::start(10, None).await;
    let port = server.addr.port();
    // Strict: loopback is not allowed at all, so even the first hop is refused.
    let lookup = StaticLookup::new().with("public.test", &[ip("127.0.0.1")]);
    let c = client(GuardPolicy::strict(), lookup);
    let url = Url::parse(&format!("http://public.test:{port}/file.bin")).expect("url");
    assert_blocked(c.get(&url).await.map(|_| ()), "strict");
}

/// Answers loopback once, then another address: a check-then-connect design would
/// resolve twice and connect to the second, unchecked answer.
struct FlipLookup {
    calls: AtomicUsize,
}

impl NameLookup for FlipLookup {
    fn lookup<'a>(&'a self, _host: &'a str) -> BoxFuture<'a, io::Result<Vec<IpAddr>>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            Ok(vec![if n == 0 {
                ip("127.0.0.1")
            } else {
                ip("127.0.0.2")
            }])
        })
    }
}

#[tokio::test]
async fn dns_answer_is_checked_and_used_once() {
    let server = TestServer::start(100, None).await;
    let lookup = Arc::new(FlipLookup {
        calls: AtomicUsize::new(0),
    });
    let guard = UrlGuard::with_lookup(
        GuardPolicy::from_list("127.0.0.1").expect("list"),
        lookup.clone(),
    );
    let c = GuardedClient::new(guard, HttpOptions::default()).expect("client");
    let url = Url::parse(&format!(
        "http://rebind.test:{}/file.bin",
        server.addr.port()
    ))
    .expect("url");
    c.get(&url).await.expect("first answer is allowed and used");
    assert_eq!(
        lookup.calls.load(Ordering::SeqCst),
        1,
        "one lookup per connection"
    );
    // A fresh client must resolve again and gets the blocked answer.
    let guard = UrlGuard::with_lookup(
        GuardPolicy::from_list("127.0.0.1").expect("list"),
        lookup.clone(),
    );
    let fresh = GuardedClient::new(guard, HttpOptions::default()).expect("client");
    assert_blocked(fresh.get(&url).await.map(|_| ()), "rebound");
}

#[tokio::test]
async fn redirect_limits() {
    let server = TestServer::start(64, None).await;
    let c = common::loopback_client();
    let r = c.get(&server.url("/redirect/3")).await.expect("3 hops");
    assert_eq!(r.url().path(), "/file.bin");
    let opts = HttpOptions {
        max_redirects: 5,
        ..HttpOptions::default()
    };
    let c = GuardedClient::new(UrlGuard::new(GuardPolicy::with_loopback()), opts).expect("client");
    assert!(matches!(
        c.get(&server.url("/redirect/6")).await,
        Err(FetchError::TooManyRedirects { max: 5 })
    ));
}

#[tokio::test]
async fn magnet_hosts_are_checked() {
    let lookup = StaticLookup::new()
        .with("tracker.test", &[ip("93.184.216.34")])
        .with("inside.test", &[ip("10.1.1.1")]);
    let g = UrlGuard::with_lookup(GuardPolicy::strict(), Arc::new(lookup));
    let base = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x";
    g.check_magnet(base).await.expect("no hosts");
    g.check_magnet(&format!("{base}&tr=udp%3A%2F%2Ftracker.test%3A80"))
        .await
        .expect("public tracker");
    for bad in [
        "&tr=http%3A%2F%2Finside.test%2Fannounce",
        "&tr=udp%3A%2F%2F127.0.0.1%3A6969",
        "&tr=udp%3A%2F%2F0x7f.1%3A6969",
        "&xs=http%3A%2F%2F169.254.169.254%2Fx.torrent",
        "&ws=http%3A%2F%2F%5B%3A%3A1%5D%2F",
    ] {
        assert_blocked(g.check_magnet(&format!("{base}{bad}")).await, bad);
    }
    assert!(matches!(
        g.check_magnet("http://x/").await,
        Err(FetchError::BadUrl(_))
    ));
}
