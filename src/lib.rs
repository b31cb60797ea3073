//! airbyte-api-wasm: the wasm client (JS interop). See `docs/DESIGN.md`.
//!
//! `client.js` wraps [`WasmClient`] into the public `AirbyteAPI` class; nothing here is part of
//! the public JS API.

mod auth;
mod error;
mod options;
mod retry;
mod transport;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use airbyte_core::spec::{Operation, RequestShape, ResponseKind, Ty};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::options::{CallOptions, ClientOptions, Security};
use crate::transport::{put_header, Request};

#[wasm_bindgen]
extern "C" {
    /// The runtime's own `JSON.parse`, so results are plain JS values built without a copy
    /// through Rust.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(s: &JsValue) -> Result<JsValue, JsValue>;
}

/// The operation table for `client.js` as one string (one crossing instead of one per name):
/// `group operationId shape` per operation, joined with `,`, in the order of the indices
/// `WasmClient.call` takes. Shape is `none`, `body` or `object`; names never contain a space
/// or a comma (they are JS identifiers).
#[wasm_bindgen]
pub fn operations() -> String {
    let mut out = String::with_capacity(airbyte_core::generated::OPERATIONS.len() * 48);
    for (i, op) in airbyte_core::generated::OPERATIONS.iter().enumerate() {
        let shape = match op.shape {
            RequestShape::None => "none",
            RequestShape::Body => "body",
            RequestShape::Object => "object",
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(op.group);
        out.push(' ');
        out.push_str(op.id);
        out.push(' ');
        out.push_str(shape);
    }
    out
}

/// State shared by every in-flight call of one client.
pub(crate) struct Inner {
    pub(crate) options: ClientOptions,
    pub(crate) tokens: RefCell<auth::TokenCache>,
    /// The request headers of the client, made once per variant (see [`Inner::static_headers`]).
    pub(crate) headers: RefCell<HeaderCache>,
}

/// Header objects that do not change between calls, indexed by `Accept`, `Content-Type` and
/// `Authorization` presence; only used for clients whose `Authorization` never changes.
#[derive(Default)]
pub(crate) struct HeaderCache([Option<Object>; 8]);

impl Inner {
    /// The headers of a request without per-call headers: `Accept` (when the response is JSON),
    /// `Content-Type` (with a body), `User-Agent`, the client's headers, then `Authorization`.
    fn header_list(&self, accept: bool, content_type: bool) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        if accept {
            put_header(&mut headers, "Accept", "application/json");
        }
        if content_type {
            put_header(&mut headers, "Content-Type", "application/json");
        }
        put_header(&mut headers, "User-Agent", &self.options.user_agent);
        for (k, v) in &self.options.headers {
            put_header(&mut headers, k, v);
        }
        headers
    }

    /// The headers object of a call with no per-call headers and a fixed `authorization`
    /// (bearer, basic or none): built once per client and variant (the exchange copies it).
    fn static_headers(
        &self,
        accept: bool,
        content_type: bool,
        authorization: Option<&str>,
    ) -> JsValue {
        let i = usize::from(accept)
            | (usize::from(content_type) << 1)
            | (usize::from(authorization.is_some()) << 2);
        let mut cache = self.headers.borrow_mut();
        let slot = cache.0.get_mut(i);
        match slot {
            Some(Some(o)) => o.clone().into(),
            Some(slot) => {
                let h = headers_with_auth(&self.header_list(accept, content_type), authorization);
                let o: Object = h.unchecked_into();
                *slot = Some(o.clone());
                o.into()
            }
            None => Object::new().into(),
        }
    }

    /// `options.fetch` or the global `fetch`, looked up at call time (tests may swap it).
    pub(crate) fn fetch(&self) -> Function {
        if let Some(f) = &self.options.fetch {
            return f.clone();
        }
        Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .unwrap_or_else(|| {
                Function::new_with_args(
                    "",
                    "return Promise.reject(new TypeError('no global fetch in this runtime'))",
                )
            })
    }
}

/// One configured client. Holds credentials: it is never exposed to user code directly.
#[wasm_bindgen]
pub struct WasmClient {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl WasmClient {
    /// Reads and checks the client options; throws an `invalid` descriptor when they are bad.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WasmClient, JsValue> {
        let options = ClientOptions::from_js(&options).map_err(|e| e.to_js())?;
        warn_plain_http(&options);
        Ok(WasmClient {
            inner: Rc::new(Inner {
                options,
                tokens: RefCell::new(auth::TokenCache::default()),
                headers: RefCell::new(HeaderCache::default()),
            }),
        })
    }

    /// Runs operation `op` (an index into `operations()`) with the JSON text of the caller's
    /// argument. Never throws: every failure rejects with an error descriptor.
    pub fn call(&self, op: u32, arg_json: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        transport::spawn(async move {
            let attempts = Cell::new(0u32);
            run(inner, op, arg_json, options, &attempts)
                .await
                .map_err(|e| descriptor(&e, attempts.get()))
        })
    }
}

/// The error descriptor of a failed call, with `attempts` when any request was sent.
#[cold]
#[inline(never)]
fn descriptor(e: &Error, attempts: u32) -> JsValue {
    let d = e.to_js();
    if attempts > 0 {
        // A fresh descriptor object: setting a property cannot fail.
        let _ = Reflect::set(
            &d,
            &JsValue::from_str("attempts"),
            &JsValue::from_f64(f64::from(attempts)),
        );
    }
    d
}

/// Credentials over plain http to a remote host: say so once, when the client is made.
fn warn_plain_http(options: &ClientOptions) {
    // Checked here: https (the usual case) never runs the host parsing below.
    if matches!(options.security, Security::None) || !options.server_url.starts_with("http://") {
        return;
    }
    warn_plain_http_host(options);
}

#[cold]
#[inline(never)]
fn warn_plain_http_host(options: &ClientOptions) {
    let Some(host) = retry::plain_http_remote_host(&options.server_url) else {
        return;
    };
    let line = format!(
        "airbyte-api-wasm: credentials are sent over plain http:// to {host}; use https://"
    );
    if let Some(l) = &options.logger {
        if retry::call_method(l, "warn", &line) || retry::call_method(l, "debug", &line) {
            return;
        }
    }
    if let Ok(console) = Reflect::get(&js_sys::global(), &JsValue::from_str("console")) {
        retry::call_method(&console, "warn", &line);
    }
}

fn parse_arg(arg_json: &JsValue) -> Result<Option<serde_json::Value>, Error> {
    if arg_json.is_undefined() || arg_json.is_null() {
        return Ok(None);
    }
    let text = arg_json
        .as_string()
        .ok_or_else(|| Error::invalid("", "argument must be passed as JSON text"))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|_| Error::invalid("", "argument is not valid JSON"))
}

async fn run(
    inner: Rc<Inner>,
    op_idx: u32,
    arg_json: JsValue,
    options: JsValue,
    attempts: &Cell<u32>,
) -> Result<JsValue, Error> {
    let call = CallOptions::from_js(&options)?;
    let op: &'static Operation = usize::try_from(op_idx)
        .ok()
        .and_then(|i| airbyte_core::generated::OPERATIONS.get(i))
        .ok_or_else(|| Error::invalid("", "unknown operation"))?;
    let arg = parse_arg(&arg_json)?;
    let prepared = airbyte_core::request::prepare(op, arg.as_ref())
        .map_err(|i| Error::invalid(i.path, i.message))?;

    if let Some(s) = &call.signal {
        if Reflect::get(s, &JsValue::from_str("aborted"))
            .ok()
            .and_then(|a| a.as_bool())
            .unwrap_or(false)
        {
            return Err(Error::Aborted);
        }
    }

    let mut url = String::with_capacity(inner.options.server_url.len() + prepared.path.len());
    url.push_str(&inner.options.server_url);
    url.push_str(&prepared.path);
    if !prepared.query.is_empty() {
        url.push('?');
        url.push_str(&airbyte_core::request::encode_query(&prepared.query));
    }

    let accept = op.response != ResponseKind::Empty;
    let content_type = prepared.body.is_some();
    // Per-call headers or a refreshable token: the headers are assembled per attempt;
    // otherwise they come from the client's cache.
    let dynamic = !call.headers.is_empty()
        || matches!(inner.options.security, Security::ClientCredentials { .. });
    let headers = if dynamic {
        call_headers(&inner, accept, content_type, &call.headers)
    } else {
        Vec::new()
    };

    let timeout_ms = call.timeout_ms.or(inner.options.timeout_ms);
    let signal = call.signal.as_ref();
    let policy = call.retries.unwrap_or(inner.options.retry);
    let method = prepared.method.as_str();
    let logger = inner.options.logger.as_ref();
    let fetch = inner.fetch();
    let started = retry::now_ms();
    let mut resent = false;
    let mut retries = 0u32;
    let resp = loop {
        let authorization = if op.auth {
            auth::authorization(&inner, timeout_ms, signal).await?
        } else {
            None
        };
        let h = if dynamic {
            headers_with_auth(&headers, authorization.as_deref())
        } else {
            inner.static_headers(accept, content_type, authorization.as_deref())
        };
        let req = Request {
            method,
            url: &url,
            headers: &h,
            body: prepared.body.as_deref(),
        };
        attempts.set(attempts.get().saturating_add(1));
        // The clock is read only when there is a logger to tell.
        let t0 = logger.map(|_| retry::now_ms());
        let r = transport::send(&fetch, &req, timeout_ms, signal).await;
        if let Some(t0) = t0 {
            retry::log_attempt(
                logger,
                method,
                &url,
                &r,
                retry::now_ms() - t0,
                attempts.get(),
            );
        }
        // A 401 means nothing was done: with client credentials, get a fresh token and resend
        // once. Bearer and basic credentials cannot be refreshed, so their 401 is final.
        if let Ok(resp) = &r {
            if resp.status == 401
                && matches!(inner.options.security, Security::ClientCredentials { .. })
            {
                if let Some(a) = &authorization {
                    // The token is no good: the next call fetches a fresh one either way.
                    auth::drop_token(&inner, a);
                    if !resent {
                        resent = true;
                        continue;
                    }
                }
            }
        }
        match retry::decide(&policy, method, &r, retries, started) {
            Some(wait) => {
                // Boxed behind `dyn`: the wait is its own state machine, compiled only when a
                // call is retried (wasm functions are compiled on first use).
                let sleep: Pin<Box<dyn Future<Output = Result<(), Error>> + '_>> =
                    Box::pin(transport::sleep(wait, signal));
                sleep.await?;
                retries = retries.saturating_add(1);
            }
            None => break r?,
        }
    };

    if !(200..300).contains(&resp.status) {
        return Err(Error::Api {
            status: resp.status,
            body: resp.body.text(),
            headers: resp.headers,
        });
    }
    let body = &resp.body;
    match op.response {
        ResponseKind::Empty => Ok(JsValue::UNDEFINED),
        ResponseKind::OpenJson => {
            if String::from_utf8_lossy(&body.bytes).trim().is_empty() {
                return Ok(JsValue::UNDEFINED);
            }
            parse_body(body)
        }
        ResponseKind::Json(id) => {
            // Valid UTF-8 is checked in place (`from_utf8` has a word-at-a-time ASCII path that
            // `from_utf8_lossy` lacks); anything else is validated as `text()` reads it.
            let text = match std::str::from_utf8(&body.bytes) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(&body.bytes),
            };
            if let Err(i) = airbyte_core::validate::validate_json(
                &Ty::Ref(id),
                &text,
                airbyte_core::validate::RESPONSE,
            ) {
                return Err(Error::Validation {
                    raw_body: text.into_owned(),
                    path: i.path,
                    message: i.message,
                });
            }
            parse_body(body)
        }
    }
}

/// The client's headers with the per-call ones over them (per-call headers or client credentials).
#[inline(never)]
fn call_headers(
    inner: &Inner,
    accept: bool,
    content_type: bool,
    call: &[(String, String)],
) -> Vec<(String, String)> {
    let mut headers = inner.header_list(accept, content_type);
    for (k, v) in call {
        put_header(&mut headers, k, v);
    }
    headers
}

/// The headers object of `headers` plus `Authorization`: per attempt for calls whose headers
/// are assembled per attempt, once per client and variant for the others.
#[inline(never)]
fn headers_with_auth(headers: &[(String, String)], authorization: Option<&str>) -> JsValue {
    let mut h = headers.to_vec();
    if let Some(a) = authorization {
        put_header(&mut h, "Authorization", a);
    }
    transport::headers_object(&h)
}

/// The runtime's `JSON.parse` of the body (decoded on the JS side).
fn parse_body(body: &transport::Body) -> Result<JsValue, Error> {
    body.parse_json().map_err(|_| Error::Validation {
        raw_body: body.text(),
        path: String::new(),
        message: "the body is not valid JSON".to_string(),
    })
}
