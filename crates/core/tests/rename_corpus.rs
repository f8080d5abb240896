//! Runs the smart renamer over `rename_corpus.tsv` and requires every checked entry to
//! match on every column. Prints the accuracy and the number of excluded entries.

use streamvault_core::rename::{clean_name, parse, ReleaseInfo, Templates, MAX_FILE_NAME_BYTES};

const CORPUS: &str = include_str!("rename_corpus.tsv");
const COLUMNS: [&str; 12] = [
    "input",
    "kind",
    "title",
    "year",
    "season",
    "episodes",
    "episode_title",
    "resolution",
    "source",
    "video_codec",
    "group",
    "clean_name",
];
/// The issue asks for at least this many release names.
const MIN_ENTRIES: usize = 150;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

fn episodes(v: &[u32]) -> String {
    match v {
        [] => "-".to_owned(),
        [first, .., last] if v.windows(2).all(|w| w[1] == w[0] + 1) => format!("{first}-{last}"),
        _ => v.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
    }
}

/// The row the parser produces, in corpus column order (without the input).
fn actual(info: &ReleaseInfo, templates: &Templates) -> Vec<String> {
    let season = match (info.season, info.season_end) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (a, _) => opt(a),
    };
    let title = if info.title.is_empty() {
        "-".to_owned()
    } else {
        info.title.clone()
    };
    vec![
        info.kind.to_string(),
        title,
        opt(info.year),
        season,
        episodes(&info.episodes),
        opt(info.episode_title.clone()),
        opt(info.resolution),
        opt(info.source),
        opt(info.video_codec),
        opt(info.group.clone()),
        clean_name(info, templates),
    ]
}

fn assert_safe(name: &str, input: &str) {
    assert!(
        name.len() <= MAX_FILE_NAME_BYTES,
        "{input}: too long: {name}"
    );
    assert!(
        !name.contains(['/', '\\', '\0']),
        "{input}: separator in {name}"
    );
    assert!(!name.contains(".."), "{input}: '..' in {name}");
    assert!(
        !name.chars().any(char::is_control),
        "{input}: control char in {name:?}"
    );
    assert!(
        !name.ends_with(['.', ' ']) && !name.starts_with(['.', ' ', '-']),
        "{input}: edge in {name:?}"
    );
    assert!(
        !name.contains("  ") && !name.contains("()") && !name.contains("[]"),
        "{input}: collapse failed: {name:?}"
    );
}

#[test]
fn corpus_accuracy_is_total() {
    let templates = Templates::default();
    let mut checked = 0usize;
    let mut excluded = 0usize;
    let mut failures = Vec::new();
    let mut column_misses = [0usize; 12];

    for (lineno, line) in CORPUS.lines().enumerate() {
        let lineno = lineno + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("!\t") {
            let (input, reason) = rest.split_once('\t').unwrap_or((rest, ""));
            assert!(
                !reason.trim().is_empty(),
                "line {lineno}: excluded entry without a reason"
            );
            // Ambiguous names must still parse and produce a safe name.
            assert_safe(&clean_name(&parse(input), &templates), input);
            excluded += 1;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            COLUMNS.len(),
            "line {lineno}: expected {} columns: {line}",
            COLUMNS.len()
        );
        let input = cols[0];
        let info = parse(input);
        let got = actual(&info, &templates);
        assert_safe(&got[10], input);
        checked += 1;
        let mut diffs = Vec::new();
        for (k, (want, have)) in cols[1..].iter().zip(&got).enumerate() {
            if want != have {
                column_misses[k + 1] += 1;
                diffs.push(format!(
                    "    {}: expected {want:?}, got {have:?}",
                    COLUMNS[k + 1]
                ));
            }
        }
        if !diffs.is_empty() {
            failures.push(format!("  line {lineno}: {input}\n{}", diffs.join("\n")));
        }
    }

    let correct = checked - failures.len();
    #[allow(clippy::cast_precision_loss)]
    let pct = if checked == 0 {
        0.0
    } else {
        100.0 * correct as f64 / checked as f64
    };
    println!("rename corpus: {checked} entries checked, {correct} fully correct ({pct:.2}%), {excluded} excluded as ambiguous");
    for (k, misses) in column_misses.iter().enumerate().skip(1) {
        if *misses > 0 {
            println!("  column {}: {misses} wrong", COLUMNS[k]);
        }
    }
    assert!(
        checked >= MIN_ENTRIES,
        "corpus has only {checked} checked entries, need {MIN_ENTRIES}"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} corpus entries wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn custom_templates_and_brand() {
    let templates = Templates::from_lookup(|key| match key {
        "RENAME_TEMPLATE_MOVIE" => Some("{title} [{year}] {source} {video_codec} - {group}".into()),
        "RENAME_TEMPLATE_EPISODE" => {
            Some("{title} - {season}x{episode:02} - {episode_title}".into())
        }
        "BRAND_TAG" => Some(String::new()),
        _ => None,
    })
    .expect("valid templates");
    let movie = parse("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
    assert_eq!(
        clean_name(&movie, &templates),
        "The Matrix [1999] BluRay x264 - GROUP.mkv"
    );
    let no_group = parse("The.Matrix.1999.1080p.BluRay.mkv");
    assert_eq!(
        clean_name(&no_group, &templates),
        "The Matrix [1999] BluRay.mkv"
    );
    let ep = parse("Breaking.Bad.S05E14.Ozymandias.1080p.BluRay.x264-ROVERS.mkv");
    assert_eq!(
        clean_name(&ep, &templates),
        "Breaking Bad - 5x14 - Ozymandias.mkv"
    );
    let ep = parse("Show.Name.S01E02.720p.WEB-DL.mkv");
    assert_eq!(clean_name(&ep, &templates), "Show Name - 1x02.mkv");
}

#[test]
fn json_shape() {
    let info = parse("Friends.S01E01-E03.720p.BluRay.x264-PSYCHD.mkv");
    let v = serde_json::to_value(&info).expect("serialises");
    assert_eq!(v["kind"], "episode");
    assert_eq!(v["title"], "Friends");
    assert_eq!(v["season"], 1);
    assert_eq!(v["episodes"], serde_json::json!([1, 2, 3]));
    assert_eq!(v["resolution"], "720p");
    assert_eq!(v["source"], "BluRay");
    assert_eq!(v["video_codec"], "x264");
    assert_eq!(v["group"], "PSYCHD");
    assert_eq!(v["extension"], "mkv");
    let back: ReleaseInfo = serde_json::from_value(v).expect("round-trips");
    assert_eq!(back, info);
}
