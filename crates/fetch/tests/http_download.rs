//! Guarded downloads against the loopback server: plain, resumed, restarted, redirected,
//! 404, oversized; liveness checks; the dispatcher's naming.

mod common;

use std::sync::Mutex;

use streamvault_fetch::{
    fetch, no_progress, FetchError, FetchOptions, GuardPolicy, GuardedClient, HttpOptions,
    Progress, Source, UrlGuard, PARTIAL_DIR,
};

use common::server::TestServer;

const SIZE: usize = 3 * 1024 * 1024 + 123;

#[tokio::test]
async fn plain_download_with_progress() {
    let server = TestServer::start(SIZE, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let dest = dir.path().join("out.bin");
    let seen = Mutex::new(Vec::<Progress>::new());
    let record = |p: Progress| seen.lock().expect("lock").push(p);
    let done = common::loopback_client()
        .download_to_file(&server.url("/file.bin"), &dest, &record)
        .await
        .expect("download");
    assert_eq!(done.size, SIZE as u64);
    assert_eq!(done.resumed_from, 0);
    assert_eq!(std::fs::read(&dest).expect("read"), *server.data);
    assert_eq!(
        done.digests,
        Some(one_pass(&server.data)),
        "hashed as written"
    );
    assert!(!dir.path().join("out.bin.part").exists());
    let seen = seen.into_inner().expect("lock");
    let last = seen.last().expect("a final report");
    assert_eq!((last.done, last.total), (SIZE as u64, Some(SIZE as u64)));
}

#[tokio::test]
async fn interrupted_transfer_resumes_with_range() {
    let server = TestServer::start(SIZE, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let dest = dir.path().join("cut.bin");
    let c = common::loopback_client();
    // First attempt: the server breaks the connection after half the body.
    let err = c
        .download_to_file(&server.url("/cut.bin"), &dest, &no_progress)
        .await
        .expect_err("cut");
    assert!(err.is_transient(), "{err:?}");
    assert!(!dest.exists(), "never half-written at the final path");
    let part = dir.path().join("cut.bin.part");
    let kept = std::fs::metadata(&part).expect("part kept").len();
    assert!(kept > 0 && kept <= SIZE as u64 / 2, "kept {kept}");
    // Second attempt resumes from the partial file (206 + matching Content-Range).
    let done = c
        .download_to_file(&server.url("/cut.bin"), &dest, &no_progress)
        .await
        .expect("resume");
    assert_eq!(done.resumed_from, kept);
    assert_eq!(std::fs::read(&dest).expect("read"), *server.data);
    assert_eq!(
        done.digests,
        Some(one_pass(&server.data)),
        "the kept prefix and the rest hash as one file"
    );
}

/// The digests of `data` hashed in one pass.
fn one_pass(data: &[u8]) -> streamvault_media::Digests {
    let mut h = streamvault_media::TripleHasher::new();
    h.update(data);
    h.finish()
}

#[tokio::test]
async fn server_ignoring_range_restarts_from_zero() {
    let server = TestServer::start(100_000, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let dest = dir.path().join("n.bin");
    std::fs::write(dir.path().join("n.bin.part"), vec![0xEE; 5000]).expect("stale part");
    let done = common::loopback_client()
        .download_to_file(&server.url("/norange.bin"), &dest, &no_progress)
        .await
        .expect("download");
    assert_eq!(done.resumed_from, 0);
    assert_eq!(std::fs::read(&dest).expect("read"), *server.data);
    assert_eq!(
        done.digests,
        Some(one_pass(&server.data)),
        "stale part not hashed"
    );
}

#[tokio::test]
async fn complete_partial_file_is_accepted_on_416() {
    let server = TestServer::start(4096, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let dest = dir.path().join("f.bin");
    std::fs::write(dir.path().join("f.bin.part"), &*server.data).expect("part");
    let done = common::loopback_client()
        .download_to_file(&server.url("/file.bin"), &dest, &no_progress)
        .await
        .expect("download");
    assert_eq!((done.size, done.resumed_from), (4096, 4096));
    assert_eq!(std::fs::read(&dest).expect("read"), *server.data);
}

#[tokio::test]
async fn redirect_chain_404_and_size_limits() {
    let server = TestServer::start(SIZE, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let c = common::loopback_client();
    let done = c
        .download_to_file(
            &server.url("/redirect/4"),
            &dir.path().join("r.bin"),
            &no_progress,
        )
        .await
        .expect("redirected");
    assert_eq!(done.final_url.path(), "/file.bin");
    assert_eq!(done.size, SIZE as u64);
    let missing = c
        .download_to_file(
            &server.url("/missing"),
            &dir.path().join("m.bin"),
            &no_progress,
        )
        .await;
    assert!(
        matches!(missing, Err(FetchError::Status { code: 404 })),
        "{missing:?}"
    );

    let small = HttpOptions {
        max_bytes: Some(1024 * 1024),
        ..HttpOptions::default()
    };
    let c = GuardedClient::new(UrlGuard::new(GuardPolicy::with_loopback()), small).expect("client");
    for path in ["/file.bin", "/chunked.bin"] {
        let dest = dir.path().join("big.bin");
        let r = c
            .download_to_file(&server.url(path), &dest, &no_progress)
            .await;
        assert!(
            matches!(r, Err(FetchError::TooLarge { limit: 1048576 })),
            "{path}: {r:?}"
        );
        assert!(
            !dest.exists() && !dir.path().join("big.bin.part").exists(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn liveness_checks() {
    let server = TestServer::start(5000, None).await;
    let c = common::loopback_client();
    let ok = c.check_alive(&server.url("/file.bin")).await.expect("head");
    assert!(ok.alive);
    assert_eq!((ok.status, ok.size), (200, Some(5000)));
    // HEAD refused with 405: a one-byte ranged GET decides.
    let ranged = c
        .check_alive(&server.url("/nohead.bin"))
        .await
        .expect("get");
    assert!(ranged.alive);
    assert_eq!((ranged.status, ranged.size), (206, Some(5000)));
    let dead = c.check_alive(&server.url("/missing")).await.expect("404");
    assert!(!dead.alive);
    assert_eq!(dead.status, 404);
    let moved = c
        .check_alive(&server.url("/redirect/2"))
        .await
        .expect("redirects");
    assert!(moved.alive);
    assert_eq!(moved.final_url.path(), "/file.bin");
}

#[tokio::test]
async fn dispatcher_names_and_classification() {
    let server = TestServer::start(70_000, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let opts = FetchOptions::new(common::loopback_client());
    // Content-Disposition with a path: only the last component, sanitized.
    let got = fetch(
        &Source::parse(server.url("/named").as_str()).expect("src"),
        dir.path(),
        &opts,
        &no_progress,
    )
    .await
    .expect("named");
    assert_eq!(got.original_name, "../../etc/The.Movie.2001.mkv");
    assert_eq!(got.path, dir.path().join("The.Movie.2001.mkv"));
    assert_eq!(got.size, 70_000);
    // The caller's name wins, made safe.
    let named = FetchOptions {
        name: Some("../x/My File?.bin".into()),
        ..opts.clone()
    };
    let got = fetch(
        &Source::Url(server.url("/file.bin")),
        dir.path(),
        &named,
        &no_progress,
    )
    .await
    .expect("file");
    assert_eq!(got.path, dir.path().join("My File.bin"));
    assert_eq!(std::fs::read(&got.path).expect("read"), *server.data);
    // Nothing is left in staging.
    let staged = std::fs::read_dir(dir.path().join(PARTIAL_DIR))
        .expect("staging")
        .count();
    assert_eq!(staged, 0);
    // Classification by content type.
    let c = common::loopback_client();
    let page = Source::Url(server.url("/page.html"))
        .classify(&c)
        .await
        .expect("page");
    assert!(matches!(page, Source::Page(_)), "{page:?}");
    let file = Source::Url(server.url("/file.bin"))
        .classify(&c)
        .await
        .expect("file");
    assert!(matches!(file, Source::Direct(_)), "{file:?}");
    let gone = Source::Url(server.url("/missing")).classify(&c).await;
    assert!(matches!(gone, Err(FetchError::Status { code: 404 })));
}
