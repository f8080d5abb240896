//! A real `aria2c` over loopback: RPC, downloads with progress, typed errors, restart
//! after a kill, shutdown; `followedBy` against a fake RPC endpoint.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use streamvault_fetch::aria2::{Aria2, DaemonState};
use streamvault_fetch::{
    fetch, no_progress, Aria2Config, Aria2Daemon, Aria2Error, FetchOptions, Progress, Source,
    PARTIAL_DIR,
};

use common::server::TestServer;

async fn daemon(dir: &Path) -> Option<Aria2Daemon> {
    if !common::tool("aria2c") {
        return None;
    }
    Some(
        Aria2Daemon::start(Aria2Config::new(dir))
            .await
            .expect("aria2c starts"),
    )
}

fn pid_of(d: &Aria2Daemon) -> u32 {
    match d.state() {
        DaemonState::Ready { pid, .. } => pid,
        other => panic!("not ready: {other:?}"),
    }
}

async fn gone(pid: u32) -> bool {
    for _ in 0..200 {
        if !Path::new(&format!("/proc/{pid}")).exists() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

#[tokio::test]
async fn download_progress_and_typed_errors() {
    let server = TestServer::start(3 << 20, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let Some(d) = daemon(dir.path()).await else {
        return;
    };
    let aria2 = d.client();
    assert!(aria2.version().await.expect("version").starts_with('1'));
    let pid = pid_of(&d);
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).expect("cmdline");
    assert!(
        !String::from_utf8_lossy(&cmdline).contains("rpc-secret"),
        "secret on the command line"
    );

    let last = Arc::new(AtomicU64::new(0));
    let seen = last.clone();
    let report = move |p: Progress| seen.store(p.done, Ordering::SeqCst);
    let done = aria2
        .download(
            server.url("/file.bin").as_str(),
            dir.path(),
            Some("a.bin"),
            &report,
        )
        .await
        .expect("download");
    assert_eq!(done.total, 3 << 20);
    assert_eq!(last.load(Ordering::SeqCst), 3 << 20);
    assert_eq!(done.files[0].path, dir.path().join("a.bin"));
    assert_eq!(
        std::fs::read(dir.path().join("a.bin")).expect("read"),
        *server.data
    );
    assert!(aria2.global_stat().await.expect("stat").num_stopped >= 1);

    let missing = aria2
        .download(
            server.url("/missing").as_str(),
            dir.path(),
            Some("m.bin"),
            &no_progress,
        )
        .await;
    match missing {
        Err(e @ Aria2Error::DownloadFailed { .. }) => assert!(!e.is_transient(), "{e}"),
        other => panic!("expected DownloadFailed, got {other:?}"),
    }
    let unknown = aria2
        .tell_status("0123456789abcdef")
        .await
        .expect_err("unknown gid");
    assert!(unknown.is_unknown_gid(), "{unknown:?}");
    let DaemonState::Ready { port, .. } = d.state() else {
        panic!("not ready")
    };
    let wrong = Aria2::connect(port, "not-the-secret").version().await;
    assert!(
        matches!(&wrong, Err(Aria2Error::Rpc { code: 1, message }) if message == "Unauthorized"),
        "{wrong:?}"
    );

    d.shutdown().await;
    assert!(gone(pid).await, "aria2c still running after shutdown");
}

#[tokio::test]
async fn killed_daemon_is_restarted_and_the_download_completes() {
    let server = TestServer::start(4 << 20, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let Some(d) = daemon(dir.path()).await else {
        return;
    };
    let first = pid_of(&d);
    let aria2 = d.client();
    let done_bytes = Arc::new(AtomicU64::new(0));
    let seen = done_bytes.clone();
    let url = server.url("/slow.bin");
    let target = dir.path().to_owned();
    let job = tokio::spawn(async move {
        let report = move |p: Progress| seen.store(p.done, Ordering::SeqCst);
        aria2
            .download(url.as_str(), &target, Some("slow.bin"), &report)
            .await
    });
    // Kill aria2c once it is well into the transfer.
    for _ in 0..400 {
        if done_bytes.load(Ordering::SeqCst) > 512 * 1024 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        done_bytes.load(Ordering::SeqCst) > 512 * 1024,
        "no progress before the kill"
    );
    common::run("kill", &["-9", &first.to_string()]);
    let done = tokio::time::timeout(Duration::from_secs(60), job)
        .await
        .expect("finishes")
        .expect("join")
        .expect("download survives the restart");
    assert_eq!(done.total, 4 << 20);
    assert_eq!(
        std::fs::read(dir.path().join("slow.bin")).expect("read"),
        *server.data
    );
    let DaemonState::Ready {
        pid, generation, ..
    } = d.state()
    else {
        panic!("not ready")
    };
    assert!(
        generation >= 1 && pid != first,
        "restarted: gen {generation}, pid {pid}"
    );
    // The restarted daemon serves new downloads too.
    d.client()
        .download(
            server.url("/file.bin").as_str(),
            dir.path(),
            Some("after.bin"),
            &no_progress,
        )
        .await
        .expect("download after restart");
    drop(d);
    assert!(gone(pid).await, "aria2c still running after drop");
}

#[tokio::test]
async fn dispatcher_uses_aria2_when_configured() {
    let server = TestServer::start(300_000, None).await;
    let dir = tempfile::tempdir().expect("tmp");
    let work = dir.path().join("work");
    let opts = FetchOptions::new(common::loopback_client());
    let torrent = fetch(
        &Source::Torrent("magnet:?xt=urn:btih:00".into()),
        &work,
        &opts,
        &no_progress,
    )
    .await;
    assert!(
        matches!(torrent, Err(streamvault_fetch::FetchError::Unsupported(_))),
        "{torrent:?}"
    );
    let Some(d) = daemon(dir.path()).await else {
        return;
    };
    let opts = FetchOptions {
        aria2: Some(d.client()),
        http_via_aria2: true,
        ..opts
    };
    let got = fetch(
        &Source::Direct(server.url("/file.bin")),
        &work,
        &opts,
        &no_progress,
    )
    .await
    .expect("via aria2");
    assert_eq!(got.path, work.join("file.bin"));
    assert_eq!(got.size, 300_000);
    assert_eq!(std::fs::read(&got.path).expect("read"), *server.data);
    let staged = std::fs::read_dir(work.join(PARTIAL_DIR).join("aria2"))
        .expect("staging")
        .count();
    assert_eq!(staged, 0, "staging is empty");
    // The guard still applies to what is handed to aria2.
    let strict = FetchOptions {
        http: streamvault_fetch::GuardedClient::new(
            streamvault_fetch::UrlGuard::new(streamvault_fetch::GuardPolicy::strict()),
            Default::default(),
        )
        .expect("client"),
        ..opts
    };
    let blocked = fetch(
        &Source::Direct(server.url("/file.bin")),
        &work,
        &strict,
        &no_progress,
    )
    .await;
    assert!(
        matches!(blocked, Err(streamvault_fetch::FetchError::Blocked { .. })),
        "{blocked:?}"
    );
}
