//! The Process wrapper against real programs.

mod common;

use std::time::{Duration, Instant};

use streamvault_media::{version, Process, ProcessError};

#[tokio::test]
async fn missing_program_is_not_installed_with_hint() {
    let err = Process::new("ffmpeg-does-not-exist-42")
        .run()
        .await
        .expect_err("missing");
    assert!(matches!(err, ProcessError::NotInstalled { .. }), "{err}");
    let err = Process::new("/nonexistent/bin/ffprobe")
        .run()
        .await
        .expect_err("missing");
    match err {
        ProcessError::NotInstalled { install_hint, .. } => {
            assert_eq!(install_hint, "apt-get install ffmpeg")
        }
        other => panic!("{other}"),
    }
    assert!(matches!(
        version("7zz-not-here").await,
        Err(ProcessError::NotInstalled { .. })
    ));
}

#[tokio::test]
async fn failure_carries_status_and_stderr_tail() {
    let script = "printf 'x%.0s' $(seq 5000) >&2; echo; echo the real reason >&2; exit 3";
    let err = Process::new("sh")
        .args(["-c", script])
        .run()
        .await
        .expect_err("fails");
    match err {
        ProcessError::Failed {
            status,
            stderr_tail,
            ..
        } => {
            assert_eq!(status.code(), Some(3));
            assert!(stderr_tail.ends_with("the real reason"), "{stderr_tail}");
            assert!(stderr_tail.len() <= 2048);
        }
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn arguments_are_not_shell_parsed() {
    let out = Process::new("printf")
        .args(["%s|", "a b", "$HOME", "; rm -rf /"])
        .output()
        .await
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "a b|$HOME|; rm -rf /|"
    );
}

fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

async fn wait_dead(pid: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) {
        assert!(Instant::now() < deadline, "process {pid} still alive");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn timeout_kills_the_program() {
    let dir = tempfile::tempdir().expect("tmp");
    let pidfile = dir.path().join("pid");
    let script = format!("echo $$ > '{}'; exec sleep 30", pidfile.display());
    let started = Instant::now();
    let err = Process::new("sh")
        .args(["-c", &script])
        .timeout(Duration::from_millis(300))
        .run()
        .await
        .expect_err("times out");
    assert!(matches!(err, ProcessError::TimedOut { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let pid = std::fs::read_to_string(&pidfile).expect("pid");
    wait_dead(pid.trim()).await;
}

#[tokio::test]
async fn dropping_the_future_kills_the_program() {
    let dir = tempfile::tempdir().expect("tmp");
    let pidfile = dir.path().join("pid");
    let script = format!("echo $$ > '{}'; exec sleep 30", pidfile.display());
    let run = Process::new("sh").args(["-c", &script]).run();
    let outer = tokio::time::timeout(Duration::from_millis(300), run).await;
    assert!(outer.is_err(), "the outer timeout dropped the run");
    let pid = std::fs::read_to_string(&pidfile).expect("pid");
    wait_dead(pid.trim()).await;
}

#[tokio::test]
async fn stdout_limit_is_enforced_without_blocking() {
    let err = Process::new("head")
        .args(["-c", "1000000", "/dev/zero"])
        .stdout_limit(1000)
        .output()
        .await;
    assert!(
        matches!(err, Err(ProcessError::OutputTooLarge { limit: 1000, .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn versions_of_installed_tools() {
    if !common::require_all(&["ffmpeg", "ffprobe", "7zz"]) {
        return;
    }
    assert!(version("ffmpeg")
        .await
        .expect("ffmpeg")
        .starts_with("ffmpeg version"));
    assert!(version("ffprobe")
        .await
        .expect("ffprobe")
        .starts_with("ffprobe version"));
    assert!(version("7zz").await.expect("7zz").starts_with("7-Zip"));
}
