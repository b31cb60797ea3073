//! Credentials: bearer and basic headers, and the client-credentials token cache.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;

use crate::error::Error;
use crate::options::Security;
use crate::transport::{self, put_header, Request};
use crate::Inner;

/// A token is refreshed this long before it expires.
pub const SKEW_MS: f64 = 30_000.0;

type Slot = Rc<RefCell<Option<Result<String, Error>>>>;

/// Per-client token state. `Debug` is deliberately not derived: it holds a secret.
#[derive(Default)]
pub struct TokenCache {
    /// The current token and its expiry (ms since the epoch).
    current: Option<(String, f64)>,
    /// The token request in flight, shared by every call that needs a token meanwhile.
    pending: Option<(Promise, Slot)>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// application/x-www-form-urlencoded encoding of one value.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The Authorization header value for a call, `None` when there is no scheme.
/// For client credentials this may fetch (or wait for) a token.
pub async fn authorization(
    inner: &Rc<Inner>,
    timeout_ms: Option<f64>,
    signal: Option<&JsValue>,
) -> Result<Option<String>, Error> {
    match &inner.options.security {
        Security::ClientCredentials { .. } => {
            // Boxed behind `dyn`: the token exchange is its own state machine, not inlined into
            // every call's (wasm functions are compiled on first use; bearer calls never use it).
            let fut: Pin<Box<dyn Future<Output = Result<String, Error>> + '_>> =
                Box::pin(token(inner, timeout_ms, signal));
            let t = fut.await?;
            Ok(Some(bearer(&t)))
        }
        _ => Ok(fixed_authorization(inner)),
    }
}

/// The `Authorization` of a client whose credentials never change (bearer, basic); `None`
/// without credentials, and for client credentials (see [`authorization`]).
pub fn fixed_authorization(inner: &Inner) -> Option<String> {
    match &inner.options.security {
        Security::Bearer(t) => Some(bearer(t)),
        Security::Basic { username, password } => Some(basic(username, password)),
        Security::None | Security::ClientCredentials { .. } => None,
    }
}

/// `Bearer <token>` (no formatting machinery on the call path).
fn bearer(t: &str) -> String {
    let mut s = String::with_capacity(7 + t.len());
    s.push_str("Bearer ");
    s.push_str(t);
    s
}

#[inline(never)]
fn basic(username: &str, password: &str) -> String {
    airbyte_core::token::basic_auth_header(username, password)
}

/// Forget `used` (after a 401) unless a newer token already replaced it.
pub fn drop_token(inner: &Inner, used_authorization: &str) {
    let mut st = inner.tokens.borrow_mut();
    let same = st
        .current
        .as_ref()
        .is_some_and(|(t, _)| used_authorization.strip_prefix("Bearer ") == Some(t.as_str()));
    if same {
        st.current = None;
    }
}

async fn token(
    inner: &Rc<Inner>,
    timeout_ms: Option<f64>,
    signal: Option<&JsValue>,
) -> Result<String, Error> {
    let waiting = {
        let st = inner.tokens.borrow();
        if let Some((t, exp)) = &st.current {
            if now_ms() < exp - SKEW_MS {
                return Ok(t.clone());
            }
        }
        st.pending.clone()
    };
    let (promise, slot) = match waiting {
        Some(p) => p,
        None => {
            let slot: Slot = Rc::new(RefCell::new(None));
            let job_inner = inner.clone();
            let job_slot = slot.clone();
            // Shared by several calls: it obeys the timeout but no single caller's signal.
            let promise = transport::spawn(async move {
                let r = fetch_token(&job_inner, timeout_ms, None).await;
                {
                    let mut st = job_inner.tokens.borrow_mut();
                    st.pending = None;
                    if let Ok((t, exp)) = &r {
                        st.current = Some((t.clone(), *exp));
                    }
                }
                *job_slot.borrow_mut() = Some(r.map(|(t, _)| t));
                Ok(JsValue::UNDEFINED)
            });
            inner.tokens.borrow_mut().pending = Some((promise.clone(), slot.clone()));
            (promise, slot)
        }
    };
    // The shared promise never rejects; the outcome is in the slot. The caller's signal
    // still cuts the wait short (the token request itself goes on for the other callers).
    transport::wait_abortable(promise, signal).await?;
    let r = slot.borrow().clone();
    r.unwrap_or_else(|| {
        Err(Error::Connection(
            "token request did not finish".to_string(),
        ))
    })
}

async fn fetch_token(
    inner: &Inner,
    timeout_ms: Option<f64>,
    signal: Option<&JsValue>,
) -> Result<(String, f64), Error> {
    let Security::ClientCredentials {
        client_id,
        client_secret,
        token_url,
    } = &inner.options.security
    else {
        return Err(Error::Connection("no client credentials".to_string()));
    };
    let body = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        form_encode(client_id),
        form_encode(client_secret)
    );
    let mut headers = Vec::new();
    put_header(&mut headers, "Accept", "application/json");
    put_header(
        &mut headers,
        "Content-Type",
        "application/x-www-form-urlencoded",
    );
    put_header(&mut headers, "User-Agent", &inner.options.user_agent);
    for (k, v) in &inner.options.headers {
        put_header(&mut headers, k, v);
    }
    let headers = transport::headers_object(&headers);
    let req = Request {
        method: "POST",
        url: token_url,
        headers: &headers,
        body: Some(&body),
    };
    // The token request is a POST: the retry rules replay it only when it cannot have been
    // processed (429, connection refused).
    let fetch = inner.fetch();
    let policy = inner.options.retry;
    let started = crate::retry::now_ms();
    let mut retries = 0u32;
    let mut attempt = 0u32;
    let resp = loop {
        attempt = attempt.saturating_add(1);
        let t0 = crate::retry::now_ms();
        let r = transport::send(&fetch, &req, timeout_ms, signal).await;
        crate::retry::log_attempt(
            inner.options.logger.as_ref(),
            "POST",
            token_url,
            &r,
            crate::retry::now_ms() - t0,
            attempt,
        );
        match crate::retry::decide(&policy, "POST", &r, retries, started) {
            Some(wait) => {
                transport::sleep(wait, signal).await?;
                retries = retries.saturating_add(1);
            }
            None => break r?,
        }
    };
    let text = resp.body.text();
    if !(200..300).contains(&resp.status) {
        return Err(Error::Api {
            status: resp.status,
            body: text,
            headers: resp.headers,
        });
    }
    // The token body holds a secret: never echo it in an error.
    let bad = |path: &str, message: &str| Error::Validation {
        raw_body: String::new(),
        path: path.to_string(),
        message: format!("token response: {message}"),
    };
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| bad("", "not valid JSON"))?;
    let token = v
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("access_token", "missing or not a string"))?
        .to_string();
    let expires_in = v.get("expires_in").and_then(|e| e.as_f64());
    let exp = airbyte_core::token::expiry_ms(now_ms(), expires_in, &token);
    Ok((token, exp))
}
