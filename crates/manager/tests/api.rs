//! The website API over real HTTP: login by magic link, sessions, the gatekeeper.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use streamvault_coord::{InProcessCoordinator, Rate, SystemClock};
use streamvault_core::signer::{secure_link_hash, Signer};
use streamvault_core::{jwt, Slug, TelegramUserId, Tier};
use streamvault_manager::api::{self, ApiState, PlayLimits};
use streamvault_manager::{magic_link, tokens};
use streamvault_store::contents::{ContentFields, ContentKind, ContentStatus};
use streamvault_store::users::UserProfile;
use streamvault_store::Store;
use streamvault_store_sql::{OpenOptions, SqlStore};

const JWT_SECRET: &[u8] = b"jwt-secret-for-tests";
const LINK_SECRET: &str = "link-secret";
const T0: i64 = 1_900_000_000;
/// The cache is off in these tests but one, which turns it on with its own state.
const CACHE_TTL: i64 = 0;

struct Api {
    base: String,
    http: reqwest::Client,
    store: Arc<dyn Store>,
    clock: Arc<AtomicI64>,
    _dir: tempfile::TempDir,
}

async fn start(limits: PlayLimits) -> Api {
    start_with(limits, CACHE_TTL).await
}

async fn start_with(limits: PlayLimits, cache_ttl: i64) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("api.db").display());
    let sql = SqlStore::connect(&url, &OpenOptions::default())
        .await
        .unwrap();
    sql.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(sql);
    let clock = Arc::new(AtomicI64::new(T0));
    let c = clock.clone();
    let state = ApiState {
        store: store.clone(),
        coord: Arc::new(InProcessCoordinator::new(SystemClock)),
        signer: Some(Signer::new(
            "https://stream.example.org",
            LINK_SECRET,
            4 * 3600,
            false,
        )),
        jwt_secret: Some(Arc::from(JWT_SECRET)),
        site_url: url::Url::parse("https://site.example.org/").unwrap(),
        session_ttl: Duration::from_secs(30 * 86400),
        limits,
        trust_forwarded_for: false,
        play_cache: Arc::new(api::PlayCache::new(cache_ttl)),
        clock: Arc::new(move || c.load(Ordering::SeqCst)),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(api::serve(listener, state, std::future::pending()));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Api {
        base,
        http,
        store,
        clock,
        _dir: dir,
    }
}

/// An error answer's status and its stable `code`.
async fn status_and_code(r: reqwest::Response) -> (StatusCode, Option<String>) {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    (status, body["code"].as_str().map(str::to_owned))
}

fn generous() -> PlayLimits {
    let r = Rate::per_minute(1000);
    PlayLimits {
        free_user: r,
        free_ip: r,
        premium_user: r,
        premium_ip: r,
    }
}

impl Api {
    async fn user(&self, id: i64, tier: Tier) -> TelegramUserId {
        let user = TelegramUserId(id);
        self.store
            .touch_user(
                &UserProfile {
                    id: user,
                    username: None,
                    display_name: None,
                },
                T0,
            )
            .await
            .unwrap();
        self.store
            .set_tier(user, tier, (tier == Tier::Premium).then_some(T0 + 86400))
            .await
            .unwrap();
        user
    }

    async fn link(&self, user: TelegramUserId, ttl: i64) -> String {
        let site = url::Url::parse("https://site.example.org/").unwrap();
        let link = magic_link::issue(
            &*self.store,
            JWT_SECRET,
            &site,
            user,
            ttl,
            self.clock.load(Ordering::SeqCst),
        )
        .await
        .unwrap();
        assert!(
            link.url.starts_with("https://site.example.org/auth?token="),
            "{}",
            link.url
        );
        url::Url::parse(&link.url)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "token")
            .unwrap()
            .1
            .into_owned()
    }

    async fn exchange(&self, token: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}/v1/auth/exchange", self.base))
            .json(&json!({"token": token}))
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    async fn session(&self, user: TelegramUserId) -> String {
        let token = self.link(user, 600).await;
        let (status, body) = self.exchange(&token).await;
        assert_eq!(status, 200, "{body}");
        body["session_token"].as_str().unwrap().to_owned()
    }

    async fn play(&self, session: &str, slug: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/play", self.base))
            .bearer_auth(session)
            .json(&json!({"slug": slug}))
            .send()
            .await
            .unwrap()
    }

    async fn published(&self, file_name: &str) -> Slug {
        let fields = ContentFields {
            status: ContentStatus::Published,
            file_name: Some(file_name.into()),
            ..ContentFields::new("Film", ContentKind::Movie)
        };
        let c = streamvault_store::contents::insert_with_fresh_slug(&*self.store, &fields, T0)
            .await
            .unwrap();
        c.slug.unwrap()
    }
}

#[tokio::test]
async fn magic_link_sets_a_cookie_once() {
    let api = start(generous()).await;
    let user = api.user(42, Tier::Free).await;
    let token = api.link(user, 600).await;
    let r = api
        .http
        .get(format!("{}/auth?token={token}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "https://site.example.org/");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in [
        "sv_session=",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
        "Path=/",
    ] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let session = cookie
        .trim_start_matches("sv_session=")
        .split(';')
        .next()
        .unwrap();
    let me: Value = api
        .http
        .get(format!("{}/v1/me", api.base))
        .header("cookie", format!("sv_session={session}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (me["id"].as_i64(), me["tier"].as_str()),
        (Some(42), Some("free"))
    );
    let replay = api
        .http
        .get(format!("{}/auth?token={token}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
    assert_eq!(
        replay.json::<Value>().await.unwrap()["code"],
        "token_replayed"
    );
}

#[tokio::test]
async fn token_attacks_are_refused_with_stable_codes() {
    let api = start(generous()).await;
    let user = api.user(7, Tier::Free).await;
    let expired = api.link(user, 60).await;
    api.clock.fetch_add(61, Ordering::SeqCst);
    let payload = |jti: &str, typ: &str| json!({"sub": "7", "exp": T0 + 10_000, "iat": T0, "jti": jti, "typ": typ});
    let forge = |header: &str, claims: &Value, key: &[u8]| {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        use hmac::Mac;
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        m.update(input.as_bytes());
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
        )
    };
    let good = api.link(user, 600).await;
    let parts: Vec<&str> = good.split('.').collect();
    let evil_claims = URL_SAFE_NO_PAD.encode(
        json!({"sub": "1", "exp": T0 + 9999, "iat": T0, "jti": "x", "typ": "magic"}).to_string(),
    );
    let session = tokens::issue_session(user, Tier::Free, JWT_SECRET, T0, 3600)
        .unwrap()
        .0;
    let cases: Vec<(&str, String)> = vec![
        ("token_expired", expired),
        (
            "token_signature",
            format!("{}.{evil_claims}.{}", parts[0], parts[2]),
        ),
        (
            "token_signature",
            jwt::encode(&payload("j", "magic"), b"another-secret").unwrap(),
        ),
        (
            "token_algorithm",
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
                URL_SAFE_NO_PAD.encode(payload("j", "magic").to_string())
            ),
        ),
        (
            "token_algorithm",
            forge(
                r#"{"alg":"RS256","typ":"JWT"}"#,
                &payload("j", "magic"),
                b"-----BEGIN PUBLIC KEY-----",
            ),
        ),
        (
            "token_unknown",
            jwt::encode(&payload("never-issued", "magic"), JWT_SECRET).unwrap(),
        ),
        ("token_claims", session),
        ("token_malformed", "not.a.jwt".into()),
    ];
    for (code, token) in cases {
        let (status, body) = api.exchange(&token).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some(code)),
            "{body}"
        );
    }
    let magic_as_session = api.link(user, 600).await;
    let r = api
        .http
        .get(format!("{}/v1/me", api.base))
        .bearer_auth(&magic_as_session)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_code(r).await,
        (StatusCode::UNAUTHORIZED, Some("token_claims".into()))
    );
    let none = api
        .http
        .get(format!("{}/v1/me", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(none.json::<Value>().await.unwrap()["code"], "no_session");
    let (status, body) = api.exchange(&good).await;
    assert_eq!(status, 200, "the genuine link still works: {body}");
}

#[tokio::test]
async fn play_signs_what_nginx_checks() {
    let api = start(generous()).await;
    let session = api.session(api.user(1, Tier::Free).await).await;
    let slug = api.published("Film (1999) 1080p [StreamVault].mkv").await;
    let r = api.play(&session, slug.as_str()).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let expires = body["expires"].as_i64().unwrap();
    assert_eq!(expires, T0 + 4 * 3600);
    let path = format!("/s/{slug}/Film (1999) 1080p [StreamVault].mkv");
    let expected = format!(
        "https://stream.example.org/s/{slug}/Film%20%281999%29%201080p%20%5BStreamVault%5D.mkv?md5={}&expires={expires}",
        secure_link_hash(expires, &path, None, LINK_SECRET)
    );
    assert_eq!(body["url"], expected);
}

#[tokio::test]
async fn gatekeeper_refuses_banned_unknown_and_removed() {
    let api = start(generous()).await;
    let banned = api.session(api.user(2, Tier::Free).await).await;
    api.store
        .set_tier(TelegramUserId(2), Tier::Banned, None)
        .await
        .unwrap();
    let slug = api.published("a.mkv").await;
    let r = api.play(&banned, slug.as_str()).await;
    assert_eq!(
        status_and_code(r).await,
        (StatusCode::FORBIDDEN, Some("banned".into()))
    );
    let ok = api.session(api.user(3, Tier::Free).await).await;
    for bad in ["Nope123", "../etc", ""] {
        let r = api.play(&ok, bad).await;
        assert_eq!(
            status_and_code(r).await,
            (StatusCode::NOT_FOUND, Some("not_found".into())),
            "{bad}"
        );
    }
    let content = api.store.content_by_slug(&slug).await.unwrap().unwrap();
    api.store
        .tombstone_content(content.id, "tg:1", "takedown", T0)
        .await
        .unwrap();
    assert_eq!(api.play(&ok, slug.as_str()).await.status(), 404);
}

#[tokio::test]
async fn rate_limits_depend_on_the_tier() {
    let tight = PlayLimits {
        free_user: Rate::per_minute(2),
        free_ip: Rate::per_minute(100),
        premium_user: Rate::per_minute(5),
        premium_ip: Rate::per_minute(100),
    };
    let api = start(tight).await;
    let slug = api.published("a.mkv").await;
    let free = api.session(api.user(10, Tier::Free).await).await;
    let premium = api.session(api.user(11, Tier::Premium).await).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api.play(&free, slug.as_str()).await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429, 429]);
    let limited = api.play(&free, slug.as_str()).await;
    let retry_header: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(
        (1..=60).contains(&body["retry_after"].as_u64().unwrap())
            && retry_header == body["retry_after"].as_u64().unwrap(),
        "{body}"
    );
    for _ in 0..4 {
        assert_eq!(
            api.play(&premium, slug.as_str()).await.status(),
            200,
            "premium is more generous"
        );
    }
}

#[tokio::test]
async fn health_openapi_and_unknown_routes() {
    let api = start(generous()).await;
    let health: Value = api
        .http
        .get(format!("{}/healthz", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({"status": "ok", "database": "sqlite"}));
    let doc: Value = api
        .http
        .get(format!("{}/openapi.json", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for route in [
        "/healthz",
        "/openapi.json",
        "/auth",
        "/v1/auth/exchange",
        "/v1/me",
        "/v1/play",
    ] {
        assert!(paths.contains(&route), "{route} is undocumented");
    }
    let r = api
        .http
        .get(format!("{}/v2/nothing", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_code(r).await,
        (StatusCode::NOT_FOUND, Some("no_route".into()))
    );
}

#[tokio::test]
async fn a_ban_reaches_the_cached_gatekeeper_within_the_ttl() {
    let api = start_with(generous(), 2).await;
    let session = api.session(api.user(20, Tier::Free).await).await;
    let slug = api.published("a.mkv").await;
    assert_eq!(api.play(&session, slug.as_str()).await.status(), 200);
    api.store
        .set_tier(TelegramUserId(20), Tier::Banned, None)
        .await
        .unwrap();
    api.clock.fetch_add(1, Ordering::SeqCst);
    assert_eq!(
        api.play(&session, slug.as_str()).await.status(),
        200,
        "within PLAY_CACHE_TTL the cached tier is used"
    );
    api.clock.fetch_add(1, Ordering::SeqCst);
    assert_eq!(
        api.play(&session, slug.as_str()).await.status(),
        403,
        "after it the ban applies"
    );
}
