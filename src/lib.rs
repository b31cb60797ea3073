//! airbyte-api-wasm: the wasm client (JS interop). See `docs/DESIGN.md`.
//!
//! `client.js` wraps [`WasmClient`] into the public `AirbyteAPI` class; nothing here is part of
//! the public JS API.

mod auth;
mod error;
mod options;
mod retry;
mod transport;
#[cfg(any(test, target_arch = "wasm32"))]
mod walloc;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use airbyte_core::spec::{Operation, ResponseKind, Ty};
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

/// State shared by every in-flight call of one client.
pub(crate) struct Inner {
    pub(crate) options: ClientOptions,
    pub(crate) tokens: RefCell<auth::TokenCache>,
    /// The request headers of the client, made once per variant (see [`Inner::fixed_headers`]).
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

    /// The headers object of a call with no per-call headers, for a client whose
    /// `Authorization` never changes (none, bearer, basic; `with_auth`: the operation sends
    /// credentials): built once per client and variant (the exchange copies it).
    fn fixed_headers(&self, accept: bool, content_type: bool, with_auth: bool) -> JsValue {
        let sends = with_auth && !matches!(self.options.security, Security::None);
        let i = usize::from(accept) | (usize::from(content_type) << 1) | (usize::from(sends) << 2);
        let mut cache = self.headers.borrow_mut();
        match cache.0.get_mut(i) {
            Some(Some(o)) => o.clone().into(),
            Some(slot) => {
                let authorization = auth::fixed_authorization(self).filter(|_| sends);
                let h = headers_with_auth(
                    &self.header_list(accept, content_type),
                    authorization.as_deref(),
                );
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
        transport::global_fetch()
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

    /// Runs operation `op` (an index into `airbyte_core::generated::OPERATIONS`, the table
    /// `operations.js` carries to JS) with the JSON text of the caller's
    /// argument. Never throws: every failure rejects with an error descriptor.
    /// `first` is 0, or the outcome of a first attempt sent by [`Self::start`]: 1 when its
    /// exchange resolved to `outcome`, 2 when it was rejected with `outcome` (`options` is then
    /// `undefined`, as `start` requires); retries and errors then go on from there.
    pub fn call(
        &self,
        op: u32,
        arg_json: JsValue,
        options: JsValue,
        outcome: JsValue,
        first: u32,
    ) -> Promise {
        let inner = self.inner.clone();
        transport::spawn(async move {
            let attempts = Cell::new(0u32);
            let first = match first {
                1 => Some(Ok(outcome)),
                2 => Some(Err(outcome)),
                _ => None,
            };
            let r = match plan(&inner, op, &arg_json, &options) {
                Ok(plan) => run(&inner, &plan, &attempts, first).await,
                Err(e) => Err(e),
            };
            r.map_err(|e| descriptor(&e, attempts.get()))
        })
    }

    /// The first attempt of a call without per-call options, driven from JS (`client.js`):
    /// checks the argument, sends the request and returns the exchange's promise, which JS
    /// hands to [`Self::finish`] (a 2xx answer) or back to [`Self::call`] (anything else).
    /// `undefined` when the call needs the full path ([`Self::call`]): per-call options, a
    /// logger, or client credentials. Throws an error descriptor for a bad argument.
    pub fn start(&self, op: u32, arg_json: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let inner = &self.inner;
        if !options.is_undefined()
            || inner.options.logger.is_some()
            || matches!(inner.options.security, Security::ClientCredentials { .. })
        {
            return Ok(JsValue::UNDEFINED);
        }
        let plan = plan(inner, op, &arg_json, &options).map_err(|e| descriptor(&e, 0))?;
        // Headers assembled per attempt come only from per-call headers or client credentials,
        // both excluded above; should that change, the full path still handles them.
        if plan.dynamic.is_some() {
            return Ok(JsValue::UNDEFINED);
        }
        let h = inner.fixed_headers(plan.accept, plan.content_type, plan.op.auth);
        let req = plan.request(&h);
        transport::exchange_promise(&inner.fetch(), &req, plan.timeout_ms, plan.signal.as_ref())
            .map(JsValue::from)
            .map_err(|e| descriptor(&e, 1))
    }

    /// The result of a call whose first attempt ([`Self::start`]) was answered 2xx with `text`:
    /// the validated, parsed body. Throws an error descriptor.
    pub fn finish(&self, op: u32, text: JsValue) -> Result<JsValue, JsValue> {
        let op = operation(op).map_err(|e| descriptor(&e, 1))?;
        if !text.is_string() {
            let e = Error::Connection("response body is not text".to_string());
            return Err(descriptor(&e, 1));
        }
        let resp = transport::Response {
            status: 200,
            headers: Vec::new(),
            body: transport::Body::from_text(text),
        };
        success(op, &resp).map_err(|e| descriptor(&e, 1))
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
    retry::call_method(&transport::global_console(), "warn", &line);
}

/// The request of operation `op` for the caller's argument (JSON text, or `undefined`/`null`
/// for none). The usual flat argument is read straight from its text; anything else (and any
/// error) takes serde_json's `Value` out of line.
fn prepare_arg(
    op: &'static Operation,
    arg_json: &JsValue,
) -> Result<airbyte_core::request::Prepared, Error> {
    if arg_json.is_undefined() || arg_json.is_null() {
        return prepare_value(op, None);
    }
    let text = arg_json
        .as_string()
        .ok_or_else(|| Error::invalid("", "argument must be passed as JSON text"))?;
    match airbyte_core::request::prepare_flat(op, &text) {
        Some(p) => Ok(p),
        None => prepare_value(op, Some(&text)),
    }
}

#[inline(never)]
fn prepare_value(
    op: &'static Operation,
    text: Option<&str>,
) -> Result<airbyte_core::request::Prepared, Error> {
    let arg: Option<serde_json::Value> = match text {
        None => None,
        Some(t) => Some(
            serde_json::from_str(t)
                .map_err(|_| Error::invalid("", "argument is not valid JSON"))?,
        ),
    };
    airbyte_core::request::prepare(op, arg.as_ref()).map_err(|i| Error::invalid(i.path, i.message))
}

fn operation(op_idx: u32) -> Result<&'static Operation, Error> {
    usize::try_from(op_idx)
        .ok()
        .and_then(|i| airbyte_core::generated::OPERATIONS.get(i))
        .ok_or_else(|| Error::invalid("", "unknown operation"))
}

/// What a call sends, the same for each of its attempts (but `Authorization`).
struct Plan {
    op: &'static Operation,
    url: String,
    method: &'static str,
    body: Option<String>,
    accept: bool,
    content_type: bool,
    /// Per-call headers or a refreshable token: the headers are assembled per attempt from
    /// these; `None`: they come from the client's cache.
    dynamic: Option<Vec<(String, String)>>,
    timeout_ms: Option<f64>,
    signal: Option<JsValue>,
    policy: airbyte_core::retry::Policy,
}

impl Plan {
    fn request<'a>(&'a self, headers: &'a JsValue) -> Request<'a> {
        Request {
            method: self.method,
            url: &self.url,
            headers,
            body: self.body.as_deref(),
        }
    }
}

/// Checks the argument and options of a call and works out its request.
fn plan(inner: &Inner, op_idx: u32, arg_json: &JsValue, options: &JsValue) -> Result<Plan, Error> {
    let call = CallOptions::from_js(options)?;
    let op = operation(op_idx)?;
    let prepared = prepare_arg(op, arg_json)?;

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
    let dynamic = (!call.headers.is_empty()
        || matches!(inner.options.security, Security::ClientCredentials { .. }))
    .then(|| call_headers(inner, accept, content_type, &call.headers));
    Ok(Plan {
        op,
        url,
        method: prepared.method.as_str(),
        body: prepared.body,
        accept,
        content_type,
        dynamic,
        timeout_ms: call.timeout_ms.or(inner.options.timeout_ms),
        signal: call.signal,
        policy: call.retries.unwrap_or(inner.options.retry),
    })
}

/// The headers object of one attempt (`authorization` is used with headers assembled per
/// attempt; the others come from the client's cache, which has its own).
fn attempt_headers(inner: &Inner, plan: &Plan, authorization: Option<&str>) -> JsValue {
    match &plan.dynamic {
        Some(headers) => headers_with_auth(headers, authorization),
        None => inner.fixed_headers(plan.accept, plan.content_type, plan.op.auth),
    }
}

/// Sends `plan`'s request, retrying as its policy says; `first` is the outcome of a first
/// attempt already sent from JS ([`WasmClient::start`]).
async fn run(
    inner: &Rc<Inner>,
    plan: &Plan,
    attempts: &Cell<u32>,
    mut first: Option<Result<JsValue, JsValue>>,
) -> Result<JsValue, Error> {
    let op = plan.op;
    let timeout_ms = plan.timeout_ms;
    let signal = plan.signal.as_ref();
    let method = plan.method;
    let logger = inner.options.logger.as_ref();
    let fetch = inner.fetch();
    let started = retry::now_ms();
    let mut resent = false;
    let mut retries = 0u32;
    let resp = loop {
        let authorization = if op.auth {
            auth::authorization(inner, timeout_ms, signal).await?
        } else {
            None
        };
        attempts.set(attempts.get().saturating_add(1));
        let r = if let Some(outcome) = first.take() {
            transport::interpret(outcome, timeout_ms)
        } else {
            let h = attempt_headers(inner, plan, authorization.as_deref());
            let req = plan.request(&h);
            // The clock is read only when there is a logger to tell.
            let t0 = logger.map(|_| retry::now_ms());
            let r = transport::send(&fetch, &req, timeout_ms, signal).await;
            if let Some(t0) = t0 {
                retry::log_attempt(
                    logger,
                    method,
                    &plan.url,
                    &r,
                    retry::now_ms() - t0,
                    attempts.get(),
                );
            }
            r
        };
        // A 401 means nothing was done: with client credentials, get a fresh token and resend
        // once. Bearer and basic credentials cannot be refreshed, so their 401 is final.
        if let Ok(resp) = &r {
            if resp.status == 401
                && matches!(inner.options.security, Security::ClientCredentials { .. })
            {
                if let Some(a) = &authorization {
                    // The token is no good: the next call fetches a fresh one either way.
                    auth::drop_token(inner, a);
                    if !resent {
                        resent = true;
                        continue;
                    }
                }
            }
        }
        match retry::decide(&plan.policy, method, &r, retries, started) {
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
    success(op, &resp)
}

/// The value of a final response: the validated, parsed body of a 2xx answer, else the API
/// error.
fn success(op: &Operation, resp: &transport::Response) -> Result<JsValue, Error> {
    // The usual case: a JSON schema the scanner accepts. The bytes are `TextEncoder` output
    // (`Body::from_text`), so UTF-8: the scanner reads them as they are. Everything else
    // (errors, empty or open responses, bodies the scanner is not sure of) is decided out of
    // line, so a successful first call does not make the runtime compile it.
    if let (true, ResponseKind::Json(id)) = ((200..300).contains(&resp.status), op.response) {
        if airbyte_core::scan::accepts_utf8(&Ty::Ref(id), &resp.body.bytes) {
            return parse_body(&resp.body);
        }
    }
    success_slow(op, resp)
}

/// [`success`] for everything but a scanner-accepted JSON body.
#[inline(never)]
fn success_slow(op: &Operation, resp: &transport::Response) -> Result<JsValue, Error> {
    if !(200..300).contains(&resp.status) {
        return Err(api_error(resp));
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
            // The scanner was not sure: the exact validator decides.
            let text = String::from_utf8_lossy(&body.bytes);
            if let Err(i) = airbyte_core::validate::validate_json_exact(
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

#[cold]
#[inline(never)]
fn api_error(resp: &transport::Response) -> Error {
    Error::Api {
        status: resp.status,
        body: resp.body.text(),
        headers: resp.headers.clone(),
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
