//! Credentials: the static bearer token, HTTP Basic, and JWT-shaped tokens issued by
//! `/applications/token` that really expire.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use parking_lot::Mutex;
use serde_json::json;
use std::collections::HashMap;

use crate::time::now_ms;

/// The result of checking an `Authorization` header.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthOutcome {
    Ok,
    Missing,
    Invalid,
    Expired,
}

pub struct Auth {
    api_token: String,
    basic_user: String,
    basic_password: String,
    client_id: String,
    client_secret: String,
    ttl_s: u64,
    /// Issued token → expiry in epoch ms.
    issued: Mutex<HashMap<String, i64>>,
}

/// Constant-time-ish comparison, so a wrong secret does not leak its prefix length by timing.
fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(*x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0));
    }
    diff == 0
}

impl Auth {
    pub fn new(cfg: &crate::Config) -> Auth {
        Auth {
            api_token: cfg.api_token.clone(),
            basic_user: cfg.basic_user.clone(),
            basic_password: cfg.basic_password.clone(),
            client_id: cfg.client_id.clone(),
            client_secret: cfg.client_secret.clone(),
            ttl_s: cfg.token_ttl_s,
            issued: Mutex::new(HashMap::new()),
        }
    }

    pub fn ttl_s(&self) -> u64 {
        self.ttl_s
    }

    /// Checks an `Authorization` header value.
    pub fn check(&self, header: Option<&str>) -> AuthOutcome {
        let Some(h) = header.map(str::trim) else {
            return AuthOutcome::Missing;
        };
        let (scheme, rest) = match h.split_once(' ') {
            Some((s, r)) => (s, r.trim()),
            None => return AuthOutcome::Invalid,
        };
        if scheme.eq_ignore_ascii_case("bearer") {
            if !self.api_token.is_empty() && eq(rest, &self.api_token) {
                return AuthOutcome::Ok;
            }
            let now = now_ms();
            let mut issued = self.issued.lock();
            // Forget tokens that expired long ago so the map stays small.
            issued.retain(|_, exp| *exp + 3_600_000 > now);
            return match issued.get(rest) {
                Some(exp) if *exp > now => AuthOutcome::Ok,
                Some(_) => AuthOutcome::Expired,
                None => AuthOutcome::Invalid,
            };
        }
        if scheme.eq_ignore_ascii_case("basic") {
            let Ok(bytes) = STANDARD.decode(rest) else {
                return AuthOutcome::Invalid;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return AuthOutcome::Invalid;
            };
            let Some((u, p)) = text.split_once(':') else {
                return AuthOutcome::Invalid;
            };
            if eq(u, &self.basic_user) & eq(p, &self.basic_password) {
                return AuthOutcome::Ok;
            }
            return AuthOutcome::Invalid;
        }
        AuthOutcome::Invalid
    }

    /// Issues a token for valid client credentials; `None` when they are wrong.
    pub fn issue(&self, client_id: &str, client_secret: &str) -> Option<(String, u64)> {
        if !(eq(client_id, &self.client_id) & eq(client_secret, &self.client_secret)) {
            return None;
        }
        let now = now_ms();
        let exp_ms = now.saturating_add((self.ttl_s as i64).saturating_mul(1000));
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = json!({
            "iss": "airbyte-emulator",
            "sub": client_id,
            "iat": now / 1000,
            "exp": exp_ms.div_euclid(1000),
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        let payload = URL_SAFE_NO_PAD.encode(payload.to_string().as_bytes());
        let mut sig = Vec::with_capacity(32);
        sig.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        sig.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        let token = format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(sig));
        self.issued.lock().insert(token.clone(), exp_ms);
        Some((token, self.ttl_s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn schemes() {
        let a = Auth::new(&crate::Config::for_tests());
        assert_eq!(a.check(Some("Bearer demo-token")), AuthOutcome::Ok);
        assert_eq!(a.check(Some("Bearer nope")), AuthOutcome::Invalid);
        assert_eq!(a.check(None), AuthOutcome::Missing);
        let b = format!("Basic {}", STANDARD.encode("demo:demo"));
        assert_eq!(a.check(Some(&b)), AuthOutcome::Ok);
        let b = format!("Basic {}", STANDARD.encode("demo:x"));
        assert_eq!(a.check(Some(&b)), AuthOutcome::Invalid);
        assert!(a.issue("demo-client", "wrong").is_none());
        let (t, ttl) = a.issue("demo-client", "demo-secret").unwrap();
        assert_eq!(ttl, 180);
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(a.check(Some(&format!("Bearer {t}"))), AuthOutcome::Ok);
    }
}
