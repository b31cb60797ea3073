//! The retry side of the call pipeline: classifying an attempt, deciding on the wait (the
//! arithmetic is `airbyte_core::retry`), sleeping, and the per-attempt debug log line.

use airbyte_core::retry::{self, Outcome, Policy};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;
use crate::transport::Response;

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn outcome(r: &Result<Response, Error>) -> Option<Outcome> {
    match r {
        Ok(resp) => Some(Outcome::Status(resp.status)),
        Err(Error::Refused(_)) => Some(Outcome::Refused),
        Err(Error::Connection(_)) => Some(Outcome::Connection),
        Err(Error::Timeout(_)) => Some(Outcome::Timeout),
        Err(_) => None,
    }
}

/// The only statuses `airbyte_core::retry::retryable` can say yes to (checked by a test).
const MAY_RETRY: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// After attempt number `retries_done + 1` ended with `r`: the wait before the next attempt,
/// or `None` to hand `r` to the caller.
pub fn decide(
    policy: &Policy,
    method: &str,
    r: &Result<Response, Error>,
    retries_done: u32,
    started_ms: f64,
) -> Option<f64> {
    // The common answer, decided here: no status outside these is ever retried (see
    // `airbyte_core::retry::retryable`); the rest stays out of line, compiled only when needed.
    if let Ok(resp) = r {
        if !MAY_RETRY.contains(&resp.status) {
            return None;
        }
    }
    decide_slow(policy, method, r, retries_done, started_ms)
}

#[inline(never)]
fn decide_slow(
    policy: &Policy,
    method: &str,
    r: &Result<Response, Error>,
    retries_done: u32,
    started_ms: f64,
) -> Option<f64> {
    let o = outcome(r)?;
    if !retry::retryable(method, o, policy.retry_connection_errors) {
        return None;
    }
    let retry_after = match r {
        Ok(resp) => retry::retry_after_ms(
            resp.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            now_ms(),
        ),
        Err(_) => None,
    };
    retry::next_delay_ms(
        policy,
        retries_done,
        js_sys::Math::random(),
        retry_after,
        now_ms() - started_ms,
    )
}

/// Query parameter names whose values are never logged.
fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["secret", "password", "token", "key", "credential"]
        .iter()
        .any(|w| n.contains(w))
}

/// The path and query of `url` as sent, with secret-looking query values redacted.
pub fn loggable_path(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = url.get(after_scheme..).unwrap_or("");
    let path = rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/");
    let Some((p, q)) = path.split_once('?') else {
        return path.to_string();
    };
    let q: Vec<String> = q
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if secret_name(k) => format!("{k}=[redacted]"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{p}?{}", q.join("&"))
}

/// One line per attempt to `debugLogger.debug`. Never includes headers or bodies.
#[inline(never)]
pub fn log_attempt(
    logger: Option<&JsValue>,
    method: &str,
    url: &str,
    r: &Result<Response, Error>,
    duration_ms: f64,
    attempt: u32,
) {
    let Some(logger) = logger else {
        return;
    };
    let result = match r {
        Ok(resp) => resp.status.to_string(),
        Err(Error::Timeout(_)) => "timeout".to_string(),
        Err(Error::Aborted) => "aborted".to_string(),
        Err(Error::Refused(_)) => "connection refused".to_string(),
        Err(_) => "connection error".to_string(),
    };
    let line = format!(
        "airbyte-api-wasm: {method} {} -> {result} in {} ms (attempt {attempt})",
        loggable_path(url),
        crate::error::ms_int(duration_ms)
    );
    call_method(logger, "debug", &line);
}

/// `target[name](text)`, ignoring a missing method or a throw.
pub fn call_method(target: &JsValue, name: &str, text: &str) -> bool {
    let f = Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    match f {
        Some(f) => {
            let _ = f.call1(target, &JsValue::from_str(text));
            true
        }
        None => false,
    }
}

/// Whether `host` (as in a URL authority, maybe with a port) is a loopback name or address.
pub fn is_loopback(host: &str) -> bool {
    let h = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let h = h.to_ascii_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h == "::1"
        || h.strip_prefix("127.").is_some_and(|r| {
            r.split('.').count() == 3 && r.split('.').all(|p| p.parse::<u8>().is_ok())
        })
}

/// The host of an `http://` URL that is not loopback; `None` for https and loopback.
pub fn plain_http_remote_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("http://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..end)?;
    (!is_loopback(host)).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_statuses_cover_every_retryable_status() {
        for status in 0..=1000u16 {
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] {
                for conn in [false, true] {
                    if retry::retryable(method, Outcome::Status(status), conn) {
                        assert!(MAY_RETRY.contains(&status), "{method} {status}");
                    }
                }
            }
        }
    }

    #[test]
    fn loopback() {
        for h in [
            "localhost",
            "127.0.0.1:8080",
            "[::1]:3000",
            "api.localhost",
            "127.9.8.7",
        ] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "example.com",
            "127.0.0.1.evil.com",
            "10.0.0.1",
            "[::2]",
            "localhost.com",
        ] {
            assert!(!is_loopback(h), "{h}");
        }
        assert_eq!(
            plain_http_remote_host("http://a.example/v1"),
            Some("a.example")
        );
        assert_eq!(plain_http_remote_host("https://a.example/v1"), None);
        assert_eq!(plain_http_remote_host("http://127.0.0.1:1/v1"), None);
    }

    #[test]
    fn paths_are_redacted() {
        assert_eq!(
            loggable_path("http://h:1/v1/jobs?limit=5"),
            "/v1/jobs?limit=5"
        );
        assert_eq!(
            loggable_path("https://h/t?client_secret=abc&x=1"),
            "/t?client_secret=[redacted]&x=1"
        );
        assert_eq!(loggable_path("https://h"), "/");
    }
}
