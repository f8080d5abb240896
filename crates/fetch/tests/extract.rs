//! Pages: real yt-dlp, and the fallback extractor whose HLS URL ffmpeg remuxes.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use streamvault_fetch::{
    fetch, no_progress, FallbackExtractor, FetchError, FetchOptions, Source, YtDlpConfig,
};

use common::server::TestServer;
use streamvault_media::ProcessError;

/// A fake extractor: records its arguments, prints some noise and then `prints`.
fn fake_extractor(dir: &Path, prints: &str) -> (FallbackExtractor, PathBuf) {
    let script = dir.join("extractor.sh");
    let args_file = dir.join("args.txt");
    let body = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\necho 'looking around...'\necho '{prints}'\n",
        args_file.display()
    );
    std::fs::write(&script, body).expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let json = serde_json::json!([script, "--page={url}", "{query}"]).to_string();
    (
        FallbackExtractor::from_json(&json).expect("config"),
        args_file,
    )
}

#[tokio::test]
async fn ytdlp_fails_and_the_fallback_hls_stream_is_remuxed_by_ffmpeg() {
    if !(common::tool("ffmpeg") && common::tool("ffprobe") && common::tool("yt-dlp")) {
        return;
    }
    let media = tempfile::tempdir().expect("tmp");
    common::make_hls(media.path(), 6);
    let server = TestServer::start(10, Some(media.path().to_owned())).await;
    let scratch = tempfile::tempdir().expect("tmp");
    let hls_url = server.url("/static/hls/index.m3u8");
    let (fallback, args_file) = fake_extractor(scratch.path(), hls_url.as_str());
    let opts = FetchOptions {
        fallback: Some(fallback),
        query: Some("some title; rm -rf /".into()),
        ..FetchOptions::new(common::loopback_client())
    };
    let work = scratch.path().join("work");
    let page = server.url("/page.html");
    let got = fetch(&Source::Url(page.clone()), &work, &opts, &no_progress)
        .await
        .expect("fallback path");
    // The placeholders were substituted per argument, with no shell in between.
    let args = std::fs::read_to_string(&args_file).expect("args");
    assert_eq!(args, format!("--page={page}\nsome title; rm -rf /\n"));
    assert_eq!(got.path, work.join("index.mkv"));
    assert!(got.size > 10_000, "size {}", got.size);
    let seconds = common::duration(&got.path);
    assert!((5.0..7.5).contains(&seconds), "duration {seconds}");
    assert!(!work.join("index.mkv.part").exists());
}

#[tokio::test]
async fn ytdlp_downloads_a_direct_media_url() {
    if !(common::tool("ffmpeg") && common::tool("yt-dlp")) {
        return;
    }
    let media = tempfile::tempdir().expect("tmp");
    common::run(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=10",
            "-t",
            "2",
            "-pix_fmt",
            "yuv420p",
            media.path().join("clip.mp4").to_str().expect("utf8"),
        ],
    );
    let server = TestServer::start(10, Some(media.path().to_owned())).await;
    let work = tempfile::tempdir().expect("tmp");
    let opts = FetchOptions::new(common::loopback_client());
    let got = fetch(
        &Source::Page(server.url("/static/clip.mp4")),
        work.path(),
        &opts,
        &no_progress,
    )
    .await
    .expect("yt-dlp");
    let original = std::fs::read(media.path().join("clip.mp4")).expect("read");
    assert_eq!(std::fs::read(&got.path).expect("read"), original);
    assert_eq!(got.path.parent(), Some(work.path()));
    assert!(got.original_name.ends_with(".mp4"), "{}", got.original_name);
}

#[tokio::test]
async fn fallback_urls_pass_the_guard_and_errors_are_combined() {
    if !common::tool("yt-dlp") {
        return;
    }
    let server = TestServer::start(2048, None).await;
    let scratch = tempfile::tempdir().expect("tmp");
    let work = scratch.path().join("work");
    // The extractor points at the cloud metadata address: refused.
    let (evil, _) = fake_extractor(scratch.path(), "http://169.254.169.254/latest/meta-data/");
    let opts = FetchOptions {
        fallback: Some(evil),
        ..FetchOptions::new(common::loopback_client())
    };
    match fetch(
        &Source::Page(server.url("/page.html")),
        &work,
        &opts,
        &no_progress,
    )
    .await
    {
        Err(FetchError::Extraction { ytdlp, fallback }) => {
            assert!(matches!(*ytdlp, FetchError::Process(_)), "{ytdlp:?}");
            assert!(
                matches!(*fallback, FetchError::Blocked { .. }),
                "{fallback:?}"
            );
        }
        other => panic!("expected Extraction, got {other:?}"),
    }
    // An extractor that prints nothing useful.
    let (silent, _) = fake_extractor(scratch.path(), "no url here");
    let opts = FetchOptions {
        fallback: Some(silent),
        ..opts
    };
    let r = fetch(
        &Source::Page(server.url("/page.html")),
        &work,
        &opts,
        &no_progress,
    )
    .await;
    assert!(
        matches!(&r, Err(FetchError::Extraction { fallback, .. }) if matches!(**fallback, FetchError::NoMediaUrl { .. })),
        "{r:?}"
    );
    // A direct file printed by the extractor is downloaded (guarded client, no aria2).
    let (direct, _) = fake_extractor(scratch.path(), server.url("/file.bin").as_str());
    let opts = FetchOptions {
        fallback: Some(direct),
        ..opts
    };
    let got = fetch(
        &Source::Page(server.url("/page.html")),
        &work,
        &opts,
        &no_progress,
    )
    .await
    .expect("direct via fallback");
    assert_eq!(std::fs::read(&got.path).expect("read"), *server.data);
    // No fallback configured: yt-dlp's own error.
    let opts = FetchOptions {
        fallback: None,
        ..opts
    };
    let r = fetch(
        &Source::Page(server.url("/page.html")),
        &work,
        &opts,
        &no_progress,
    )
    .await;
    assert!(matches!(r, Err(FetchError::Process(_))), "{r:?}");
    // yt-dlp missing is a typed NotInstalled, and the fallback still runs.
    let missing = YtDlpConfig {
        program: "/nonexistent/yt-dlp".into(),
        ..YtDlpConfig::default()
    };
    let r = missing.download(&server.url("/page.html"), &work).await;
    assert!(
        matches!(
            r,
            Err(FetchError::Process(ProcessError::NotInstalled { .. }))
        ),
        "{r:?}"
    );
    let (direct, _) = fake_extractor(scratch.path(), server.url("/file.bin").as_str());
    let opts = FetchOptions {
        ytdlp: Some(missing),
        fallback: Some(direct),
        ..opts
    };
    fetch(
        &Source::Page(server.url("/page.html")),
        &work,
        &opts,
        &no_progress,
    )
    .await
    .expect("fallback after a missing yt-dlp");
}
