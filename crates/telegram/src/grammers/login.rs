//! Interactive login of a worker account: phone, code, then the 2FA password if set.

use super::errors::map_invocation;
use super::{GrammersConfig, GrammersWorker};
use crate::types::{AccountInfo, AccountKind};
use crate::WorkerError;
use grammers_client::client::SignInError;
use grammers_client::tl;

/// Asks the person logging in (the CLI implements it with terminal prompts).
pub trait LoginPrompt: Send {
    /// The phone number in international format.
    fn phone(&mut self) -> std::io::Result<String>;
    /// The login code Telegram sent.
    fn code(&mut self) -> std::io::Result<String>;
    /// The 2FA password; `hint` is Telegram's hint.
    fn password(&mut self, hint: Option<&str>) -> std::io::Result<String>;
}

/// Why a login failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Reading an answer failed.
    #[error("prompt: {0}")]
    Prompt(#[from] std::io::Error),
    /// The code was wrong.
    #[error("the login code is invalid")]
    InvalidCode,
    /// The 2FA password was wrong.
    #[error("the 2FA password is invalid")]
    InvalidPassword,
    /// The phone has no account (sign up with an official app first).
    #[error("no account for this phone: sign up with an official Telegram app first")]
    SignUpRequired,
    /// Telegram refused a request.
    #[error(transparent)]
    Telegram(#[from] WorkerError),
}

fn from_sign_in(e: SignInError) -> LoginError {
    match e {
        SignInError::InvalidCode => LoginError::InvalidCode,
        SignInError::InvalidPassword(_) => LoginError::InvalidPassword,
        SignInError::SignUpRequired => LoginError::SignUpRequired,
        SignInError::PasswordRequired(_) => LoginError::InvalidPassword,
        SignInError::Other(e) => LoginError::Telegram(map_invocation(e)),
    }
}

/// Logs the account of `config` in (or confirms it is logged in); the session file keeps
/// the authorization. Returns who is logged in.
pub async fn login(
    config: &GrammersConfig,
    prompt: &mut dyn LoginPrompt,
) -> Result<AccountInfo, LoginError> {
    let worker = GrammersWorker::connect(config).await?;
    let client = worker.client().clone();
    let authorized = client.is_authorized().await.map_err(map_invocation)?;
    let user = if authorized {
        client.get_me().await.map_err(map_invocation)?
    } else {
        let phone = prompt.phone()?;
        let token = client
            .request_login_code(phone.trim(), &config.api_hash)
            .await
            .map_err(map_invocation)?;
        let code = prompt.code()?;
        match client.sign_in(&token, code.trim()).await {
            Ok(user) => user,
            Err(SignInError::PasswordRequired(password_token)) => {
                let password = prompt.password(password_token.hint())?;
                client
                    .check_password(password_token, password.trim())
                    .await
                    .map_err(from_sign_in)?
            }
            Err(e) => return Err(from_sign_in(e)),
        }
    };
    let premium = matches!(&user.raw, tl::enums::User::User(u) if u.premium);
    let info = AccountInfo {
        user_id: user.id().bare_id().unwrap_or_default(),
        username: user.username().map(str::to_owned),
        display_name: user.full_name(),
        kind: if premium {
            AccountKind::Premium
        } else {
            AccountKind::Normal
        },
    };
    worker.disconnect().await;
    Ok(info)
}
