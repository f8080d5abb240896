//! Local sources, and aria2's `followedBy` against a fake JSON-RPC endpoint that answers
//! the way aria2 documents it.

mod common;

use std::os::unix::fs::MetadataExt;
use std::sync::{Arc, Mutex};

use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use streamvault_fetch::aria2::Aria2;
use streamvault_fetch::{
    fetch, no_progress, place_local, FetchError, FetchOptions, LocalMode, Placed, Source,
};

#[tokio::test]
async fn local_files_are_linked_or_copied_and_only_regular_files_accepted() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = dir.path().join("Some.Show.S01E02.mkv");
    std::fs::write(&src, b"video bytes").expect("write");
    let work = dir.path().join("work");
    let opts = FetchOptions::new(common::loopback_client());
    let got = fetch(
        &Source::parse(src.to_str().expect("utf8")).expect("src"),
        &work,
        &opts,
        &no_progress,
    )
    .await
    .expect("local");
    assert_eq!(got.path, work.join("Some.Show.S01E02.mkv"));
    assert_eq!(
        (got.size, got.original_name.as_str()),
        (11, "Some.Show.S01E02.mkv")
    );
    let (a, b) = (
        std::fs::metadata(&src).expect("m"),
        std::fs::metadata(&got.path).expect("m"),
    );
    assert_eq!(a.ino(), b.ino(), "hard-linked on the same file system");
    // Copy mode, through a symlink: a separate regular file with the same bytes.
    let link = dir.path().join("link.mkv");
    std::os::unix::fs::symlink(&src, &link).expect("symlink");
    let copy = work.join("copy.mkv");
    assert_eq!(
        place_local(&link, &copy, LocalMode::Copy)
            .await
            .expect("copy"),
        Placed {
            size: 11,
            digests: Some(streamvault_media::hash_file(&src).await.expect("hash")),
        },
        "a copy is hashed as it is written"
    );
    assert_eq!(got.digests, None, "a hard link reads nothing");
    let c = std::fs::symlink_metadata(&copy).expect("m");
    assert!(c.is_file() && c.ino() != a.ino());
    // Not regular files.
    for bad in [dir.path().to_owned(), "/dev/null".into()] {
        let r = place_local(&bad, &work.join("x"), LocalMode::LinkOrCopy).await;
        assert!(
            matches!(r, Err(FetchError::NotRegularFile(_))),
            "{bad:?}: {r:?}"
        );
    }
    let r = place_local(
        &dir.path().join("missing"),
        &work.join("y"),
        LocalMode::Copy,
    )
    .await;
    assert!(matches!(r, Err(FetchError::Io(_))), "{r:?}");
}

/// A fake aria2 RPC: a magnet's metadata download (gid1) completes and is followed by
/// the real download (gid2), which is active once and then complete.
async fn fake_aria2(calls: Arc<Mutex<Vec<Value>>>) -> u16 {
    let app = Router::new().route(
        "/jsonrpc",
        post(move |Json(req): Json<Value>| {
            let calls = calls.clone();
            async move {
                let n = {
                    let mut c = calls.lock().expect("lock");
                    c.push(req.clone());
                    c.len()
                };
                let id = req["id"].clone();
                if req["params"][0] != "token:s3cret" {
                    let err = json!({"id": id, "jsonrpc": "2.0", "error": {"code": 1, "message": "Unauthorized"}});
                    return (axum::http::StatusCode::BAD_REQUEST, Json(err));
                }
                let result = match (req["method"].as_str(), req["params"][1].as_str()) {
                    (Some("aria2.addUri"), _) => json!("gid1"),
                    (Some("aria2.tellStatus"), Some("gid1")) => json!({"gid": "gid1", "status": "complete",
                        "totalLength": "300", "completedLength": "300", "downloadSpeed": "0",
                        "followedBy": ["gid2"], "files": [{"path": "[METADATA]x", "length": "300", "completedLength": "300"}]}),
                    (Some("aria2.tellStatus"), Some("gid2")) if n < 5 => json!({"gid": "gid2", "status": "active",
                        "totalLength": "1000", "completedLength": "400", "downloadSpeed": "100", "files": []}),
                    (Some("aria2.tellStatus"), Some("gid2")) => json!({"gid": "gid2", "status": "complete",
                        "totalLength": "1000", "completedLength": "1000", "downloadSpeed": "0",
                        "files": [{"path": "/dl/Show/e1.mkv", "length": "1000", "completedLength": "1000"}]}),
                    _ => json!(null),
                };
                (axum::http::StatusCode::OK, Json(json!({"id": id, "jsonrpc": "2.0", "result": result})))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    port
}

#[tokio::test]
async fn followed_by_leads_to_the_real_download() {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let port = fake_aria2(calls.clone()).await;
    let aria2 = Aria2::connect(port, "s3cret");
    let seen = Mutex::new(Vec::new());
    let report = |p: streamvault_fetch::Progress| seen.lock().expect("lock").push(p.done);
    let done = aria2
        .download(
            "magnet:?xt=urn:btih:00",
            std::path::Path::new("/dl"),
            None,
            &report,
        )
        .await
        .expect("download");
    assert_eq!(done.gid, "gid2");
    assert_eq!(done.total, 1000);
    assert_eq!(
        done.files[0].path,
        std::path::PathBuf::from("/dl/Show/e1.mkv")
    );
    let seen = seen.into_inner().expect("lock");
    assert!(
        seen.contains(&400) && seen.last() == Some(&1000),
        "{seen:?}"
    );
    let first = calls.lock().expect("lock")[0].clone();
    assert_eq!(first["method"], "aria2.addUri");
    assert_eq!(first["params"][1], json!(["magnet:?xt=urn:btih:00"]));
    assert_eq!(first["params"][2]["dir"], "/dl");
    // Wrong secret → the RPC error object, typed.
    let wrong = Aria2::connect(port, "nope")
        .add_uri(&["http://x/"], &Default::default())
        .await;
    assert!(
        matches!(
            wrong,
            Err(streamvault_fetch::Aria2Error::Rpc { code: 1, .. })
        ),
        "{wrong:?}"
    );
}
