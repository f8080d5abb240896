//! End to end through the binary: a generated 12-minute video with two subtitle tracks,
//! served over loopback HTTP, ingested into a sandbox; then a blocklisted file.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use streamvault_media::synth::{self, SynthSpec};
use streamvault_media::Tools;
use streamvault_store::contents::ContentStore;
use streamvault_store::media::{MediaStore, TrackKind};
use streamvault_store::telegram_refs::{RefRole, TelegramRefStore};
use streamvault_store_sql::{OpenOptions, SqlStore};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The binary with the tests' environment: SQLite under `dir`, loopback downloads allowed.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_streamvault"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env("FETCH_ALLOW", "127.0.0.0/8")
        .env("GENERATE_SAMPLES", "true")
        .env("SITE_URL", "https://site.example.org");
    cmd
}

fn streamvault(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("run streamvault")
}

/// `streamvault ingest SOURCE --sandbox sbx --json` in `dir`, off the async runtime.
async fn ingest(dir: &Path, source: &str) -> Output {
    let (dir, source) = (dir.to_owned(), source.to_owned());
    tokio::task::spawn_blocking(move || {
        streamvault(&dir, &["ingest", &source, "--sandbox", "sbx", "--json"])
    })
    .await
    .unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// A minimal HTTP/1.1 server for one directory (GET and HEAD, whole files).
async fn serve_dir(dir: std::path::PathBuf) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut conn, _)) = listener.accept().await else {
                return;
            };
            let dir = dir.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = conn.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).into_owned();
                let mut parts = request.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
                let file = dir.join(path.trim_start_matches('/'));
                match tokio::fs::read(&file).await {
                    Ok(body) => {
                        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: video/x-matroska\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                        let _ = conn.write_all(head.as_bytes()).await;
                        if method == "GET" {
                            let _ = conn.write_all(&body).await;
                        }
                    }
                    Err(_) => {
                        let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
                    }
                }
            });
        }
    });
    port
}

/// A video of `seconds` with an English and a Spanish subtitle track, as `dir/name`.
async fn generate(dir: &Path, name: &str, seconds: u32) {
    let spec = SynthSpec {
        seconds: f64::from(seconds),
        video_size: Some((320, 180)),
        fps: 10,
        subtitle_languages: vec!["eng".into(), "spa".into()],
        ..SynthSpec::default()
    };
    synth::generate(&Tools::default(), &dir.join(name), &spec)
        .await
        .expect("ffmpeg is required (scripts/test installs it)");
}

/// The database the binary used in `dir` (the default `DATABASE_URL`).
async fn open_store(dir: &Path) -> SqlStore {
    let url = format!("sqlite://{}", dir.join("data/streamvault.db").display());
    SqlStore::connect(&url, &OpenOptions::default())
        .await
        .unwrap()
}

fn messages(dir: &Path, chat: &str) -> Vec<Value> {
    json(&streamvault(
        dir,
        &[
            "sandbox", "messages", "--dir", "sbx", "--chat", chat, "--json",
        ],
    ))
    .as_array()
    .cloned()
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_goes_in_and_comes_out_stored_indexed_and_announced() {
    let tmp = tempfile::tempdir().unwrap();
    let (d, www) = (tmp.path().to_path_buf(), tmp.path().join("www"));
    std::fs::create_dir_all(&www).unwrap();
    let name = "The.Long.Test.2021.1080p.WEB-DL.x264-GRP.mkv";
    generate(&www, name, 12 * 60).await;
    let size = std::fs::metadata(www.join(name)).unwrap().len();
    let port = serve_dir(www.clone()).await;
    let url = format!("http://127.0.0.1:{port}/{name}");
    let out = ingest(&d, &url).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json(&out);
    assert_eq!(summary["state"], "succeeded");
    assert_eq!(
        summary["clean_name"],
        "The Long Test (2021) 1080p [StreamVault].mkv"
    );
    let slug = summary["slug"].as_str().unwrap().to_owned();
    assert_eq!(slug.len(), 7);

    let log = messages(&d, "sv_log");
    assert_eq!(log.len(), 2, "one album: video + sample: {log:?}");
    assert_eq!(log[0]["media_group_id"], log[1]["media_group_id"]);
    assert!(
        !log[0]["media_group_id"].is_null(),
        "an album has a group id"
    );
    assert!(
        log.iter().any(|m| m["text"]
            .as_str()
            .unwrap_or("")
            .contains("The Long Test (2021) 1080p [StreamVault].mkv")),
        "{log:?}"
    );
    assert_eq!(messages(&d, "sv_backup").len(), 2, "the album's forward");
    let shots = messages(&d, "sv_shots").len();
    assert!((3..=5).contains(&shots), "{shots} screenshots");
    let cards = messages(&d, "sv_public");
    assert_eq!(cards.len(), 1);
    assert!(
        cards[0]
            .to_string()
            .contains(&format!("https://site.example.org/v/{slug}")),
        "{cards:?}"
    );

    let accounts = summary["accounts"].as_array().unwrap();
    let uploaded: u64 = accounts
        .iter()
        .map(|a| a["bytes_uploaded"].as_u64().unwrap())
        .sum();
    assert_eq!(
        uploaded,
        summary["bytes_uploaded"].as_u64().unwrap(),
        "every byte counted once"
    );
    assert!(
        uploaded > size && uploaded < size + size / 2 + 2_000_000,
        "video + sample + screenshots once: {uploaded} for a {size}-byte video"
    );

    let store = open_store(&d).await;
    let content = store
        .content_by_slug(&streamvault_core::Slug::parse(&slug).unwrap())
        .await
        .unwrap()
        .expect("content row");
    let info = store
        .media_info(content.id)
        .await
        .unwrap()
        .expect("media info");
    let subtitles: Vec<_> = info
        .tracks
        .iter()
        .filter(|t| t.kind == TrackKind::Subtitle)
        .map(|t| t.language.clone().unwrap_or_default())
        .collect();
    assert_eq!(subtitles, ["eng", "spa"]);
    assert!(info.duration_ms.unwrap() >= 719_000);

    // A blocklisted file uploads nothing, ends blocked, and channel D is told.
    let blocked = "Blocked.File.2020.720p.mkv";
    generate(&www, blocked, 20).await;
    let sha = String::from_utf8_lossy(
        &Command::new("sha256sum")
            .arg(www.join(blocked))
            .output()
            .unwrap()
            .stdout,
    )
    .split(' ')
    .next()
    .unwrap()
    .to_owned();
    std::fs::write(d.join("list.txt"), format!("{sha}\n")).unwrap();
    assert!(streamvault(&d, &["blocklist", "import", "list.txt"])
        .status
        .success());
    let before = messages(&d, "sv_log").len();
    let out = ingest(&d, &format!("http://127.0.0.1:{port}/{blocked}")).await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit 2 when blocked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json(&out);
    assert_eq!(
        (
            summary["state"].as_str(),
            summary["bytes_uploaded"].as_u64()
        ),
        (Some("blocked"), Some(0))
    );
    let after: u64 = summary["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["bytes_uploaded"].as_u64().unwrap())
        .sum();
    assert_eq!(after, uploaded, "not one byte more was uploaded");
    assert_eq!(messages(&d, "sv_log").len(), before);
    assert!(
        messages(&d, "sv_admin")
            .iter()
            .any(|m| m.to_string().contains(&sha)),
        "channel D gets an alert naming the entry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingestion_killed_at_upload_resumes_without_a_duplicate_post() {
    use std::io::{BufRead, BufReader};
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().to_path_buf();
    let name = "Killed.Midway.2022.720p.WEB-DL.mkv";
    generate(&d, name, 300).await;
    let mut child = command(&d, &["ingest", name, "--sandbox", "sbx", "--json"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut reached = false;
    for line in stderr.lines().map_while(Result::ok) {
        if line.contains("» upload") {
            reached = true;
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL: no cleanup, the lease stays until it expires
    child.wait().unwrap();
    assert!(reached, "the first run never reached the upload stage");

    let out = ingest(&d, name).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("resuming job"),
        "the second run resumes the same job"
    );
    assert_eq!(json(&out)["state"], "succeeded");
    assert_eq!(messages(&d, "sv_log").len(), 2, "exactly one album");
    assert_eq!(
        messages(&d, "sv_backup").len(),
        2,
        "exactly one forward of it"
    );
    assert_eq!(
        messages(&d, "sv_public").len(),
        1,
        "exactly one release card"
    );
}

/// The whole product (`run --sandbox`, manager and hive): a queued job shows its progress in
/// one edited bot message, and the bot learns its own `file_id`s of the posts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_job_runs_in_the_hive_with_an_edited_status_message() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().to_path_buf();
    let name = "Hive.Status.2022.720p.WEB.x264-GRP.mkv";
    generate(&d, name, 40).await;
    let log = std::fs::File::create(d.join("hive.log")).unwrap();
    let mut hive = command(&d, &["run", "--sandbox", "sbx"])
        .env("STATUS_EDIT_INTERVAL", "1s")
        .env("API_LISTEN", "127.0.0.1:0")
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start the hive");
    let hive_log = || std::fs::read_to_string(d.join("hive.log")).unwrap_or_default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !hive_log().contains("in rotation") {
        assert!(std::time::Instant::now() < deadline, "{}", hive_log());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    let queued = streamvault(&d, &["ingest", name, "--detach", "--json"]);
    assert!(queued.status.success(), "{queued:?}");
    let job = json(&queued)["job"].as_i64().expect("job id");
    let heading = format!("📥 Ingest #{job} · ");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    let status = loop {
        let d2 = d.clone();
        let admin = tokio::task::spawn_blocking(move || messages(&d2, "sv_admin"))
            .await
            .unwrap();
        let mine: Vec<Value> = admin
            .into_iter()
            .filter(|m| m["text"].as_str().unwrap_or("").starts_with(&heading))
            .collect();
        assert!(mine.len() <= 1, "one status message per job: {mine:?}");
        if let Some(m) = mine.first().filter(|m| {
            let text = m["text"].as_str().unwrap_or("");
            text.contains("✅ Done") || text.contains("Stopped")
        }) {
            break m.clone();
        }
        assert!(std::time::Instant::now() < deadline, "{}", hive_log());
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    };
    let text = status["text"].as_str().unwrap();
    assert!(
        text.contains("✅ Done: content #"),
        "{text}\n{}",
        hive_log()
    );
    assert!(
        text.contains("Hive Status (2022) 720p [StreamVault].mkv"),
        "{text}"
    );
    assert_eq!(status["edited"], true, "posted once, then edited");
    assert_eq!(messages(&d, "sv_log").len(), 2, "the album");

    // The manager's bot saw the channel posts and recorded its own file ids.
    let store = open_store(&d).await;
    let slug = text
        .split("slug ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .expect("slug in the status");
    let content = store
        .content_by_slug(&streamvault_core::Slug::parse(slug).unwrap())
        .await
        .unwrap()
        .expect("content row");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let refs = store.list_telegram_refs(content.id).await.unwrap();
        let media: Vec<_> = refs
            .iter()
            .filter(|r| r.r#ref.role != RefRole::PublicCard)
            .collect();
        if !media.is_empty() && media.iter().all(|r| r.r#ref.bot_file_id.is_some()) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "bot file ids missing: {refs:?}\n{}",
            hive_log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }

    let stopped = Command::new("kill")
        .args(["-TERM", &hive.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let exit = hive.wait().unwrap();
    assert!(exit.success(), "{exit:?}\n{}", hive_log());
}
