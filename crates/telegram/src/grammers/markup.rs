//! Inline keyboards between the port's type and grammers' (raw `tl` on the way in).

use crate::message::{ButtonAction, InlineButton, InlineKeyboard};
use grammers_client::message::{Button, ReplyMarkup};
use grammers_client::tl;

/// grammers reply markup for an inline keyboard.
pub fn keyboard(k: &InlineKeyboard) -> ReplyMarkup {
    let rows: Vec<Vec<Button>> = k
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| match &b.action {
                    ButtonAction::Callback(data) => {
                        Button::data(b.text.clone(), data.as_bytes().to_vec())
                    }
                    ButtonAction::Url(url) => Button::url(b.text.clone(), url.clone()),
                })
                .collect()
        })
        .collect();
    ReplyMarkup::from_buttons(&rows)
}

/// The inline keyboard of a received message, if it has one.
pub fn keyboard_from_raw(markup: tl::enums::ReplyMarkup) -> Option<InlineKeyboard> {
    let tl::enums::ReplyMarkup::ReplyInlineMarkup(m) = markup else {
        return None;
    };
    let rows = m
        .rows
        .into_iter()
        .map(|tl::enums::KeyboardInlineButtonRow::Row(row)| {
            row.buttons
                .into_iter()
                .filter_map(|tl::enums::KeyboardInlineButton::Button(b)| {
                    let action = match b.r#type {
                        tl::enums::InlineButtonType::Callback(c) => {
                            ButtonAction::Callback(String::from_utf8_lossy(&c.data).into_owned())
                        }
                        tl::enums::InlineButtonType::Url(u) => ButtonAction::Url(u.url),
                        _ => return None,
                    };
                    Some(InlineButton {
                        text: b.text,
                        action,
                    })
                })
                .collect()
        })
        .collect();
    Some(InlineKeyboard { rows })
}
