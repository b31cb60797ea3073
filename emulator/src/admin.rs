//! Test hooks under `/__emulator/`: queued faults and the request log.

use axum::http::{HeaderMap, HeaderValue};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};

use crate::http::{self, Resp};

/// One fault as posted to `POST /__emulator/faults`.
#[derive(Deserialize, Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    /// HTTP method to match (`*` or absent: any).
    #[serde(default)]
    pub method: Option<String>,
    /// Path pattern; `*` matches any run of characters. Matched against the request path as
    /// sent and against the path without its `/v1` or `/api/public/v1` prefix.
    pub path: String,
    /// How many matching requests this fault applies to (default 1).
    #[serde(default)]
    pub count: Option<u32>,
    /// Status to answer with.
    #[serde(default)]
    pub status: Option<u16>,
    /// Error body shape: rfc9457, micronaut, aboutblank, messagecode, exception, html, empty.
    #[serde(default)]
    pub body: Option<String>,
    /// Exact body text to send instead of a generated shape.
    #[serde(default)]
    pub raw_body: Option<String>,
    /// Extra response headers (e.g. `Retry-After`, `retry-after-ms`).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Wait this long before answering (alone: a slow but otherwise normal answer).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Close the connection without any response.
    #[serde(default)]
    pub drop: bool,
    /// Handle the request, send the status and headers, then cut the body short and close.
    #[serde(default)]
    pub truncate: bool,
    /// Answer with a body that is not JSON (Content-Type still application/json).
    #[serde(default)]
    pub nonjson: bool,
    /// Answer with valid JSON of the wrong shape.
    #[serde(default)]
    pub wrongjson: bool,
}

const SHAPES: &[&str] = &[
    "rfc9457",
    "micronaut",
    "aboutblank",
    "messagecode",
    "exception",
    "html",
    "empty",
];

impl FaultSpec {
    fn check(&self) -> Result<(), String> {
        let kinds = [self.drop, self.truncate, self.nonjson, self.wrongjson]
            .iter()
            .filter(|b| **b)
            .count();
        if kinds > 1 {
            return Err("at most one of drop, truncate, nonjson, wrongjson".into());
        }
        if self.path.is_empty() {
            return Err("path must not be empty".into());
        }
        if let Some(s) = self.status {
            if !(200..=599).contains(&s) {
                return Err("status must be within 200..=599".into());
            }
        }
        if let Some(b) = &self.body {
            if !SHAPES.contains(&b.as_str()) {
                return Err(format!("body must be one of {}", SHAPES.join(", ")));
            }
        }
        if self.count == Some(0) {
            return Err("count must be at least 1".into());
        }
        for (k, v) in &self.headers {
            if axum::http::HeaderName::from_bytes(k.as_bytes()).is_err()
                || HeaderValue::from_str(v).is_err()
            {
                return Err(format!("invalid header {k}"));
            }
        }
        if let Some(d) = self.delay_ms {
            if d > 600_000 {
                return Err("delayMs must be at most 600000".into());
            }
        }
        Ok(())
    }
}

struct Queued {
    spec: FaultSpec,
    remaining: u32,
}

/// Glob match where `*` matches any (possibly empty) run of characters.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

#[derive(Default)]
pub struct Admin {
    faults: Mutex<Vec<Queued>>,
    log: Mutex<VecDeque<Value>>,
    seq: Mutex<u64>,
}

const LOG_CAP: usize = 10_000;
/// Bodies larger than this are recorded as `{omitted: true, bytes}`.
const LOG_BODY_CAP: usize = 64 * 1024;

impl Admin {
    /// Queues one fault or an array of them. Returns the problem text on invalid input.
    pub fn add_faults(&self, body: &Value) -> Result<usize, String> {
        let items: Vec<Value> = match body {
            Value::Array(a) => a.clone(),
            v => vec![v.clone()],
        };
        let mut specs = Vec::with_capacity(items.len());
        for it in items {
            let spec: FaultSpec = serde_json::from_value(it).map_err(|e| e.to_string())?;
            spec.check()?;
            specs.push(spec);
        }
        let n = specs.len();
        let mut f = self.faults.lock();
        for spec in specs {
            let remaining = spec.count.unwrap_or(1);
            f.push(Queued { spec, remaining });
        }
        Ok(n)
    }

    pub fn list_faults(&self) -> Value {
        let f = self.faults.lock();
        Value::Array(
            f.iter()
                .map(|q| {
                    let mut v = serde_json::to_value(&q.spec).unwrap_or(Value::Null);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("remaining".into(), json!(q.remaining));
                    }
                    v
                })
                .collect(),
        )
    }

    pub fn clear_faults(&self) {
        self.faults.lock().clear();
    }

    /// Takes the first queued fault matching the request, consuming one of its uses.
    pub fn take_fault(
        &self,
        method: &str,
        full_path: &str,
        api_path: Option<&str>,
    ) -> Option<FaultSpec> {
        let mut f = self.faults.lock();
        let idx = f.iter().position(|q| {
            let m_ok = match q.spec.method.as_deref() {
                None | Some("*") => true,
                Some(m) => m.eq_ignore_ascii_case(method),
            };
            m_ok && (glob(&q.spec.path, full_path)
                || api_path.is_some_and(|p| glob(&q.spec.path, p)))
        })?;
        let q = f.get_mut(idx)?;
        let spec = q.spec.clone();
        q.remaining = q.remaining.saturating_sub(1);
        if q.remaining == 0 {
            f.remove(idx);
        }
        Some(spec)
    }

    /// Records a request; the Authorization header and client secrets are redacted.
    pub fn record(
        &self,
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        let mut hs = serde_json::Map::new();
        for (k, v) in headers {
            let name = k.as_str().to_ascii_lowercase();
            let val = if matches!(
                name.as_str(),
                "authorization" | "proxy-authorization" | "cookie"
            ) {
                "[redacted]".to_string()
            } else {
                String::from_utf8_lossy(v.as_bytes()).into_owned()
            };
            hs.insert(name, Value::String(val));
        }
        let body_v = if body.is_empty() {
            Value::Null
        } else if body.len() > LOG_BODY_CAP {
            json!({ "omitted": true, "bytes": body.len() })
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(mut v) => {
                    redact(&mut v);
                    v
                }
                Err(_) => {
                    let text = String::from_utf8_lossy(body).into_owned();
                    if text.contains("client_secret") || text.contains("clientSecret") {
                        Value::String(redact_form(&text))
                    } else {
                        Value::String(text)
                    }
                }
            }
        };
        let seq = {
            let mut s = self.seq.lock();
            *s += 1;
            *s
        };
        let entry = json!({
            "seq": seq,
            "timeMs": crate::time::now_ms(),
            "method": method,
            "path": path,
            "query": query.unwrap_or(""),
            "headers": hs,
            "body": body_v,
        });
        let mut log = self.log.lock();
        if log.len() >= LOG_CAP {
            log.pop_front();
        }
        log.push_back(entry);
    }

    pub fn requests(&self, method: Option<&str>, path: Option<&str>) -> Value {
        let log = self.log.lock();
        Value::Array(
            log.iter()
                .filter(|e| {
                    method.is_none_or(|m| {
                        e.get("method")
                            .and_then(Value::as_str)
                            .is_some_and(|x| x.eq_ignore_ascii_case(m))
                    }) && path.is_none_or(|p| {
                        e.get("path")
                            .and_then(Value::as_str)
                            .is_some_and(|x| glob(p, x))
                    })
                })
                .cloned()
                .collect(),
        )
    }

    pub fn clear_requests(&self) {
        self.log.lock().clear();
    }
}

fn redact(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                let kl = k.to_ascii_lowercase();
                if kl.contains("secret") || kl.contains("password") || kl == "access_token" {
                    *x = Value::String("[redacted]".into());
                } else {
                    redact(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact),
        _ => {}
    }
}

fn redact_form(text: &str) -> String {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| {
            let kl = k.to_ascii_lowercase();
            if kl.contains("secret") || kl.contains("password") {
                format!("{k}=[redacted]")
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The error body for an injected status, in the requested shape.
pub fn fault_body(status: u16, shape: &str, path: &str) -> Resp {
    let reason = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let title = http::title_for(status);
    match shape {
        "micronaut" => http::json_resp(
            status,
            &json!({
                "message": reason,
                "_links": { "self": { "href": path, "templated": false } },
                "_embedded": { "errors": [ { "message": format!("{reason}: injected fault"), "_links": {}, "_embedded": {} } ] }
            }),
        ),
        "aboutblank" => http::raw(
            status,
            "application/problem+json",
            json!({ "type": "about:blank", "title": reason, "status": status })
                .to_string()
                .into_bytes(),
        ),
        "messagecode" => http::json_resp(
            status,
            &json!({ "message": format!("{reason}: injected fault"), "code": title }),
        ),
        "exception" => http::json_resp(
            status,
            &json!({
                "message": format!("{reason}: injected fault"),
                "exceptionClassName": "io.airbyte.commons.server.errors.InjectedFaultException",
                "exceptionStack": ["at io.airbyte.emulator.Fault.inject(Fault.java:1)"],
                "rootCauseExceptionClassName": null,
                "rootCauseExceptionStack": null
            }),
        ),
        "html" => http::raw(
            status,
            "text/html",
            format!(
                "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            )
            .into_bytes(),
        ),
        "empty" => http::empty(status),
        _ => http::raw(
            status,
            "application/problem+json",
            json!({
                "type": format!("https://reference.airbyte.com/reference/errors#{title}"),
                "title": title,
                "status": status,
                "detail": format!("{reason}: injected fault"),
                "documentationUrl": "https://reference.airbyte.com/reference/errors",
            })
            .to_string()
            .into_bytes(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::glob;
    #[test]
    fn globs() {
        assert!(glob("/jobs*", "/jobs/12"));
        assert!(glob("*", "/anything"));
        assert!(glob("/connections/*/x", "/connections/a/b/x"));
        assert!(!glob("/jobs", "/jobs/1"));
        assert!(glob("/v1/jobs", "/v1/jobs"));
        assert!(!glob("/sources*", "/v1/sources"));
        assert!(glob("*sources*", "/v1/sources"));
    }
}
