//! One HTTP exchange through a fetch function, with a per-attempt timeout and the caller's
//! abort signal.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

// The JS half of one exchange: fetch, then check the response and read its body, in one
// promise (fewer crossings between wasm and JS than driving each step from Rust).
// Resolves to `[status, text, response]` (the body as `text()` decodes it), to `[0, error]`
// when reading the body failed, or to a message when the response is unusable; rejects when
// fetch does.

#[wasm_bindgen(inline_js = r#"
function get(o, k) {
  try {
    return o[k];
  } catch {
    return undefined;
  }
}
async function send(fetch, url, method, headers, body, signal) {
  // A copy of the headers: the caller's fetch may change the object it is given.
  const init = { method, headers: { ...headers }, redirect: "manual" };
  if (body !== undefined) init.body = body;
  if (signal !== undefined) init.signal = signal;
  const r = await fetch.call(globalThis, url, init);
  if (typeof r !== "object" || r === null) return "fetch did not resolve to a Response";
  if (get(r, "type") === "opaqueredirect") return "the server answered with a redirect, which is not followed";
  const status = get(r, "status");
  if (!Number.isInteger(status) || status < 100 || status > 999) return "response has no valid status";
  const read = get(r, "text");
  if (typeof read !== "function") return "response has no text()";
  let b;
  try {
    b = await read.call(r);
  } catch (e) {
    return [0, e];
  }
  return typeof b === "string" ? [status, b, r] : "response body is not text";
}
const encoder = new TextEncoder();
let lastRead = 0;
// UTF-8 of `s` from UTF-16 unit `from` on, into `dst` (a view of wasm memory): bytes written;
// `last_read()` then tells the UTF-16 units consumed.
export function encode_into(s, from, dst) {
  const r = encoder.encodeInto(from === 0 ? s : s.slice(from), dst);
  lastRead = r.read;
  return r.written;
}
export function last_read() {
  return lastRead;
}
export function text_length(s) {
  return s.length;
}
// With a timeout (ms) or the caller's signal, `start(abortSignal)` is raced against them: the
// result is then also 1 (timed out), 2 (aborted) or 3 (the signal's addEventListener threw).
function guard(start, signal, ms) {
  if (signal === undefined && ms === undefined) return start(undefined);
  let why = 0;
  let cancel;
  const cut = new Promise((_, reject) => {
    cancel = reject;
  });
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  const stop = (reason) => {
    if (why !== 0) return;
    why = reason;
    try {
      controller?.abort();
    } catch {}
    cancel();
  };
  let onAbort;
  if (signal !== undefined) {
    if (get(signal, "aborted") === true) return Promise.resolve(2);
    onAbort = () => stop(2);
    const add = get(signal, "addEventListener");
    if (typeof add === "function") {
      try {
        add.call(signal, "abort", onAbort, { once: true });
      } catch {
        return Promise.resolve(3);
      }
    }
  }
  const timer = ms !== undefined && typeof setTimeout === "function" ? setTimeout(() => stop(1), ms) : undefined;
  const done = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort !== undefined) {
      try {
        signal.removeEventListener("abort", onAbort);
      } catch {}
    }
  };
  const work = start(controller === undefined ? undefined : get(controller, "signal"));
  return Promise.race([work, cut]).then(
    (v) => {
      done();
      return why !== 0 ? why : v;
    },
    (e) => {
      done();
      if (why !== 0) return why;
      throw e;
    },
  );
}
export function exchange(fetch, url, method, headers, body, signal, ms) {
  return guard((s) => send(fetch, url, method, headers, body, s), signal, ms);
}
// `p` (or a promise that never settles) cut short by a timeout or the caller's signal.
export function cut_short(p, signal, ms) {
  return guard(() => p ?? new Promise(() => {}), signal, ms);
}
let onOk, onErr;
export function set_settlers(ok, err) {
  onOk = ok;
  onErr = err;
}
export function watch(p, id) {
  p.then((v) => onOk(id, v), (e) => onErr(id, e));
}
const CALL_OPTIONS = ["timeoutMs", "signal", "headers", "retries"];
// Per-call options that are a plain object of known data properties: their four values; else
// undefined (the Rust side then checks them one by one).
export function plain_call_options(o) {
  try {
    const d = plainData(o, CALL_OPTIONS);
    return d === undefined ? undefined : [d.timeoutMs, d.signal, d.headers, d.retries];
  } catch {
    return undefined;
  }
}
export function parse_json(b) {
  return JSON.parse(b);
}
// Own properties of `o` by key when `o` is a plain object (prototype Object.prototype or null)
// whose own keys are all enumerable data properties named in `allowed`, and whose other
// `allowed` keys read as undefined (nothing inherited); undefined otherwise.
function plainData(o, allowed) {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out = {};
  // Indexed loops: no array iterator (cheaper on a first call, in the interpreter, and
  // untouched by a patched Array.prototype[Symbol.iterator]).
  const keys = Reflect.ownKeys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== "string" || !allowed.includes(k)) return undefined;
    const d = Reflect.getOwnPropertyDescriptor(o, k);
    if (d === undefined || !("value" in d) || !d.enumerable) return undefined;
    out[k] = d.value;
  }
  for (let i = 0; i < allowed.length; i++) {
    const k = allowed[i];
    if (!(k in out) && o[k] !== undefined) return undefined;
  }
  return out;
}
// Every client option the Rust side reads (options.rs, `ALLOWED`); a name only here would let
// an unknown key set to undefined through.
const CLIENT_OPTIONS = ["serverUrl", "security", "serverIdx", "headers", "fetch", "timeoutMs", "userAgent", "retryConfig", "debugLogger"];
// Client options that set at most `serverUrl` (a string), `security.bearerAuth` (a non-empty
// string) and `fetch` (a function), as plain objects of data properties: [serverUrl, token,
// fetch]; undefined otherwise (the Rust side then reads them one by one, and words any error).
export function plain_client_options(o) {
  try {
    const top = plainData(o, CLIENT_OPTIONS);
    if (top === undefined) return undefined;
    const { serverUrl, security, fetch, ...rest } = top;
    for (const k in rest) if (rest[k] !== undefined) return undefined;
    if (serverUrl !== undefined && typeof serverUrl !== "string") return undefined;
    if (fetch !== undefined && typeof fetch !== "function") return undefined;
    if (security === undefined) return [serverUrl, undefined, fetch];
    const sec = plainData(security, ["bearerAuth", "basicAuth", "clientCredentials"]);
    if (sec === undefined || sec.basicAuth !== undefined || sec.clientCredentials !== undefined) return undefined;
    const token = sec.bearerAuth;
    return typeof token === "string" && token !== "" ? [serverUrl, token, fetch] : undefined;
  } catch {
    return undefined;
  }
}
const noFetch = () => Promise.reject(new TypeError("no global fetch in this runtime"));
// The global `fetch`, looked up on every call (tests and polyfills may replace it).
export function global_fetch() {
  const f = globalThis.fetch;
  return typeof f === "function" ? f : noFetch;
}
// Whether the runtime's URL parser accepts `s` (true where there is no URL class).
export function url_parses(s) {
  if (typeof URL !== "function") return true;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}
export function global_console() {
  return globalThis.console;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn exchange(
        fetch: &Function,
        url: &str,
        method: &JsValue,
        headers: &JsValue,
        body: Option<&str>,
        signal: Option<&JsValue>,
        timeout_ms: Option<f64>,
    ) -> Result<Promise, JsValue>;
    /// `p` (`None`: never settles) raced against a timeout and the caller's signal: resolves to
    /// `p`'s value, or to 1 (timed out), 2 (aborted), 3 (`addEventListener` threw).
    #[wasm_bindgen(catch)]
    fn cut_short(
        p: Option<&Promise>,
        signal: Option<&JsValue>,
        timeout_ms: Option<f64>,
    ) -> Result<Promise, JsValue>;
    /// Per-call options read in one step when they are a plain object of known data
    /// properties: `[timeoutMs, signal, headers, retries]`; `undefined` otherwise.
    pub(crate) fn plain_call_options(options: &JsValue) -> JsValue;
    /// Client options that set at most `serverUrl`, `security.bearerAuth` and `fetch`, read in
    /// one step: `[serverUrl, token, fetch]` (each `undefined` when not set); `undefined`
    /// otherwise.
    pub(crate) fn plain_client_options(options: &JsValue) -> JsValue;
    /// The two settle callbacks of [`Await`], once.
    fn set_settlers(ok: &JsValue, err: &JsValue);
    /// `p.then(v => ok(id, v), e => err(id, e))`.
    #[wasm_bindgen(catch)]
    fn watch(p: &Promise, id: u32) -> Result<(), JsValue>;
    /// `JSON.parse` of a body's text.
    #[wasm_bindgen(catch)]
    fn parse_json(body: &JsValue) -> Result<JsValue, JsValue>;
    /// `TextEncoder.encodeInto` of the string from UTF-16 unit `from` on: bytes written.
    fn encode_into(s: &JsValue, from: u32, dst: &mut [u8]) -> u32;
    /// The UTF-16 units the last [`encode_into`] consumed.
    fn last_read() -> u32;
    /// A string's length in UTF-16 units.
    fn text_length(s: &JsValue) -> u32;
    /// `globalThis.fetch`, or a function that rejects with a `TypeError` when there is none.
    pub(crate) fn global_fetch() -> Function;
    /// Whether `new URL(s)` succeeds (true in a runtime without `URL`).
    pub(crate) fn url_parses(s: &str) -> bool;
    /// `globalThis.console` (possibly `undefined`).
    pub(crate) fn global_console() -> JsValue;
}

thread_local! {
    /// The usual HTTP methods as JS strings, made once.
    static METHODS: [JsValue; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"].map(JsValue::from_str);
}

/// The JS string of an HTTP method.
fn method_value(m: &str) -> JsValue {
    let i = match m {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "PATCH" => 3,
        "DELETE" => 4,
        _ => return JsValue::from_str(m),
    };
    METHODS.with(|c| c.get(i).cloned().unwrap_or_else(|| JsValue::from_str(m)))
}

/// What a request carries.
pub struct Request<'a> {
    pub method: &'static str,
    pub url: &'a str,
    /// A plain object of header names to values (see [`headers_object`]); fetch gets a copy.
    pub headers: &'a JsValue,
    pub body: Option<&'a str>,
}

/// The `headers` object of a request: a fresh plain object of `list`'s names and values.
pub fn headers_object(list: &[(String, String)]) -> JsValue {
    let headers = Object::new();
    for (k, v) in list {
        // Some runtimes refuse certain names (User-Agent in old browsers): ignore that.
        let _ = Reflect::set(&headers, &key(k), &key(v));
    }
    headers.into()
}

/// What came back.
pub struct Response {
    pub status: u16,
    /// The response headers (lower-case names); empty for a 2xx response, which needs none.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

/// A response body, both inside wasm (for validation) and on the JS side (for `JSON.parse`).
pub struct Body {
    /// The body's UTF-8 bytes (as `text()` decoded it: no leading byte order mark).
    pub bytes: Vec<u8>,
    /// The same body in JS: the string `text()` gave.
    pub js: JsValue,
}

impl Body {
    /// The body of a response whose `text()` gave `text`: its UTF-8 is written straight into
    /// wasm memory for validation, and `JSON.parse` later reads the same string, so it is
    /// decoded once, as with `res.json()`.
    pub fn from_text(text: JsValue) -> Body {
        Body {
            bytes: utf8_of(&text),
            js: text,
        }
    }

    /// The body as text, decoded as `Response.text()` does (bad UTF-8 becomes U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// `JSON.parse` of the body, decoded on the JS side (it never passes through wasm again).
    pub fn parse_json(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.js)
    }
}

/// The UTF-8 bytes of a JS string, written by `TextEncoder.encodeInto` straight into wasm memory
/// (wasm-bindgen's string passing walks ASCII one `charCodeAt` at a time in JS, ~10× slower on
/// a 1 MB body). Lone surrogates become U+FFFD, as in `TextEncoder.encode`.
fn utf8_of(s: &JsValue) -> Vec<u8> {
    let units = text_length(s) as usize;
    // ASCII takes one byte per UTF-16 unit; anything else at most three.
    let mut buf = vec![0u8; units];
    let (mut read, mut written) = (0usize, 0usize);
    for _ in 0..2 {
        let dst = buf.get_mut(written..).unwrap_or_default();
        written += encode_into(s, read as u32, dst) as usize;
        read += last_read() as usize;
        if read >= units {
            buf.truncate(written);
            return buf;
        }
        buf.resize(written + (units - read) * 3, 0);
    }
    // Not reached with a conforming `encodeInto` (the second pass has room for everything).
    s.as_string().unwrap_or_default().into_bytes()
}

/// How one await of a promise stands.
enum Slot {
    Waiting(Option<Waker>),
    Done(Result<JsValue, JsValue>),
}

/// The promises being awaited, by id (few at a time: one per call in flight).
#[derive(Default)]
struct Pending {
    next: u32,
    slots: Vec<(u32, Slot)>,
}

/// One pair of settle callbacks per thread, handed to the JS side once; each await passes its
/// id. (`JsFuture` makes two closures per await, each registered for finalization.)
struct Settlers {
    _closures: [Closure<dyn Fn(u32, JsValue)>; 2],
}

thread_local! {
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
    static SETTLERS: Settlers = {
        let ok: Closure<dyn Fn(u32, JsValue)> = Closure::new(|id, v| settle(id, Ok(v)));
        let err: Closure<dyn Fn(u32, JsValue)> = Closure::new(|id, e| settle(id, Err(e)));
        set_settlers(ok.as_ref(), err.as_ref());
        Settlers {
            _closures: [ok, err],
        }
    };
}

fn settle(id: u32, r: Result<JsValue, JsValue>) {
    let waker = PENDING.with(|p| {
        let mut p = p.try_borrow_mut().ok()?;
        let slot = p.slots.iter_mut().find(|(i, _)| *i == id)?;
        match std::mem::replace(&mut slot.1, Slot::Done(r)) {
            Slot::Waiting(w) => w,
            Slot::Done(_) => None,
        }
    });
    if let Some(w) = waker {
        w.wake();
    }
}

/// A promise awaited from Rust: resolves to its value, or `Err` with the rejection reason.
pub struct Await {
    id: u32,
}

impl Await {
    pub fn new(p: &Promise) -> Await {
        let id = PENDING.with(|pending| {
            let mut pending = pending.borrow_mut();
            let id = pending.next;
            pending.next = id.wrapping_add(1);
            pending.slots.push((id, Slot::Waiting(None)));
            id
        });
        SETTLERS.with(|_| ());
        // A promise whose own `then` throws: that is its rejection.
        if let Err(e) = watch(p, id) {
            settle(id, Err(e));
        }
        Await { id }
    }
}

impl Future for Await {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let id = self.id;
        PENDING.with(|p| {
            let mut p = p.borrow_mut();
            let Some(pos) = p.slots.iter().position(|(i, _)| *i == id) else {
                return Poll::Ready(Err(JsValue::UNDEFINED));
            };
            let done = matches!(p.slots.get(pos), Some((_, Slot::Done(_))));
            if done {
                let (_, slot) = p.slots.swap_remove(pos);
                return match slot {
                    Slot::Done(r) => Poll::Ready(r),
                    Slot::Waiting(_) => Poll::Ready(Err(JsValue::UNDEFINED)),
                };
            }
            if let Some((_, Slot::Waiting(w))) = p.slots.get_mut(pos) {
                *w = Some(cx.waker().clone());
            }
            Poll::Pending
        })
    }
}

impl Drop for Await {
    fn drop(&mut self) {
        let id = self.id;
        PENDING.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                if let Some(pos) = p.slots.iter().position(|(i, _)| *i == id) {
                    p.slots.swap_remove(pos);
                }
            }
        });
    }
}

type Job = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// One future run to completion by [`spawn`], settling a promise.
struct Task {
    id: u32,
    job: RefCell<Option<Job>>,
    /// The promise's `resolve` and `reject`, taken when the job is done.
    settle: RefCell<Option<(Function, Function)>>,
    /// Woken while being polled: poll again.
    woken: Cell<bool>,
    waker: Waker,
}

/// The tasks not finished yet, by id.
#[derive(Default)]
struct Tasks {
    next: u32,
    live: Vec<Rc<Task>>,
}

thread_local! {
    static TASKS: RefCell<Tasks> = RefCell::new(Tasks::default());
}

/// Wakes a task by id: the task itself is not `Send`, the waker must be.
struct TaskWaker(u32);

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        let task = TASKS.with(|t| {
            t.try_borrow()
                .ok()
                .and_then(|t| t.live.iter().find(|x| x.id == self.0).cloned())
        });
        if let Some(task) = task {
            run(&task);
        }
    }
}

/// Polls the task now, and again for as long as it is woken during its own poll. Wakes come
/// from promise reactions (a microtask), so the poll runs right away instead of one more
/// microtask later as with `future_to_promise`.
fn run(task: &Rc<Task>) {
    let Ok(mut job) = task.job.try_borrow_mut() else {
        task.woken.set(true);
        return;
    };
    loop {
        let Some(fut) = job.as_mut() else {
            return;
        };
        task.woken.set(false);
        let mut cx = Context::from_waker(&task.waker);
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(r) => {
                *job = None;
                drop(job);
                TASKS.with(|t| {
                    if let Ok(mut t) = t.try_borrow_mut() {
                        t.live.retain(|x| x.id != task.id);
                    }
                });
                let settle = task.settle.borrow_mut().take();
                if let Some((resolve, reject)) = settle {
                    let _ = match r {
                        Ok(v) => resolve.call1(&JsValue::UNDEFINED, &v),
                        Err(e) => reject.call1(&JsValue::UNDEFINED, &e),
                    };
                }
                return;
            }
            Poll::Pending if task.woken.get() => continue,
            Poll::Pending => return,
        }
    }
}

/// A promise settled by `fut`, which starts running at once (up to its first await).
pub fn spawn(fut: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let mut settle = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let task = TASKS.with(|t| {
        let mut t = t.borrow_mut();
        let id = t.next;
        t.next = id.wrapping_add(1);
        let task = Rc::new(Task {
            id,
            job: RefCell::new(Some(Box::pin(fut))),
            settle: RefCell::new(settle),
            woken: Cell::new(false),
            waker: Waker::from(Arc::new(TaskWaker(id))),
        });
        t.live.push(task.clone());
        task
    });
    run(&task);
    promise
}

/// Set `name: value` replacing any header of the same name (case-insensitive).
pub fn put_header(list: &mut Vec<(String, String)>, name: &str, value: &str) {
    list.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    list.push((name.to_string(), value.to_string()));
}

fn key(s: &str) -> JsValue {
    JsValue::from_str(s)
}

/// setTimeout's largest delay (2^31 - 1 ms, ~24.8 days); runtimes fire longer ones at once.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

const TIMED_OUT: u8 = 1;
const ABORTED: u8 = 2;

/// What a `guard` result of 1, 2 or 3 means (see the JS side); `None` for anything else.
fn cut_error(v: &JsValue, timeout_ms: Option<f64>) -> Option<Error> {
    let n = v.as_f64()?;
    Some(match n as u8 {
        TIMED_OUT => Error::Timeout(timeout_ms.unwrap_or(0.0)),
        ABORTED => Error::Aborted,
        _ => Error::invalid("options.signal", "addEventListener threw"),
    })
}

/// Wait for `p`, unless the caller's `signal` fires first (then [`Error::Aborted`]). `p`'s
/// value is not needed (a number would be taken for a cut).
pub async fn wait_abortable(p: Promise, signal: Option<&JsValue>) -> Result<(), Error> {
    let r = cut_short(Some(&p), signal, None).map_err(|e| Error::Connection(describe(&e)))?;
    match Await::new(&r).await {
        Ok(v) => cut_error(&v, None).map_or(Ok(()), Err),
        Err(e) => Err(Error::Connection(describe(&e))),
    }
}

/// Sleep `ms` milliseconds on the runtime's `setTimeout`; the caller's signal ends the sleep at
/// once with [`Error::Aborted`].
pub async fn sleep(ms: f64, signal: Option<&JsValue>) -> Result<(), Error> {
    let r = cut_short(None, signal, Some(ms.clamp(0.0, MAX_TIMER_MS)))
        .map_err(|e| Error::Connection(describe(&e)))?;
    match Await::new(&r).await.ok().and_then(|v| cut_error(&v, None)) {
        Some(Error::Timeout(_)) | None => Ok(()),
        Some(e) => Err(e),
    }
}

/// Whether a fetch rejection says the connection was refused (Node/undici:
/// `TypeError` with `cause.code === "ECONNREFUSED"`, possibly nested in an AggregateError).
#[cold]
#[inline(never)]
fn is_refused(e: &JsValue) -> bool {
    let is_type_error = e.is_instance_of::<js_sys::TypeError>();
    if !is_type_error {
        return false;
    }
    let Some(cause) = Reflect::get(e, &key("cause"))
        .ok()
        .filter(|c| c.is_object())
    else {
        return false;
    };
    let code = |v: &JsValue| {
        Reflect::get(v, &key("code"))
            .ok()
            .and_then(|c| c.as_string())
    };
    if code(&cause).as_deref() == Some("ECONNREFUSED") {
        return true;
    }
    // Happy-eyeballs: every address refused.
    Reflect::get(&cause, &key("errors"))
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|a| {
            let a: js_sys::Array = a.unchecked_into();
            a.length() > 0
                && a.iter()
                    .all(|x| code(&x).as_deref() == Some("ECONNREFUSED"))
        })
        .unwrap_or(false)
}

// Failures only: out of line, compiled when first needed (wasm functions are compiled lazily).
#[cold]
#[inline(never)]
fn describe(e: &JsValue) -> String {
    let msg = Reflect::get(e, &key("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".to_string());
    // Node puts the real reason (ECONNREFUSED, …) in `cause`.
    let cause = Reflect::get(e, &key("cause"))
        .ok()
        .filter(|c| c.is_object())
        .and_then(|c| {
            Reflect::get(&c, &key("code"))
                .ok()
                .and_then(|x| x.as_string())
                .or_else(|| {
                    Reflect::get(&c, &key("message"))
                        .ok()
                        .and_then(|x| x.as_string())
                })
        });
    match cause {
        Some(c) => format!("{msg} ({c})"),
        None => msg,
    }
}

#[inline(never)]
fn response_headers(resp: &JsValue) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(h) = Reflect::get(resp, &key("headers")) else {
        return out;
    };
    if let Ok(Some(it)) = js_sys::try_iter(&h) {
        for entry in it.flatten() {
            let k = Reflect::get_u32(&entry, 0).ok().and_then(|v| v.as_string());
            let v = Reflect::get_u32(&entry, 1).ok().and_then(|v| v.as_string());
            if let (Some(k), Some(v)) = (k, v) {
                out.push((k.to_ascii_lowercase(), v));
            }
        }
    }
    out
}

/// Send one request. `fetch` is called with `this` = globalThis.
pub async fn send(
    fetch: &Function,
    req: &Request<'_>,
    timeout_ms: Option<f64>,
    signal: Option<&JsValue>,
) -> Result<Response, Error> {
    let ret = exchange_promise(fetch, req, timeout_ms, signal)?;
    interpret(Await::new(&ret).await, timeout_ms)
}

/// Starts one exchange (see the JS `exchange`): its promise, for [`interpret`].
pub fn exchange_promise(
    fetch: &Function,
    req: &Request<'_>,
    timeout_ms: Option<f64>,
    signal: Option<&JsValue>,
) -> Result<Promise, Error> {
    // Credentials must never reach another origin: the exchange asks for `redirect: "manual"`.
    // A timeout beyond what setTimeout can express is no timeout at all.
    exchange(
        fetch,
        req.url,
        &method_value(req.method),
        req.headers,
        req.body,
        signal,
        timeout_ms.filter(|ms| *ms <= MAX_TIMER_MS),
    )
    .map_err(|e| Error::Connection(describe(&e)))
}

/// What an exchange's promise resolved to (`Ok`) or was rejected with (`Err`), as a response
/// or the error of the attempt.
pub fn interpret(
    outcome: Result<JsValue, JsValue>,
    timeout_ms: Option<f64>,
) -> Result<Response, Error> {
    let res = match outcome {
        Ok(r) => r,
        Err(e) => {
            return Err(if is_refused(&e) {
                Error::Refused(describe(&e))
            } else {
                Error::Connection(describe(&e))
            })
        }
    };
    if let Some(e) = cut_error(&res, timeout_ms) {
        return Err(e);
    }
    if let Some(message) = res.as_string() {
        return Err(Error::Connection(message));
    }
    let res: Array = res.unchecked_into();
    let status = res.get(0).as_f64().unwrap_or(0.0);
    let read = res.get(1);
    if !(100.0..=999.0).contains(&status) {
        return Err(Error::Connection(describe(&read)));
    }
    let status = status as u16;
    // Only errors and retry decisions (Retry-After) look at the headers: a success skips
    // copying them into wasm.
    let headers = if (200..300).contains(&status) {
        Vec::new()
    } else {
        response_headers(&res.get(2))
    };
    Ok(Response {
        status,
        headers,
        body: Body::from_text(read),
    })
}
