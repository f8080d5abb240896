//! Throughput of `POST /v1/play` against nginx `return 200`, measured by the same load
//! tool (wrk) with the same connections and duration, in one run:
//!
//! ```sh
//! cargo run --release -p streamvault-manager --example bench_play -- [--duration 10] [--connections 32] [--threads 2] [--cache-ttl 2] [--pool 8]
//! ```
//!
//! The API runs with its real adapters (SQLite store, in-process coordinator, signer) and
//! rate limits set high enough not to refuse the load.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{InProcessCoordinator, Rate, SystemClock};
use streamvault_core::signer::Signer;
use streamvault_core::{TelegramUserId, Tier};
use streamvault_manager::api::{self, ApiState, PlayLimits};
use streamvault_store::contents::{
    insert_with_fresh_slug, ContentFields, ContentKind, ContentStatus,
};
use streamvault_store::users::UserProfile;
use streamvault_store::Store;
use streamvault_store_sql::{OpenOptions, SqlStore};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn wrk(
    url: &str,
    script: Option<&std::path::Path>,
    threads: u64,
    connections: u64,
    secs: u64,
) -> f64 {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t",
        &threads.to_string(),
        "-c",
        &connections.to_string(),
        "-d",
        &format!("{secs}s"),
        "--latency",
    ]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let out = cmd
        .arg(url)
        .output()
        .expect("wrk is required: apt-get install wrk");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}");
    assert!(
        !text.contains("Non-2xx"),
        "the load got refused answers; the measurement is invalid"
    );
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("wrk printed no Requests/sec")
}

async fn start_api(dir: &std::path::Path) -> (String, String, String) {
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let pool = OpenOptions {
        max_connections: arg("--pool", 8) as u32,
        ..OpenOptions::default()
    };
    let sql = SqlStore::connect(&url, &pool).await.unwrap();
    sql.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(sql);
    let user = TelegramUserId(1);
    store
        .touch_user(
            &UserProfile {
                id: user,
                username: None,
                display_name: None,
            },
            now(),
        )
        .await
        .unwrap();
    let fields = ContentFields {
        status: ContentStatus::Published,
        file_name: Some("Film (1999) 1080p.mkv".into()),
        ..ContentFields::new("Film", ContentKind::Movie)
    };
    let slug = insert_with_fresh_slug(&*store, &fields, now())
        .await
        .unwrap()
        .slug
        .unwrap();
    let secret: Arc<[u8]> = Arc::from(&b"bench-jwt-secret"[..]);
    let session =
        streamvault_manager::tokens::issue_session(user, Tier::Free, &secret, now(), 3600)
            .unwrap()
            .0;
    let unlimited = Rate {
        count: u32::MAX,
        period: Duration::from_secs(1),
    };
    let state = ApiState {
        store,
        coord: Arc::new(InProcessCoordinator::new(SystemClock)),
        signer: Some(Signer::new(
            "https://stream.example.org",
            "bench-link-secret",
            4 * 3600,
            false,
        )),
        jwt_secret: Some(secret),
        site_url: url::Url::parse("https://site.example.org/").unwrap(),
        session_ttl: Duration::from_secs(3600),
        limits: PlayLimits {
            free_user: unlimited,
            free_ip: unlimited,
            premium_user: unlimited,
            premium_ip: unlimited,
        },
        trust_forwarded_for: false,
        // PLAY_CACHE_TTL: default 2 s; `--cache-ttl 0` measures every play hitting the database.
        play_cache: Arc::new(api::PlayCache::new(arg("--cache-ttl", 2) as i64)),
        clock: Arc::new(now),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(api::serve(listener, state, std::future::pending()));
    (base, session, slug.to_string())
}

fn start_nginx(dir: &std::path::Path) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let p = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\nevents {{ worker_connections 1024; }}\n\
         http {{ access_log off; client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fcgi;\n\
         uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n server {{ listen 127.0.0.1:{port}; location / {{ return 200 'ok'; }} }} }}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx is required");
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    (child, format!("http://127.0.0.1:{port}/"))
}

#[tokio::main]
async fn main() {
    let (secs, connections, threads) = (
        arg("--duration", 10),
        arg("--connections", 32),
        arg("--threads", 2),
    );
    let dir = tempfile::tempdir().unwrap();
    let (base, session, slug) = start_api(dir.path()).await;
    let script = dir.path().join("play.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.body = '{{\"slug\":\"{slug}\"}}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.headers[\"Authorization\"] = \"Bearer {session}\"\n"
        ),
    )
    .unwrap();
    let (mut nginx, nginx_url) = start_nginx(dir.path());
    let play = tokio::task::spawn_blocking({
        let (url, script) = (format!("{base}/v1/play"), script.clone());
        move || wrk(&url, Some(&script), threads, connections, secs)
    })
    .await
    .unwrap();
    let reference =
        tokio::task::spawn_blocking(move || wrk(&nginx_url, None, threads, connections, secs))
            .await
            .unwrap();
    nginx.kill().ok();
    let ratio = play / reference;
    let ttl = arg("--cache-ttl", 2);
    println!("POST /v1/play (PLAY_CACHE_TTL {ttl}s): {play:.0} req/s; nginx return 200: {reference:.0} req/s; ratio {ratio:.3} (target >= 0.25)");
    println!("{{\"play_rps\": {play:.0}, \"nginx_rps\": {reference:.0}, \"ratio\": {ratio:.3}, \"cache_ttl\": {ttl}, \"connections\": {connections}, \"threads\": {threads}, \"seconds\": {secs}}}");
}
