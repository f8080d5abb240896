//! HS256 JSON Web Tokens, strictly: the only accepted header algorithm is `HS256`, so
//! `alg: none` and RS/HS key-confusion tokens are refused before any key is used. Expiry
//! (`exp`) is mandatory. Time is passed in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a token was refused. Each maps to a stable API error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    #[error("malformed token")]
    Malformed,
    /// A header algorithm other than HS256 (including `none`).
    #[error("token algorithm {0:?} is not accepted")]
    Algorithm(String),
    /// The signature does not match.
    #[error("bad token signature")]
    BadSignature,
    /// Past `exp`.
    #[error("token expired")]
    Expired,
    /// The claims are not what this token type needs.
    #[error("token claims are invalid: {0}")]
    Claims(String),
}

impl JwtError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            JwtError::Malformed => "token_malformed",
            JwtError::Algorithm(_) => "token_algorithm",
            JwtError::BadSignature => "token_signature",
            JwtError::Expired => "token_expired",
            JwtError::Claims(_) => "token_claims",
        }
    }
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    HmacSha256::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// Encodes `claims` as an HS256 JWT.
pub fn encode<C: Serialize>(claims: &C, secret: &[u8]) -> Result<String, JwtError> {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = serde_json::to_vec(claims).map_err(|e| JwtError::Claims(e.to_string()))?;
    let signing_input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
    let mut m = mac(secret);
    m.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
    Ok(format!("{signing_input}.{signature}"))
}

/// Verifies an HS256 JWT and returns its claims; `exp` must be after `now`.
pub fn decode<C: DeserializeOwned>(token: &str, secret: &[u8], now: i64) -> Result<C, JwtError> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(JwtError::Malformed);
    };
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(header)
            .map_err(|_| JwtError::Malformed)?,
    )
    .map_err(|_| JwtError::Malformed)?;
    match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => {}
        Some(other) => return Err(JwtError::Algorithm(other.to_owned())),
        None => return Err(JwtError::Malformed),
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| JwtError::Malformed)?;
    let mut m = mac(secret);
    let signing_input = &token[..token.len() - parts[2].len() - 1];
    m.update(signing_input.as_bytes());
    m.verify_slice(&signature)
        .map_err(|_| JwtError::BadSignature)?;
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| JwtError::Malformed)?,
    )
    .map_err(|_| JwtError::Malformed)?;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(|| JwtError::Claims("no exp".into()))?;
    if now >= exp {
        return Err(JwtError::Expired);
    }
    serde_json::from_value(claims).map_err(|e| JwtError::Claims(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Claims {
        sub: String,
        exp: i64,
        jti: String,
    }

    fn claims() -> Claims {
        Claims {
            sub: "42".into(),
            exp: 1000,
            jti: "j1".into(),
        }
    }

    fn forge(header: &str, payload: &str, secret: &[u8]) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let mut m = mac(secret);
        m.update(input.as_bytes());
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
        )
    }

    #[test]
    fn round_trip() {
        let t = encode(&claims(), b"k").unwrap();
        assert_eq!(decode::<Claims>(&t, b"k", 999), Ok(claims()));
    }

    #[test]
    fn expiry_is_enforced_and_required() {
        let t = encode(&claims(), b"k").unwrap();
        assert_eq!(decode::<Claims>(&t, b"k", 1000), Err(JwtError::Expired));
        let no_exp = forge(r#"{"alg":"HS256"}"#, r#"{"sub":"42","jti":"x"}"#, b"k");
        assert!(matches!(
            decode::<Claims>(&no_exp, b"k", 0),
            Err(JwtError::Claims(_))
        ));
    }

    #[test]
    fn tampering_and_wrong_keys_are_refused() {
        let t = encode(&claims(), b"k").unwrap();
        assert_eq!(
            decode::<Claims>(&t, b"other", 0),
            Err(JwtError::BadSignature)
        );
        let parts: Vec<&str> = t.split('.').collect();
        let evil = URL_SAFE_NO_PAD.encode(r#"{"sub":"1","exp":1000,"jti":"j1"}"#);
        let tampered = format!("{}.{evil}.{}", parts[0], parts[2]);
        assert_eq!(
            decode::<Claims>(&tampered, b"k", 0),
            Err(JwtError::BadSignature)
        );
        let longer = decode::<Claims>(&format!("{t}x"), b"k", 0);
        assert!(
            matches!(longer, Err(JwtError::BadSignature | JwtError::Malformed)),
            "{longer:?}"
        );
    }

    #[test]
    fn other_algorithms_are_refused() {
        let payload = r#"{"sub":"42","exp":1000,"jti":"j1"}"#;
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        );
        assert_eq!(
            decode::<Claims>(&none, b"k", 0),
            Err(JwtError::Algorithm("none".into()))
        );
        // RS/HS confusion: an attacker signs with HMAC using a public key as the secret and
        // labels it RS256; we never accept RS256 at all.
        let rs = forge(r#"{"alg":"RS256"}"#, payload, b"public-key-pem");
        assert_eq!(
            decode::<Claims>(&rs, b"k", 0),
            Err(JwtError::Algorithm("RS256".into()))
        );
        let hs512 = forge(r#"{"alg":"HS512"}"#, payload, b"k");
        assert_eq!(
            decode::<Claims>(&hs512, b"k", 0),
            Err(JwtError::Algorithm("HS512".into()))
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for t in ["", "a.b", "a.b.c.d", "!!!.???.***", "e30.e30"] {
            assert_eq!(
                decode::<Claims>(t, b"k", 0),
                Err(JwtError::Malformed),
                "{t:?}"
            );
        }
    }
}
