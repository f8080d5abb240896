//! Worker-port contract tests against the sandbox: upload limits, ranged downloads,
//! file-reference refresh, floods and bans.

mod common;

use common::{bytes, invalid, upload_doc, world, world_on, world_with};
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use streamvault_telegram::limits::{KIB, MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES_PREMIUM, MIB};
use streamvault_telegram::{
    download_range, send_refreshing, ByteRange, ChatId, ChunkSize, GetFileRequest, OutgoingMedia,
    OutgoingMessage, WorkerError, WorkerPort,
};
use streamvault_telegram_sandbox::{ManualClock, Place, Rate, SandboxConfig};

#[tokio::test]
async fn upload_size_limits_by_account_kind() {
    let w = world();
    let (normal, premium) = (w.sb.worker(w.worker1), w.sb.worker(w.worker2));
    let short = bytes(10, 0);
    let r = normal
        .upload(&mut &short[..], MAX_UPLOAD_BYTES + 1, "x", &|_, _| {})
        .await;
    assert_eq!(
        r.map(|_| ()),
        Err(WorkerError::TooLarge {
            reason: "FILE_PARTS_INVALID".into()
        })
    );
    // Premium accepts the size: the upload only fails because the source is short.
    let r = premium
        .upload(&mut &short[..], MAX_UPLOAD_BYTES + 1, "x", &|_, _| {})
        .await;
    assert!(
        matches!(r, Err(WorkerError::InvalidRequest { .. })),
        "{r:?}"
    );
    let r = premium
        .upload(
            &mut &short[..],
            MAX_UPLOAD_BYTES_PREMIUM + 1,
            "x",
            &|_, _| {},
        )
        .await;
    assert!(matches!(r, Err(WorkerError::TooLarge { .. })), "{r:?}");
}

#[tokio::test]
async fn ranged_download_obeys_get_file_rules_and_refreshes_expired_references() {
    let clock = Arc::new(ManualClock::new(1_700_000_000_000));
    let config = SandboxConfig {
        file_reference_ttl: Duration::from_secs(60),
        ..SandboxConfig::default()
    };
    let w = world_on(clock.clone(), config);
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    port.warm_peers().await.expect("warm");
    let data = bytes(3 * MIB as usize + 1234, 4);
    let msg = upload_doc(&port, chat, &data, "").await;
    let media = msg.media.clone().expect("media");

    let bad = |offset, limit| port.get_file_chunk(&media, GetFileRequest { offset, limit });
    assert_eq!(
        bad(100, 4 * KIB).await.map(|_| ()),
        Err(invalid("OFFSET_INVALID"))
    );
    assert_eq!(
        bad(0, 12 * KIB).await.map(|_| ()),
        Err(invalid("LIMIT_INVALID"))
    );
    assert_eq!(
        bad(MIB - 4 * KIB, 8 * KIB).await.map(|_| ()),
        Err(invalid("LIMIT_INVALID"))
    );
    assert_eq!(bad(0, 4 * KIB).await.map(|b| b.len()), Ok(4096));

    let range = ByteRange::new(MIB - 100, 2 * MIB + 5000).expect("range");
    let chunks: Vec<_> = download_range(
        &port,
        media.clone(),
        range,
        ChunkSize::new(512 * KIB).expect("chunk"),
    )
    .collect()
    .await;
    let got: Vec<u8> = chunks
        .into_iter()
        .map(|c| c.expect("chunk"))
        .collect::<Vec<_>>()
        .concat();
    assert_eq!(got, &data[range.start as usize..=range.end as usize]);

    clock.advance_ms(61_000);
    assert_eq!(
        bad(0, 4 * KIB).await.map(|_| ()),
        Err(WorkerError::FileReferenceExpired)
    );
    let tail = ByteRange::new(data.len() as u64 - 10, data.len() as u64 - 1).expect("tail");
    let chunks: Vec<_> = download_range(
        &port,
        media.clone(),
        tail,
        ChunkSize::fitting(10, 512 * KIB),
    )
    .collect()
    .await;
    let got: Vec<u8> = chunks
        .into_iter()
        .map(|c| c.expect("refreshed chunk"))
        .collect::<Vec<_>>()
        .concat();
    assert_eq!(got, &data[data.len() - 10..]);
    let resend = OutgoingMessage::media(OutgoingMedia::Stored(media.clone()), "again");
    assert_eq!(
        port.send_message(chat, resend.clone()).await.map(|_| ()),
        Err(WorkerError::FileReferenceExpired)
    );
    send_refreshing(&port, chat, resend)
        .await
        .expect("sent after refreshing the reference");
    let other = w.sb.worker(w.worker2);
    other.warm_peers().await.expect("warm");
    let foreign = other
        .get_file_chunk(
            &media,
            GetFileRequest {
                offset: 0,
                limit: 4 * KIB,
            },
        )
        .await;
    assert_eq!(
        foreign.map(|_| ()),
        Err(invalid("LOCATION_INVALID")),
        "access hashes are per account"
    );
}

#[tokio::test]
async fn floods_and_bans() {
    let rates = streamvault_telegram_sandbox::Rates {
        account_sends: Rate {
            burst: 3,
            interval_ms: 60_000,
        },
        ..Default::default()
    };
    let w = world_with(SandboxConfig {
        rates,
        ..SandboxConfig::default()
    });
    let port = w.sb.worker(w.worker1);
    let chat = ChatId(w.channel);
    port.warm_peers().await.expect("warm");
    for i in 0..3 {
        port.send_message(chat, OutgoingMessage::text(format!("m{i}")))
            .await
            .expect("within burst");
    }
    let r = port.send_message(chat, OutgoingMessage::text("over")).await;
    assert!(
        matches!(r, Err(WorkerError::FloodWait { seconds }) if (59..=60).contains(&seconds)),
        "{r:?}"
    );
    assert_eq!(w.sb.accounts()[0].counters.flood_waits, 1);

    let other = w.sb.worker(w.worker2);
    other.warm_peers().await.expect("warm");
    w.sb.set_channel_banned(w.channel, true)
        .expect("ban channel");
    assert_eq!(
        other.resolve_channel(chat).await,
        Err(invalid("CHANNEL_PRIVATE"))
    );
    w.sb.set_channel_banned(w.channel, false)
        .expect("unban channel");
    w.sb.set_account_banned(w.worker2, true)
        .expect("ban account");
    assert!(matches!(
        other.me().await,
        Err(WorkerError::SessionDead { .. })
    ));
    let msgs = w.sb.messages(Place::Channel(w.channel));
    assert_eq!(msgs.len(), 3);
}
