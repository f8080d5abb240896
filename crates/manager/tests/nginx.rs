//! The shipped nginx config, run by real nginx: secure links, slices and cache, purge.

mod support;

use std::collections::HashMap;
use streamvault_core::signer::Signer;
use streamvault_manager::nginx::{purge_file, SLICE_BYTES};
use support::{content, Nginx, Upstream};

const SECRET: &str = "test-secret-0f9e";
const NOW: i64 = 1_800_000_000;
const SIZE: usize = 3 * SLICE_BYTES as usize + 12_345;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn setup(paths: &[&str]) -> (Upstream, Nginx, Signer) {
    let files: HashMap<String, Vec<u8>> = paths
        .iter()
        .map(|p| (p.to_string(), content(p, SIZE)))
        .collect();
    let upstream = Upstream::start(files).await;
    let nginx = Nginx::start(upstream.addr, SECRET, false).await;
    let signer = Signer::new(&nginx.base, SECRET, 4 * 3600, false);
    (upstream, nginx, signer)
}

#[tokio::test]
async fn signed_urls_are_served_cached_and_purged() {
    let path = "/s/Abc1234/Movie (1999) 1080p [StreamVault].mkv";
    let (upstream, nginx, signer) = setup(&[path]).await;
    let client = reqwest::Client::new();
    let url = signer.sign(path, now(), None).unwrap().url;

    let full = client.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.bytes().await.unwrap().to_vec(), content(path, SIZE));
    let after_first = upstream.hits();
    assert_eq!(after_first, 4, "one upstream request per 1 MiB slice");

    let ranged = client
        .get(&url)
        .header("Range", "bytes=1048000-1049000")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), 206);
    assert_eq!(
        ranged.headers()["content-range"],
        format!("bytes 1048000-1049000/{SIZE}").as_str()
    );
    assert_eq!(
        ranged.bytes().await.unwrap().to_vec(),
        content(path, SIZE)[1048000..=1049000].to_vec()
    );
    let suffix = client
        .get(&url)
        .header("Range", "bytes=-100")
        .send()
        .await
        .unwrap();
    assert_eq!(suffix.status(), 206);
    assert_eq!(
        suffix.bytes().await.unwrap().to_vec(),
        content(path, SIZE)[SIZE - 100..].to_vec()
    );
    let other_link = signer.sign(path, now() + 60, None).unwrap().url;
    let cached = client.get(&other_link).send().await.unwrap();
    assert_eq!(cached.headers()["x-cache-status"], "HIT");
    assert_eq!(cached.bytes().await.unwrap().len(), SIZE);
    assert_eq!(
        upstream.hits(),
        after_first,
        "served from cache: md5/expires are not in the cache key"
    );

    let report = purge_file(&client, &nginx.base, path, SIZE as u64)
        .await
        .unwrap();
    assert_eq!((report.purged, report.not_cached), (4, 0));
    let again = purge_file(&client, &nginx.base, path, SIZE as u64)
        .await
        .unwrap();
    assert_eq!(
        (again.purged, again.not_cached),
        (0, 4),
        "purging twice is safe"
    );
    let refetched = client.get(&url).send().await.unwrap();
    assert_eq!(refetched.bytes().await.unwrap().len(), SIZE);
    assert_eq!(
        upstream.hits(),
        after_first + 4,
        "after the purge nginx goes to the upstream again"
    );
}

#[tokio::test]
async fn bad_and_expired_links_are_refused() {
    let path = "/s/Abc1234/file.mkv";
    let (upstream, nginx, signer) = setup(&[path]).await;
    let client = reqwest::Client::new();
    let good = signer.sign(path, now(), None).unwrap().url;
    let hash = good
        .split("md5=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let mut flipped: Vec<char> = hash.chars().collect();
    flipped[0] = if flipped[0] == 'A' { 'B' } else { 'A' };
    let tampered = good.replace(hash, &flipped.into_iter().collect::<String>());
    assert_eq!(client.get(&tampered).send().await.unwrap().status(), 403);
    let no_args = format!("{}{}", nginx.base, "/s/Abc1234/file.mkv");
    assert_eq!(client.get(&no_args).send().await.unwrap().status(), 403);
    let other_path = good.replace("file.mkv", "other.mkv");
    assert_eq!(
        client.get(&other_path).send().await.unwrap().status(),
        403,
        "a hash is bound to its path"
    );
    let expired = signer
        .sign_until(path, NOW.min(now() - 1), None)
        .unwrap()
        .url;
    assert_eq!(client.get(&expired).send().await.unwrap().status(), 410);
    let later = good.replace(
        &format!("expires={}", good.rsplit("expires=").next().unwrap()),
        &format!("expires={}", now() + 999_999),
    );
    assert_eq!(
        client.get(&later).send().await.unwrap().status(),
        403,
        "the expiry is part of the hash"
    );
    assert_eq!(upstream.hits(), 0, "nothing refused reaches the upstream");
    assert_eq!(client.get(&good).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn awkward_paths_work() {
    let paths = [
        "/s/x/with space.mkv",
        "/s/x/100% sure.mkv",
        "/s/x/a+b=c&d.mkv",
        "/s/x/Amélie – 卧虎藏龙.mkv",
        "/s/x/quote'\"#?.mkv",
    ];
    let (_upstream, nginx, signer) = setup(&paths).await;
    let client = reqwest::Client::new();
    for path in paths {
        let url = signer.sign(path, now(), None).unwrap().url;
        let response = client
            .get(&url)
            .header("Range", "bytes=0-99")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 206, "{path}: {url}");
        assert_eq!(
            response.bytes().await.unwrap().to_vec(),
            content(path, SIZE)[..100].to_vec(),
            "{path}"
        );
        let purged = purge_file(&client, &nginx.base, path, SIZE as u64)
            .await
            .unwrap();
        assert_eq!(
            purged.purged, 1,
            "{path}: the purge key matches the cache key"
        );
    }
}

#[tokio::test]
async fn links_can_be_bound_to_the_client_ip() {
    let path = "/s/x/bound.mkv";
    let files = HashMap::from([(path.to_owned(), content(path, SIZE))]);
    let upstream = Upstream::start(files).await;
    let nginx = Nginx::start(upstream.addr, SECRET, true).await;
    let signer = Signer::new(&nginx.base, SECRET, 3600, true);
    let client = reqwest::Client::new();
    let mine = signer
        .sign(path, now(), Some("127.0.0.1".parse().unwrap()))
        .unwrap()
        .url;
    let someone_else = signer
        .sign(path, now(), Some("203.0.113.9".parse().unwrap()))
        .unwrap()
        .url;
    assert_eq!(
        client
            .get(&mine)
            .header("Range", "bytes=0-9")
            .send()
            .await
            .unwrap()
            .status(),
        206
    );
    assert_eq!(
        client.get(&someone_else).send().await.unwrap().status(),
        403
    );
}
