//! The bot port's teloxide adapter against the sandbox's Bot API server: every error the
//! hive acts on arrives as its typed `BotError`.

mod common;

use common::{serve, world};
use streamvault_telegram::teloxide_bot::TeloxideBot;
use streamvault_telegram::{BotError, BotPort, ChatId};
use streamvault_telegram_sandbox::Place;

#[tokio::test]
async fn send_edit_and_every_refusal_through_teloxide() {
    let w = world();
    let server = serve(&w.sb).await;
    let bot = TeloxideBot::with_api_url(&w.sb.bots()[0].token, &server.url).expect("url");
    let channel = ChatId(w.channel);

    let id = bot.send_text(channel, "queued").await.expect("send");
    bot.edit_text(channel, id, "50%").await.expect("edit");
    let posted = w.sb.messages(Place::Channel(w.channel));
    let status = posted.iter().find(|m| m.id == id).expect("posted");
    assert_eq!((status.text.as_str(), status.edited), ("50%", true));
    assert_eq!(status.from_id, w.bot);

    assert_eq!(
        bot.edit_text(channel, id, "50%").await,
        Err(BotError::NotModified)
    );
    assert_eq!(
        bot.edit_text(channel, id + 1000, "x").await,
        Err(BotError::MessageGone)
    );
    let stranger = w.sb.add_channel("Elsewhere", None).expect("channel");
    assert!(
        matches!(
            bot.send_text(ChatId(stranger), "hi").await,
            Err(BotError::Forbidden { .. })
        ),
        "a channel the bot is not in"
    );
    let wrong = TeloxideBot::with_api_url("100001:wrong", &server.url).expect("url");
    assert_eq!(
        wrong.send_text(channel, "x").await,
        Err(BotError::Unauthorized)
    );
    assert!(TeloxideBot::with_api_url("1:a", "not a url").is_err());
    assert!(
        !format!("{bot:?}").contains(&w.sb.bots()[0].token),
        "the token stays out of Debug output"
    );

    // Flood control: the channel's 20 a minute (one send and one edit spent already).
    let mut refused = None;
    for i in 0..25 {
        if let Err(e) = bot.send_text(channel, &format!("n{i}")).await {
            refused = Some(e);
            break;
        }
    }
    assert!(
        matches!(refused, Some(BotError::RetryAfter { seconds }) if seconds >= 1),
        "{refused:?}"
    );
    server.shutdown().await.expect("shutdown");
}
