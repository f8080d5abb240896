use super::*;
use std::collections::HashMap;
use std::io::Write;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn defaults_alone_are_valid() {
    let (c, layers) = Config::load(&Sources::default()).unwrap();
    assert_eq!(c.database_url.expose(), "sqlite://./data/streamvault.db");
    assert_eq!(c.heavy_task_limit, 5);
    assert_eq!(c.stream_link_ttl, Duration::from_secs(4 * 3600));
    assert!(!c.generate_samples && c.bot_token.is_none() && c.admin_ids.is_empty());
    assert_eq!(
        layers.values["hive.heavy_task_limit"].origin,
        Origin::Default
    );
}

#[test]
fn layers_override_in_order_and_remember_origins() {
    let f = file(
        "[hive]\nheavy_task_limit = 3\ngenerate_samples = true\n[telegram]\nadmin_ids = [1, 2]\n",
    );
    let sources = Sources {
        file: Some(f.path().to_path_buf()),
        env: env(&[
            ("HEAVY_TASK_LIMIT", "4"),
            ("ADMIN_IDS", "7,8"),
            ("TG_LOG_CHANNEL_ANIME", "-1001000000009"),
        ]),
        flags: vec![("--set".into(), "hive.heavy_task_limit".into(), "6".into())],
    };
    let (c, layers) = Config::load(&sources).unwrap();
    assert_eq!(c.heavy_task_limit, 6);
    assert!(c.generate_samples);
    assert_eq!(c.admin_ids, vec![TelegramUserId(7), TelegramUserId(8)]);
    assert_eq!(
        c.channels.log_for_genre(Some("Anime")),
        Some(-1_001_000_000_009)
    );
    assert_eq!(c.channels.log_for_genre(Some("drama")), None);
    assert_eq!(
        layers.values["hive.heavy_task_limit"].origin,
        Origin::Flag("--set".into())
    );
    assert_eq!(
        layers.values["hive.generate_samples"].origin,
        Origin::File(f.path().to_path_buf())
    );
    assert_eq!(
        layers.values["telegram.admin_ids"].origin,
        Origin::Env("ADMIN_IDS".into())
    );
}

#[test]
fn bad_values_name_the_key_the_problem_and_an_example() {
    let sources = Sources {
        env: env(&[
            ("HEAVY_TASK_LIMIT", "lots"),
            ("DATABASE_URL", "mysql://x/y"),
            ("TG_LOG_CHANNEL_ID", "12345"),
        ]),
        ..Sources::default()
    };
    let err = Config::load(&sources).unwrap_err().to_string();
    assert!(err.contains("HEAVY_TASK_LIMIT (hive.heavy_task_limit, from env HEAVY_TASK_LIMIT) = \"lots\": not a whole number; example: HEAVY_TASK_LIMIT=5"), "{err}");
    assert!(
        err.contains("DATABASE_URL") && err.contains("postgres://"),
        "{err}"
    );
    assert!(
        err.contains("TG_LOG_CHANNEL_ID") && err.contains("-100"),
        "{err}"
    );
}

#[test]
fn unknown_keys_are_refused() {
    let f = file("[telegram]\nbot_tokn = \"x\"\n");
    let err = Config::load(&Sources {
        file: Some(f.path().to_path_buf()),
        ..Sources::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("telegram.bot_tokn"), "{err}");
    let flag = Sources {
        flags: vec![("--set".into(), "NOPE".into(), "1".into())],
        ..Sources::default()
    };
    assert!(Config::load(&flag).is_err());
}

#[test]
fn secrets_never_appear_in_errors_or_show() {
    let secret_value = "s3cr3t-value-123";
    let sources = Sources {
        env: env(&[
            ("BOT_TOKEN", secret_value),
            ("JWT_SECRET", secret_value),
            ("DATABASE_URL", "postgres://app:s3cr3t-value-123@db/app"),
            ("REDIS_URL", "redis://:s3cr3t-value-123@127.0.0.1:6379/0"),
        ]),
        ..Sources::default()
    };
    let (c, layers) = Config::load(&sources).unwrap();
    assert_eq!(c.bot_token.as_ref().map(Secret::expose), Some(secret_value));
    let shown = show::table(&show::rows(&layers));
    let json = serde_json::to_string(&show::rows(&layers)).unwrap();
    let debug = format!("{c:?}");
    for text in [&shown, &json] {
        assert!(!text.contains(secret_value), "{text}");
        assert!(text.contains("<set, redacted>"), "{text}");
    }
    assert!(!debug.contains(secret_value), "{debug}");
    let raw = layers::RawValue {
        text: secret_value.into(),
        origin: Origin::Env("BOT_TOKEN".into()),
    };
    let message = problem(keys::by_path("telegram.bot_token").unwrap(), &raw, "bad");
    assert!(
        !message.contains(secret_value) && message.contains("<secret>"),
        "{message}"
    );
}

#[test]
fn the_shipped_example_file_is_current_and_loads() {
    let shipped = include_str!("../../../../deploy/streamvault.example.toml");
    assert_eq!(
        shipped,
        example::render(),
        "regenerate with: streamvault config example > deploy/streamvault.example.toml"
    );
    let f = file(shipped);
    Config::load(&Sources {
        file: Some(f.path().to_path_buf()),
        ..Sources::default()
    })
    .unwrap();
    let uncommented: String = shipped
        .lines()
        .map(|l| {
            let setting = l.strip_prefix("# ").filter(|rest| {
                rest.split_once(" = ").is_some_and(|(name, _)| {
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                })
            });
            setting.unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = file(&uncommented);
    let (c, _) = Config::load(&Sources {
        file: Some(f.path().to_path_buf()),
        ..Sources::default()
    })
    .unwrap_or_else(|e| panic!("every example value must be valid: {e}"));
    assert_eq!(c.channels.genre_log.len(), 2);
}
