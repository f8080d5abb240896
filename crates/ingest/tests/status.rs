//! Status messages through the real Bot API client (teloxide) against the sandbox's Bot
//! API server: one message per job, edited in place, never more than once per interval
//! per chat, and quiet while Telegram says `retry_after`.

mod common;

use common::{video, World};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use streamvault_core::JobId;
use streamvault_ingest::{
    IngestObserver, IngestRequest, IngestState, Stage, StatusBoard, StatusMessage,
};
use streamvault_telegram::teloxide_bot::TeloxideBot;
use streamvault_telegram::BotPort;
use streamvault_telegram_sandbox::{serve, MessageView, ServeHandle};

struct Board {
    world: World,
    server: ServeHandle,
    bot_id: i64,
    bot: Arc<TeloxideBot>,
}

impl Board {
    async fn new() -> Board {
        let world = World::new().await;
        let server = serve(&world.sandbox, "127.0.0.1:0".parse().expect("addr"))
            .await
            .expect("serve");
        let view = world.sandbox.bots()[0].clone();
        world
            .sandbox
            .add_member(world.channels.admin.0, view.id, true)
            .expect("bot joins the admin channel");
        let bot = TeloxideBot::with_api_url(&view.token, &server.url).expect("bot");
        Board {
            world,
            server,
            bot_id: view.id,
            bot: Arc::new(bot),
        }
    }

    fn start(&self, interval: Duration) -> (Arc<StatusBoard>, Stopper) {
        let board = Arc::new(StatusBoard::new(
            self.bot.clone(),
            self.world.channels.admin,
            interval,
        ));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(board.clone().run(async move {
            let _ = rx.await;
        }));
        (board, Stopper { tx, task })
    }

    /// (sent, edited, flood waits) of the bot.
    fn counters(&self) -> (u64, u64, u64) {
        let c = self
            .world
            .sandbox
            .bots()
            .into_iter()
            .find(|b| b.id == self.bot_id)
            .expect("bot")
            .counters;
        (c.messages_sent, c.messages_edited, c.flood_waits)
    }

    fn admin_posts(&self) -> Vec<MessageView> {
        self.world
            .messages(self.world.channels.admin)
            .into_iter()
            .filter(|m| m.from_id == self.bot_id)
            .collect()
    }
}

struct Stopper {
    tx: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Stopper {
    async fn stop(self) {
        let _ = self.tx.send(());
        self.task.await.expect("board task");
    }
}

/// Waits until the board has shown every job's final status.
async fn drained(board: &StatusBoard) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !board.following().is_empty() {
        assert!(Instant::now() < deadline, "status never finished");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingestion_shows_one_status_message_edited_in_place() {
    let b = Board::new().await;
    let interval = Duration::from_millis(400);
    let (board, stopper) = b.start(interval);
    let src = video(b.world.dir.path(), "Status.Test.2021.720p.mkv", 20.0).await;
    let pipeline = b.world.pipeline().with_observer(board.clone());
    let mut host = b
        .world
        .host(41, json!({ "source": src.display().to_string() }));
    let started = Instant::now();
    let st = pipeline.run(&mut host).await.expect("ingested");
    drained(&board).await;
    let elapsed = started.elapsed();
    stopper.stop().await;

    let posts = b.admin_posts();
    assert_eq!(posts.len(), 1, "one status message: {posts:?}");
    let status = &posts[0];
    let slug = st.slug.expect("slug");
    assert!(
        status
            .text
            .starts_with("📥 Ingest #41 · Status.Test.2021.720p.mkv\n✅ Done: content #")
            && status.text.contains(&slug),
        "{}",
        status.text
    );
    let (sent, edited, floods) = b.counters();
    let rounds = (elapsed.as_secs_f64() / interval.as_secs_f64()).ceil() as u64 + 1;
    assert_eq!((sent, floods), (1, 0));
    assert!(
        (1..=rounds).contains(&edited),
        "{edited} edits in {elapsed:?} at one per {interval:?}"
    );
    b.server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_progress_is_coalesced_per_chat() {
    let b = Board::new().await;
    let interval = Duration::from_millis(250);
    // Job 2 edits a message the bot already posted (its reply to whoever queued it).
    let admin = b.world.channels.admin;
    let given = b.bot.send_text(admin, "queued").await.expect("reply");
    let (board, stopper) = b.start(interval);
    let one = IngestRequest::new("https://files.example/a/One.mkv?key=secret");
    let mut two = IngestRequest::new("/srv/Two.mkv");
    two.status_message = Some(StatusMessage {
        chat: admin,
        message: given,
    });
    let started = Instant::now();
    board.job_started(JobId(1), &one, None, None);
    board.job_started(JobId(2), &two, Some(Stage::Probe), None);
    for (job, stage) in [(1, Stage::Fetch), (2, Stage::Upload)] {
        board.stage_started(JobId(job), stage);
    }
    let total = 2_000_000_000u64;
    let mut done = 0;
    while started.elapsed() < Duration::from_millis(1500) {
        done = (done + 1_000_000).min(total);
        board.fetch_progress(JobId(1), done, Some(total));
        board.upload_progress(JobId(2), "Two.mkv", done, total);
        tokio::task::yield_now().await;
    }
    let finished = IngestState {
        content_id: Some(9),
        slug: Some("AbCdEfG".into()),
        ..IngestState::default()
    };
    board.job_ended(JobId(1), Ok(&finished));
    board.job_ended(
        JobId(2),
        Err(&streamvault_ingest::IngestError::Blocked("entry #3".into())),
    );
    drained(&board).await;
    let elapsed = started.elapsed();
    stopper.stop().await;

    let posts = b.admin_posts();
    assert_eq!(
        posts.len(),
        2,
        "job 1's new message and job 2's own: {posts:?}"
    );
    let mine = posts.iter().find(|m| m.id == given).expect("given message");
    assert!(
        mine.text
            .starts_with("📥 Ingest #2 · Two.mkv\n⛔ Blocked: "),
        "{}",
        mine.text
    );
    let other = posts
        .iter()
        .find(|m| m.id != given)
        .expect("job 1's message");
    assert!(other
        .text
        .contains("One.mkv\n✅ Done: content #9, slug AbCdEfG"));
    assert!(!other.text.contains("secret"), "no query strings in titles");
    let (sent, edited, floods) = b.counters();
    let rounds = (elapsed.as_secs_f64() / interval.as_secs_f64()).ceil() as u64 + 1;
    // One chat: at most one call per round, whatever the number of events and jobs.
    assert_eq!(floods, 0);
    assert!(
        sent - 1 + edited <= rounds,
        "{sent} sends + {edited} edits in {elapsed:?} ({rounds} rounds)"
    );
    b.server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_silences_the_chat_until_it_passes() {
    let b = Board::new().await;
    let admin = b.world.channels.admin;
    // Spend the channel's flood budget (20 a minute) before the board starts.
    let mut spent = 0;
    while b
        .bot
        .send_text(admin, &format!("noise {spent}"))
        .await
        .is_ok()
    {
        spent += 1;
        assert!(spent <= 20, "the channel limit was never reached");
    }
    let floods_before = b.counters().2;
    let (board, stopper) = b.start(Duration::from_millis(100));
    board.job_started(JobId(5), &IngestRequest::new("/srv/Five.mkv"), None, None);
    board.stage_started(JobId(5), Stage::Probe);
    board.job_ended(JobId(5), Ok(&IngestState::default()));
    drained(&board).await;
    stopper.stop().await;
    let status: Vec<_> = b
        .admin_posts()
        .into_iter()
        .filter(|m| m.text.starts_with("📥 Ingest #5"))
        .collect();
    assert_eq!(status.len(), 1);
    assert!(status[0].text.ends_with("✅ Done"), "{}", status[0].text);
    assert_eq!(
        b.counters().2 - floods_before,
        1,
        "one refusal, then silence until retry_after passed"
    );
    b.server.shutdown().await.expect("shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_run_edits_the_message_an_earlier_process_posted() {
    let b = Board::new().await;
    let interval = Duration::from_millis(100);
    let src = video(b.world.dir.path(), "Resumed.Status.2020.mkv", 20.0).await;
    let payload = json!({ "source": src.display().to_string() });
    // First process: runs to the probe, its board posts the status message.
    let (board, stopper) = b.start(interval);
    let pipeline = b.world.pipeline().with_observer(board.clone());
    let mut first = b.world.host(77, payload.clone());
    pipeline
        .run_until(&mut first, Some(Stage::Probe))
        .await
        .expect("probe");
    let deadline = Instant::now() + Duration::from_secs(10);
    while board.status_message(JobId(77)).is_none() {
        assert!(Instant::now() < deadline, "no status message posted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    pipeline
        .run_until(&mut first, Some(Stage::Rename))
        .await
        .expect("rename");
    stopper.stop().await;
    let saved: IngestState = serde_json::from_value(first.data.clone()).expect("state");
    let shown = saved
        .status_message
        .expect("the message id is in the checkpoint");

    // The process dies; another one, with a fresh board, resumes the job.
    let (board, stopper) = b.start(interval);
    let pipeline = b.world.pipeline().with_observer(board.clone());
    let mut second = b.world.host(77, payload);
    second.stage = first.stage.clone();
    second.data = first.data.clone();
    pipeline.run(&mut second).await.expect("resumed");
    drained(&board).await;
    stopper.stop().await;

    let posts = b.admin_posts();
    assert_eq!(posts.len(), 1, "still one status message: {posts:?}");
    assert_eq!(posts[0].id, shown.message);
    assert!(posts[0].text.contains("✅ Done"), "{}", posts[0].text);
    b.server.shutdown().await.expect("shutdown");
}
