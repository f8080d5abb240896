//! Test harness: a real nginx on a free loopback port, and an upstream that serves
//! deterministic bytes with Range support and counts its hits.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use streamvault_core::http_range::{resolve, RangeOutcome};
use streamvault_manager::nginx::{render, NginxParams, TEMPLATE};

/// Deterministic content of a file: byte i of `path` depends on i and the path.
pub fn content(path: &str, size: usize) -> Vec<u8> {
    let seed = path
        .bytes()
        .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    (0..size)
        .map(|i| (i as u8).wrapping_mul(13).wrapping_add(seed) ^ ((i >> 11) as u8))
        .collect()
}

/// The upstream: serves the files it knows (by decoded path), counts every request.
pub struct Upstream {
    pub addr: SocketAddr,
    pub hits: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct Files {
    files: Arc<HashMap<String, Vec<u8>>>,
    hits: Arc<AtomicUsize>,
}

async fn serve(State(files): State<Files>, request: Request) -> Response {
    files.hits.fetch_add(1, Ordering::SeqCst);
    let decoded = percent_encoding::percent_decode_str(request.uri().path())
        .decode_utf8_lossy()
        .into_owned();
    let Some(body) = files.files.get(&decoded) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let size = body.len() as u64;
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok());
    let outcome = resolve(range, size);
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_RANGES, "bytes".parse().unwrap());
    if let Some(cr) = outcome.content_range(size) {
        headers.insert(header::CONTENT_RANGE, cr.parse().unwrap());
    }
    match outcome {
        RangeOutcome::Full => (StatusCode::OK, headers, body.clone()).into_response(),
        RangeOutcome::Partial { start, end } => (
            StatusCode::PARTIAL_CONTENT,
            headers,
            body[start as usize..=end as usize].to_vec(),
        )
            .into_response(),
        RangeOutcome::Unsatisfiable => (StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response(),
    }
}

impl Upstream {
    pub async fn start(files: HashMap<String, Vec<u8>>) -> Upstream {
        let hits = Arc::new(AtomicUsize::new(0));
        let state = Files {
            files: Arc::new(files),
            hits: hits.clone(),
        };
        let app = axum::Router::new().fallback(serve).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Upstream { addr, hits }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// A running nginx, killed on drop.
pub struct Nginx {
    pub base: String,
    _child: tokio::process::Child,
    _prefix: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("nginx is required for these tests (apt-get install nginx libnginx-mod-http-cache-purge); scripts/test installs it")
}

const PURGE_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so";

impl Nginx {
    pub async fn start(upstream: SocketAddr, secret: &str, bind_ip: bool) -> Nginx {
        assert!(
            std::path::Path::new(PURGE_MODULE).exists(),
            "the nginx cache purge module is required: apt-get install libnginx-mod-http-cache-purge"
        );
        let prefix = tempfile::tempdir().unwrap();
        let port = free_port();
        let params = NginxParams {
            listen: format!("127.0.0.1:{port}"),
            hive_upstream: upstream.to_string(),
            cache_dir: prefix.path().join("cache").display().to_string(),
            cache_max_size: "1g".into(),
            bind_ip,
        };
        let site = render(TEMPLATE, &params, secret).unwrap();
        let p = prefix.path().display();
        let main = format!(
            "load_module {PURGE_MODULE};\ndaemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
             events {{ worker_connections 64; }}\nhttp {{\n access_log off;\n client_body_temp_path {p}/body;\n\
             proxy_temp_path {p}/proxy;\n fastcgi_temp_path {p}/fastcgi;\n uwsgi_temp_path {p}/uwsgi;\n scgi_temp_path {p}/scgi;\n\
             include {p}/streamvault.conf;\n}}\n"
        );
        std::fs::write(prefix.path().join("streamvault.conf"), site).unwrap();
        std::fs::write(prefix.path().join("nginx.conf"), main).unwrap();
        let child = tokio::process::Command::new(nginx_binary())
            .arg("-p")
            .arg(prefix.path())
            .arg("-c")
            .arg(prefix.path().join("nginx.conf"))
            .kill_on_drop(true)
            .spawn()
            .expect("start nginx");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Nginx {
                    base: format!("http://127.0.0.1:{port}"),
                    _child: child,
                    _prefix: prefix,
                };
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let log = std::fs::read_to_string(prefix.path().join("error.log")).unwrap_or_default();
        panic!("nginx did not start listening on {port}:\n{log}");
    }
}
