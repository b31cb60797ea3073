//! Error bodies as Airbyte sends them, in all their shapes, and a message a person can act on.

use serde_json::Value;

/// What could be read from an error body. Every field is optional; `messages` collects the
/// plain `message` and Micronaut's `_embedded.errors[].message`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    pub status: Option<u16>,
    pub r#type: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub documentation_url: Option<String>,
    pub data: Option<Value>,
    pub messages: Vec<String>,
}

/// Reads an error body. `None` for an empty body, HTML, anything that is not a JSON object,
/// or an object with none of the known fields.
pub fn parse(status: u16, content_type: Option<&str>, body: &str) -> Option<Problem> {
    let _ = status;
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") && !trimmed.starts_with('{') {
            return None;
        }
    }
    if !trimmed.starts_with('{') {
        return None;
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return None;
    };
    let text = |k: &str| match map.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    let mut p = Problem {
        status: map.get("status").and_then(status_of),
        r#type: text("type"),
        title: text("title"),
        detail: text("detail"),
        documentation_url: text("documentationUrl"),
        data: map.get("data").filter(|v| !v.is_null()).cloned(),
        messages: Vec::new(),
    };
    if let Some(m) = text("message") {
        p.messages.push(m);
    }
    if let Some(Value::Array(errors)) = map.get("_embedded").and_then(|e| e.get("errors")) {
        for e in errors {
            if let Some(Value::String(m)) = e.get("message") {
                if !m.is_empty() && !p.messages.contains(m) {
                    p.messages.push(m.clone());
                }
            }
        }
    }
    let known = p.status.is_some()
        || p.r#type.is_some()
        || p.title.is_some()
        || p.detail.is_some()
        || p.documentation_url.is_some()
        || p.data.is_some()
        || !p.messages.is_empty();
    known.then_some(p)
}

fn status_of(v: &Value) -> Option<u16> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|u| u16::try_from(u).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The standard reason phrase of common status codes.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        423 => "Locked",
        425 => "Too Early",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

const MAX_TEXT: usize = 500;

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.len() <= MAX_TEXT {
        return s.to_string();
    }
    let mut end = MAX_TEXT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or_default())
}

/// `Airbyte API error 404 Not Found: Connection 123 not found` — the status code, its reason
/// phrase, and the body's detail (else its title, else its messages).
pub fn message(status: u16, problem: Option<&Problem>) -> String {
    let mut out = format!("Airbyte API error {status}");
    let reason = reason_phrase(status);
    if let Some(r) = reason {
        out.push(' ');
        out.push_str(r);
    }
    let text = problem.and_then(|p| {
        p.detail
            .clone()
            .or_else(|| p.title.clone())
            .or_else(|| (!p.messages.is_empty()).then(|| p.messages.join("; ")))
    });
    if let Some(t) = text {
        let t = clip(&t);
        let same = reason.is_some_and(|r| r.eq_ignore_ascii_case(&t));
        if !t.is_empty() && !same {
            out.push_str(": ");
            out.push_str(&t);
        }
    }
    out
}
