//! The SSRF guard against many address forms, names, redirects and rebinding.

mod common;

use std::net::IpAddr;
use std::sync::Arc;

use streamvault_fetch::guard::StaticLookup;
use streamvault_fetch::{FetchError, GuardPolicy, GuardedClient, HttpOptions, UrlGuard};
use url::Url;

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

const NON_GLOBAL_URLS: &[&str] = &[
    "http://127.0.0.1/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://127.0.0.1./",
    "http://0/",
    "http://0.0.0.0:8080/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b::a00:1]/",
    "http://[2002:7f00:1::]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.2.1/",
    "http://198.18.0.1/",
    "https://[fd00::1]/",
    "https://[fe80::1]/",
    "https://[ff02::1]/",
    "https://[2001:db8::1]/",
];

#[tokio::test]
async fn non_global_literals_are_blocked_without_connecting() {
    let c = client(GuardPolicy::strict(), StaticLookup::new());
    for text in NON_GLOBAL_URLS {
        let url = Url::parse(text).expect(text);
        assert_blocked(c.guard().check_syntax(&url), text);
        assert_blocked(c.get(&url).await.map(|_| ()), text);
        assert_blocked(c.check_alive(&url).await, text);
    }
}

#[test]
fn bad_urls_are_refused() {
    let g = UrlGuard::with_lookup(GuardPolicy::strict(), Arc::new(StaticLookup::new()));
    for text in [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "gopher://example.com/",
        "http://user:pass@example.com/",
        "http://user@example.com/",
        "not a url",
    ] {
        assert!(
            matches!(g.parse(text), Err(FetchError::BadUrl(_))),
            "{text}"
        );
    }
    assert!(g.parse("https://example.com/v.mkv").is_ok());
}

#[tokio::test]
async fn names_resolving_to_non_global_addresses_are_blocked() {
    let lookup = StaticLookup::new()
        .with("internal.test", &[ip("10.0.0.5")])
        .with("metadata.test", &[ip("169.254.169.254")])
        .with("mixed.test", &[ip("93.184.216.34"), ip("127.0.0.1")])
        .with("v6local.test", &[ip("fd12::1")])
        .with("public.test", &[ip("93.184.216.34")]);
    let g = UrlGuard::with_lookup(GuardPolicy::strict(), Arc::new(lookup));
    for host in [
        "internal.test",
        "metadata.test",
        "mixed.test",
        "v6local.test",
    ] {
        assert_blocked(g.resolve_checked(host).await, host);
    }
    assert_eq!(
        g.resolve_checked("public.test").await.expect("public"),
        [ip("93.184.216.34")]
    );
    // The system resolver: localhost is loopback.
    let sys = UrlGuard::new(GuardPolicy::strict());
    assert_blocked(
        sys.check_url(&Url::parse("http://localhost:1/").expect("url"))
            .await,
        "localhost",
    );
}
