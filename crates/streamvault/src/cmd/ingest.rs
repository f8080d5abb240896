//! `streamvault ingest SOURCE`: one ingestion in the foreground, run as a durable job by an
//! in-process hive, with a line per stage and an upload progress bar. Re-running the same
//! source resumes the unfinished job at its last finished stage.

use super::{hive, ingest_setup, wiring};
use crate::cli::{GlobalArgs, IngestArgs};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use streamvault_core::JobId;
use streamvault_fetch::Source;
use streamvault_hive::{HiveConfig, HiveRunner};
use streamvault_ingest::{
    IngestHandler, IngestObserver, IngestRequest, IngestState, Stage, INGEST_KIND,
};
use streamvault_store::jobs::{JobState, NewJob};
use streamvault_telegram_sandbox::Sandbox;

/// Stage lines with their durations, and fetch and upload bars, on stderr.
#[derive(Default)]
struct CliProgress {
    bar: Mutex<Option<(String, ProgressBar)>>,
    stages: Mutex<StageClock>,
}

/// When the running stage started, and the seconds of each finished one.
#[derive(Default)]
struct StageClock {
    running: Option<Instant>,
    finished: Vec<(Stage, f64)>,
}

impl CliProgress {
    /// Moves the bar of `label` (a new bar when the label changes; a byte counter
    /// when the total is unknown).
    fn advance(&self, label: &str, done: u64, total: Option<u64>) {
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        if bar.as_ref().is_none_or(|(l, _)| l != label) {
            let template = match total {
                Some(_) => "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                None => "{msg} {bytes} {bytes_per_sec}",
            };
            let b = ProgressBar::new(total.unwrap_or(0)).with_message(label.to_owned());
            b.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            *bar = Some((label.to_owned(), b));
        }
        if let Some((_, b)) = bar.as_ref() {
            if let Some(t) = total {
                b.set_length(t);
            }
            b.set_position(done);
            if total.is_some_and(|t| done >= t) {
                b.finish();
            }
        }
    }

    /// Seconds spent in each stage this run, in order.
    fn stage_secs(&self) -> serde_json::Map<String, serde_json::Value> {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        stages
            .finished
            .iter()
            .map(|(s, secs)| (s.name().to_owned(), json!((secs * 1000.0).round() / 1000.0)))
            .collect()
    }
}

impl IngestObserver for CliProgress {
    fn stage_started(&self, _job: JobId, stage: Stage) {
        eprintln!("» {}", stage.name());
        self.stages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .running = Some(Instant::now());
    }
    fn stage_finished(&self, _job: JobId, stage: Stage) {
        let mut stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(started) = stages.running.take() {
            let secs = started.elapsed().as_secs_f64();
            eprintln!("  {} done in {secs:.2} s", stage.name());
            stages.finished.push((stage, secs));
        }
    }
    fn fetch_progress(&self, _job: JobId, done: u64, total: Option<u64>) {
        self.advance("fetch", done, total);
    }
    fn upload_progress(&self, _job: JobId, file: &str, done: u64, total: u64) {
        self.advance(&format!("upload {file}"), done, Some(total));
    }
}

/// Runs the subcommand.
pub async fn run(global: &GlobalArgs, args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (config, _) = super::load_config(global)?;
    let store = wiring::migrated_store(&config).await?;
    let coord = wiring::coordinator(&config).await?;
    // Local paths are queued absolute: the hive that runs the job may have another cwd.
    let parsed = Source::parse(&args.source);
    let source = match &parsed {
        Ok(Source::Local(p)) => std::path::absolute(p)?.display().to_string(),
        _ => args.source.clone(),
    };
    let request = IngestRequest {
        source: source.clone(),
        genre: args.genre,
        name: args.name,
        season_pack: args.season_pack,
        status_message: None,
    };
    let now = wiring::now();
    let job = NewJob {
        kind: INGEST_KIND.into(),
        payload: serde_json::to_value(&request)?,
        priority: 10,
        max_attempts: 5,
        dedupe_key: Some(format!("ingest:{source}")),
        run_after: now,
    };
    let (job, created) = store.enqueue_job(&job, now).await?;
    if args.detach {
        if args.json {
            println!(
                "{}",
                json!({"job": job.id, "created": created, "state": job.state})
            );
        } else if created {
            println!(
                "queued job {} for the hive (streamvault run --role hive)",
                job.id
            );
        } else {
            println!("job {} is already queued ({})", job.id, job.state);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !created {
        eprintln!(
            "resuming job {} (last finished stage: {})",
            job.id,
            job.stage.as_deref().unwrap_or("none")
        );
    }
    let sandbox = match &args.sandbox {
        Some(dir) => Some(
            Sandbox::open(dir)
                .with_context(|| format!("opening the sandbox in {}", dir.display()))?,
        ),
        None => None,
    };
    let channels = ingest_setup::channels(&config, sandbox.as_ref())?;
    // A local file never goes through aria2: skip its cold start.
    let needs_aria2 = !matches!(parsed, Ok(Source::Local(_)));
    let progress = Arc::new(CliProgress::default());
    let observer: Arc<dyn IngestObserver> = progress.clone();
    let (pipeline, _aria2) =
        ingest_setup::pipeline(&config, channels.clone(), Some(observer), needs_aria2).await?;
    let sessions = hive::sessions(&config, sandbox.as_ref(), Some(&channels)).await?;
    let mut runner = HiveRunner::new(
        store.clone(),
        coord,
        HiveConfig::new(hive::host()).with_lease(10),
        format!("ingest-{}-{}", hive::host(), std::process::id()),
    );
    for s in sessions {
        runner.add_session(s)?;
    }
    runner.add_handler(Arc::new(IngestHandler::new(pipeline)))?;
    let (trigger, shutdown) = streamvault_hive::shutdown_channel();
    let running = tokio::spawn(runner.run(shutdown));
    let finished = loop {
        tokio::select! {
            () = super::run::shutdown_signal() => {
                trigger.trigger();
                let _ = running.await;
                eprintln!("interrupted: run the same command again to resume job {}", job.id);
                return Ok(ExitCode::from(130));
            }
            () = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
        let current = store
            .get_job(job.id)
            .await?
            .context("the job disappeared")?;
        if current.state.is_final() {
            break current;
        }
    };
    trigger.trigger();
    running.await.context("hive task")?.context("hive runner")?;
    let state: IngestState =
        serde_json::from_value(finished.checkpoint.clone()).unwrap_or_default();
    let accounts = sandbox.as_ref().map(|sb| {
        sb.accounts()
            .into_iter()
            .map(|a| json!({"account": a.username, "bytes_uploaded": a.counters.bytes_uploaded}))
            .collect::<Vec<_>>()
    });
    let posted = state.album.len()
        + state.episode_posts.len()
        + state.volume_posts.len()
        + state.backup.len()
        + state.shot_posts.len()
        + usize::from(state.card.is_some());
    let summary = json!({
        "job": finished.id, "state": finished.state, "error": finished.last_error,
        "content_id": state.content_id, "slug": state.slug, "clean_name": state.clean_name,
        "messages_posted": posted, "bytes_uploaded": state.bytes_uploaded, "accounts": accounts,
        "peak_rss_bytes": peak_rss_bytes(), "stage_secs": progress.stage_secs(),
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("job {}: {}", finished.id, finished.state);
        if let Some(e) = &finished.last_error {
            println!("error: {e}");
        }
        if let (Some(id), Some(slug)) = (state.content_id, &state.slug) {
            println!(
                "content {id}, slug {slug}: {}",
                state.clean_name.as_deref().unwrap_or("")
            );
        }
        println!(
            "{posted} message(s) posted, {} bytes uploaded",
            state.bytes_uploaded
        );
    }
    Ok(match finished.state {
        JobState::Succeeded => ExitCode::SUCCESS,
        JobState::Blocked => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    })
}

/// This process's peak resident memory (Linux `VmHWM`), for `bench ingest`.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
