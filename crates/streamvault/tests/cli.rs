//! The binary as an operator runs it.

use std::path::Path;
use std::process::{Command, Output};

const SECRET: &str = "do-not-print-this-7f3a9c";

fn streamvault(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_streamvault"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run streamvault")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn sqlite_migrate_status_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let out = streamvault(dir.path(), &["db", "migrate"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("sqlite: applied migrations [1]"),
        "{}",
        text(&out)
    );
    assert!(
        dir.path().join("data/streamvault.db").exists(),
        "the default path is created"
    );
    let again = streamvault(dir.path(), &["db", "migrate"], &[]);
    assert!(text(&again).contains("up to date"), "{}", text(&again));
    let status = streamvault(dir.path(), &["db", "status", "--json"], &[]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["backend"], "sqlite");
    assert_eq!(json["migrations"][0]["state"], "applied");

    let typo = streamvault(
        dir.path(),
        &[
            "--database-url",
            "sqlite://./dta/streamvault.db",
            "db",
            "migrate",
        ],
        &[],
    );
    assert!(!typo.status.success());
    assert!(
        text(&typo).contains("refusing to create") && text(&typo).contains("?mode=rwc"),
        "{}",
        text(&typo)
    );
    assert!(!dir.path().join("dta").exists());
    let opt_in = streamvault(
        dir.path(),
        &[
            "--database-url",
            "sqlite://./other.db?mode=rwc",
            "db",
            "migrate",
        ],
        &[],
    );
    assert!(opt_in.status.success(), "{}", text(&opt_in));
    let scheme = streamvault(
        dir.path(),
        &["db", "migrate"],
        &[("DATABASE_URL", "mysql://root@127.0.0.1/x")],
    );
    assert!(!scheme.status.success());
    assert!(
        text(&scheme).contains("DATABASE_URL") && text(&scheme).contains("example"),
        "{}",
        text(&scheme)
    );
}

#[tokio::test]
async fn postgres_migrate_and_status() {
    let db = streamvault_store_sql::testing::fresh_postgres("cli").await;
    let dir = tempfile::tempdir().unwrap();
    let env = [("DATABASE_URL", db.url.as_str())];
    let migrate = streamvault(dir.path(), &["db", "migrate"], &env);
    assert!(migrate.status.success(), "{}", text(&migrate));
    assert!(
        text(&migrate).contains("postgres: applied migrations [1]"),
        "{}",
        text(&migrate)
    );
    let status = streamvault(dir.path(), &["db", "status"], &env);
    assert!(
        text(&status).contains("backend: postgres") && text(&status).contains("applied"),
        "{}",
        text(&status)
    );
}

#[test]
fn secrets_from_the_environment_never_appear_in_output() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://app:{SECRET}@127.0.0.1:1/none");
    let env = [
        ("BOT_TOKEN", SECRET),
        ("API_HASH", SECRET),
        ("JWT_SECRET", SECRET),
        ("SECURE_LINK_SECRET", SECRET),
        ("TMDB_API_KEY", SECRET),
        ("DATABASE_URL", url.as_str()),
        (
            "REDIS_URL",
            "redis://:do-not-print-this-7f3a9c@127.0.0.1:1/0",
        ),
    ];
    for args in [
        &["config", "show"][..],
        &["config", "show", "--json"],
        &["doctor"],
        &["doctor", "--json"],
        &["db", "status"],
    ] {
        let out = streamvault(dir.path(), args, &env);
        let all = text(&out);
        assert!(!all.contains(SECRET), "{args:?} printed a secret:\n{all}");
    }
    let shown = text(&streamvault(dir.path(), &["config", "show"], &env));
    assert!(
        shown.contains("<set, redacted>") && shown.contains("env BOT_TOKEN"),
        "{shown}"
    );
}

#[test]
fn doctor_fails_when_a_required_tool_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let ok = streamvault(dir.path(), &["doctor", "--json"], &[]);
    let report: serde_json::Value =
        serde_json::from_slice(&ok.stdout).expect("doctor --json prints JSON");
    let ffmpeg = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "ffmpeg")
        .unwrap();
    assert_eq!(
        ffmpeg["status"], "ok",
        "ffmpeg must be installed for the test suite: {report}"
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let empty = tempfile::tempdir().unwrap();
    let missing = streamvault(
        dir.path(),
        &["doctor"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert!(!missing.status.success());
    let all = text(&missing);
    assert!(
        all.contains("missing") && all.contains("apt-get install ffmpeg"),
        "{all}"
    );
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    use clap::CommandFactory;
    fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        let subs: Vec<_> = cmd
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if subs.is_empty() {
            out.push(path);
            return;
        }
        for sub in subs {
            let mut p = path.clone();
            p.push(sub.get_name().to_owned());
            leaves(sub, p, out);
        }
    }
    let mut all = Vec::new();
    leaves(&streamvault::cli::Cli::command(), Vec::new(), &mut all);
    assert!(all.len() >= 20, "{all:?}");
    let dir = tempfile::tempdir().unwrap();
    for path in all {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = streamvault(dir.path(), &args, &[]);
        assert!(out.status.success(), "{args:?}");
        assert!(
            text(&out).contains("Example"),
            "{args:?} has no example:\n{}",
            text(&out)
        );
    }
}

fn ffmpeg(dir: &Path, args: &[&str]) {
    let status = Command::new("ffmpeg")
        .current_dir(dir)
        .args(["-v", "error", "-y"])
        .args(args)
        .status()
        .expect("ffmpeg is required (scripts/test installs it)");
    assert!(status.success());
}

#[test]
fn blocklist_blocks_exact_and_perceptual_matches() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ffmpeg(
        d,
        &[
            "-f",
            "lavfi",
            "-i",
            "mandelbrot=size=640x360:rate=25",
            "-t",
            "12",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "a.mkv",
        ],
    );
    let sha = |f: &str| {
        let out = streamvault(d, &["blocklist", "check", f, "--json"], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    std::fs::create_dir_all(d.join("data")).unwrap();
    let report = sha(d.join("a.mkv").to_str().unwrap());
    assert_eq!(report["blocked"], false);
    let frames = report["frames"].as_array().unwrap();
    assert!(frames.len() >= 3, "{report}");
    let list = format!(
        "sha256,{},exact test\npdq,{},frame test\n",
        report["sha256"].as_str().unwrap(),
        frames[1]["pdq"].as_str().unwrap()
    );
    std::fs::write(d.join("list.csv"), list).unwrap();
    let import = streamvault(d, &["blocklist", "import", "list.csv"], &[]);
    assert!(
        text(&import).contains("2 entries read, 2 new"),
        "{}",
        text(&import)
    );
    let exact = streamvault(d, &["blocklist", "check", "a.mkv"], &[]);
    assert_eq!(exact.status.code(), Some(2), "{}", text(&exact));
    assert!(
        text(&exact).contains("BLOCKED by sha256"),
        "{}",
        text(&exact)
    );
    // Same picture, other bytes: scaled down and re-encoded.
    ffmpeg(
        d,
        &[
            "-i",
            "a.mkv",
            "-vf",
            "scale=480:270",
            "-c:v",
            "libx264",
            "-crf",
            "30",
            "-preset",
            "ultrafast",
            "b.mkv",
        ],
    );
    let perceptual = streamvault(d, &["blocklist", "check", "b.mkv"], &[]);
    assert_eq!(perceptual.status.code(), Some(2), "{}", text(&perceptual));
    assert!(
        text(&perceptual).contains("BLOCKED by pdq@"),
        "{}",
        text(&perceptual)
    );
    ffmpeg(
        d,
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25",
            "-t",
            "12",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "c.mkv",
        ],
    );
    assert_eq!(
        streamvault(d, &["blocklist", "check", "c.mkv"], &[])
            .status
            .code(),
        Some(0),
        "a different video passes"
    );
    let bad = std::fs::write(d.join("bad.txt"), "nothex\n")
        .map(|_| streamvault(d, &["blocklist", "import", "bad.txt"], &[]))
        .unwrap();
    assert!(
        !bad.status.success() && text(&bad).contains("line 1"),
        "{}",
        text(&bad)
    );
}

#[test]
fn sign_rename_and_media_probe() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let signed = streamvault(
        d,
        &["sign", "/s/link", "--expires", "2147483647"],
        &[
            ("SECURE_LINK_SECRET", "secret"),
            ("STREAM_BASE_URL", "http://h"),
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&signed.stdout).trim(),
        "http://h/s/link?md5=0Xgm37lo5nFEuHMDKl_vQg&expires=2147483647"
    );
    let unsigned = streamvault(d, &["sign", "/s/link"], &[]);
    assert!(!unsigned.status.success() && text(&unsigned).contains("SECURE_LINK_SECRET"));
    let renamed = streamvault(
        d,
        &[
            "rename",
            "www.site.com - The.Matrix.1999.1080p.BluRay.x264-GRP.mkv",
        ],
        &[("BRAND_TAG", "Vault")],
    );
    assert_eq!(
        String::from_utf8_lossy(&renamed.stdout).trim(),
        "The Matrix (1999) 1080p [Vault].mkv"
    );
    ffmpeg(
        d,
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x240:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine",
            "-t",
            "3",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-metadata:s:a:0",
            "language=spa",
            "p.mkv",
        ],
    );
    let probe = streamvault(d, &["media", "probe", "p.mkv"], &[]);
    assert!(
        text(&probe).contains("audio    0:1  spa aac"),
        "{}",
        text(&probe)
    );
}

#[test]
fn sandbox_commands_drive_the_simulated_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let said = streamvault(
        d,
        &[
            "sandbox",
            "say",
            "--dir",
            "sbx",
            "--user",
            "alice",
            "/start hello",
        ],
        &[],
    );
    assert!(said.status.success(), "{}", text(&said));
    let messages = streamvault(
        d,
        &[
            "sandbox", "messages", "--dir", "sbx", "--chat", "alice", "--json",
        ],
        &[],
    );
    let list: serde_json::Value = serde_json::from_slice(&messages.stdout).unwrap();
    assert!(list.to_string().contains("/start hello"), "{list}");
    let posted = streamvault(
        d,
        &[
            "sandbox",
            "post",
            "--dir",
            "sbx",
            "--channel",
            "sv_log",
            "/health",
        ],
        &[],
    );
    assert!(posted.status.success(), "{}", text(&posted));
    let accounts = streamvault(d, &["sandbox", "accounts", "--dir", "sbx", "--json"], &[]);
    assert!(
        text(&accounts).contains("bytes_uploaded"),
        "{}",
        text(&accounts)
    );
}

#[test]
fn worker_login_checks_its_input_before_contacting_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad_name = streamvault(d, &["worker", "login", "../evil"], &[]);
    assert!(
        !bad_name.status.success() && text(&bad_name).contains("worker name"),
        "{}",
        text(&bad_name)
    );
    let bad_proxy = streamvault(
        d,
        &["worker", "login", "w1", "--proxy", "http://127.0.0.1:3128"],
        &[],
    );
    assert!(
        !bad_proxy.status.success() && text(&bad_proxy).contains("socks5"),
        "{}",
        text(&bad_proxy)
    );
    let no_api = streamvault(d, &["worker", "login", "w1"], &[]);
    assert!(
        !no_api.status.success() && text(&no_api).contains("API_ID and API_HASH"),
        "{}",
        text(&no_api)
    );
    assert!(!d.join("data/sessions/w1.session").exists());
}
