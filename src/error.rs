//! Failures of a call, and their conversion into the plain *error descriptor* objects that
//! `client.js` turns into `AirbyteError` subclasses (see `docs/DESIGN.md`).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Everything that can go wrong in a call. No variant ever holds a credential.
#[derive(Debug, Clone)]
pub enum Error {
    /// A non-2xx answer (from an operation or from the token endpoint).
    Api {
        status: u16,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// A 2xx answer whose body does not match the schema (or is not JSON).
    Validation {
        raw_body: String,
        path: String,
        message: String,
    },
    /// The request could not be sent or the response could not be read.
    Connection(String),
    /// The connection was refused: nothing reached the server (safe to retry even a POST).
    Refused(String),
    /// The per-attempt timeout elapsed.
    Timeout(f64),
    /// The caller's signal aborted the call.
    Aborted,
    /// Bad client options, bad per-call options or a bad argument; nothing was sent.
    Invalid { field: String, message: String },
}

// Both are off the success path: kept out of line (`#[cold]`) so that a first call that
// succeeds does not make the runtime compile them (wasm functions are compiled on first use).
impl Error {
    #[cold]
    #[inline(never)]
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The descriptor object `{ kind, message, ...fields }`.
    #[cold]
    #[inline(never)]
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        match self {
            Error::Api {
                status,
                body,
                headers,
            } => {
                let content_type = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.as_str());
                let problem = airbyte_core::problem::parse(*status, content_type, body);
                let message = airbyte_core::problem::message(*status, problem.as_ref());
                set(&o, "kind", &"api".into());
                set(&o, "message", &message.into());
                set(&o, "statusCode", &JsValue::from_f64(f64::from(*status)));
                set(&o, "body", &body.as_str().into());
                set(&o, "headers", &headers_object(headers));
                let p = match &problem {
                    Some(p) => problem_object(p),
                    None => JsValue::UNDEFINED,
                };
                set(&o, "problem", &p);
            }
            Error::Validation {
                raw_body,
                path,
                message,
            } => {
                let at = if path.is_empty() {
                    "the body".to_string()
                } else {
                    format!("`{path}`")
                };
                set(&o, "kind", &"validation".into());
                set(
                    &o,
                    "message",
                    &format!("response body does not match the schema at {at}: {message}").into(),
                );
                set(&o, "rawBody", &raw_body.as_str().into());
                set(&o, "path", &path.as_str().into());
            }
            Error::Connection(m) | Error::Refused(m) => {
                set(&o, "kind", &"connection".into());
                set(&o, "message", &format!("connection error: {m}").into());
            }
            Error::Timeout(ms) => {
                set(&o, "kind", &"timeout".into());
                set(
                    &o,
                    "message",
                    &format!("request timed out after {} ms", ms_int(*ms)).into(),
                );
            }
            Error::Aborted => {
                set(&o, "kind", &"aborted".into());
                set(
                    &o,
                    "message",
                    &"request aborted by the caller's signal".into(),
                );
            }
            Error::Invalid { field, message } => {
                let m = if field.is_empty() {
                    format!("invalid request: {message}")
                } else {
                    format!("invalid request: `{field}`: {message}")
                };
                set(&o, "kind", &"invalid".into());
                set(&o, "message", &m.into());
                set(&o, "field", &field.as_str().into());
            }
        }
        o.into()
    }
}

fn set(o: &Object, k: &str, v: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

pub fn headers_object(headers: &[(String, String)]) -> JsValue {
    let o = Object::new();
    for (k, v) in headers {
        set(&o, k, &v.as_str().into());
    }
    o.into()
}

fn opt_str(o: &Object, k: &str, v: &Option<String>) {
    if let Some(v) = v {
        set(o, k, &v.as_str().into());
    }
}

fn problem_object(p: &airbyte_core::problem::Problem) -> JsValue {
    let o = Object::new();
    if let Some(s) = p.status {
        set(&o, "status", &JsValue::from_f64(f64::from(s)));
    }
    opt_str(&o, "type", &p.r#type);
    opt_str(&o, "title", &p.title);
    opt_str(&o, "detail", &p.detail);
    opt_str(&o, "documentationUrl", &p.documentation_url);
    if let Some(d) = &p.data {
        if let Ok(text) = serde_json::to_string(d) {
            if let Ok(v) = crate::json_parse(&JsValue::from_str(&text)) {
                set(&o, "data", &v);
            }
        }
    }
    if !p.messages.is_empty() {
        let a = js_sys::Array::new();
        for m in &p.messages {
            a.push(&m.as_str().into());
        }
        set(&o, "messages", &a.into());
    }
    o.into()
}

/// Whole milliseconds for messages. Formatting an `f64` with `{}` would pull the float printer
/// (~10 KB) into the wasm.
pub(crate) fn ms_int(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms.round() as u64
    } else {
        0
    }
}
