//! The HTTP server: accept loop, per-request pipeline (CORS, body limit, request log,
//! faults, auth, routing) and the admin endpoints.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, Uri};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use parking_lot::Mutex;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Notify};

use crate::admin::{self, Admin, FaultSpec};
use crate::api::{self, Route};
use crate::auth::{Auth, AuthOutcome};
use crate::http::{self, Resp};
use crate::proxy::Proxy;
use crate::state::{self, Store};
use crate::time::now_ms;
use crate::Config;

/// Request bodies above this size get 413.
pub const BODY_LIMIT: usize = 10 * 1024 * 1024;

pub struct App {
    cfg: Config,
    store: Mutex<Store>,
    auth: Auth,
    admin: Admin,
    proxy: Option<Proxy>,
}

impl App {
    fn seed(&self) -> Store {
        if self.cfg.seed == "empty" {
            state::empty(now_ms())
        } else {
            state::demo(now_ms())
        }
    }
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    pub task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Stops accepting connections.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Binds and starts serving in the background. Errors are human-readable.
pub async fn start(cfg: Config) -> Result<Running, String> {
    let proxy = Proxy::new(&cfg)?;
    let listener = TcpListener::bind((cfg.host.as_str(), cfg.port))
        .await
        .map_err(|e| format!("cannot bind {}:{}: {e}", cfg.host, cfg.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = Arc::new(App {
        auth: Auth::new(&cfg),
        store: Mutex::new(Store::default()),
        admin: Admin::default(),
        proxy,
        cfg,
    });
    *app.store.lock() = app.seed();
    let (tx, mut rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = &mut rx => break,
                a = listener.accept() => a,
            };
            let (stream, _) = match accepted {
                Ok(x) => x,
                Err(_) => {
                    // Out of file descriptors and the like: back off briefly, keep serving.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let app = app.clone();
            tokio::spawn(async move {
                let kill = Arc::new(Notify::new());
                let k2 = kill.clone();
                let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let app = app.clone();
                    let kill = k2.clone();
                    async move { Ok::<_, Infallible>(handle(app, req, kill, addr).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(30))
                    .serve_connection(TokioIo::new(stream), svc);
                tokio::select! {
                    _ = conn => {}
                    _ = kill.notified() => {}
                }
            });
        }
    });
    Ok(Running {
        addr,
        shutdown: Some(tx),
        task,
    })
}

const PREFIXES: &[&str] = &["/api/public/v1", "/v1"];

/// Splits `/v1/jobs` into (`/v1`, `/jobs`).
fn split_prefix(path: &str) -> Option<(&'static str, &str)> {
    for p in PREFIXES {
        if let Some(rest) = path.strip_prefix(p) {
            if rest.is_empty() || rest.starts_with('/') {
                return Some((p, if rest.is_empty() { "/" } else { rest }));
            }
        }
    }
    None
}

fn is_token_path(path: &str) -> bool {
    matches!(
        path.trim_end_matches('/'),
        "/applications/token" | "/v1/applications/token" | "/api/public/v1/applications/token"
    )
}

async fn handle(
    app: Arc<App>,
    req: Request<Incoming>,
    kill: Arc<Notify>,
    local: SocketAddr,
) -> Response<Body> {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let mut resp = pipeline(&app, req, kill, local).await;
    http::add_cors(resp.headers_mut(), origin.as_ref(), &app.cfg.cors_origin);
    resp
}

async fn read_body(body: Incoming, headers: &HeaderMap) -> Result<Bytes, Resp> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(http::problem(413, "The request body is larger than 10 MB."));
    }
    match http_body_util::Limited::new(body, BODY_LIMIT)
        .collect()
        .await
    {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Err(http::problem(413, "The request body is larger than 10 MB."))
            } else {
                Err(http::problem(400, "The request body could not be read."))
            }
        }
    }
}

async fn pipeline(app: &App, req: Request<Incoming>, kill: Arc<Notify>, local: SocketAddr) -> Resp {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let uri = parts.uri.clone();
    let path = uri.path().to_string();
    let headers = parts.headers;

    if method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        return http::preflight(&headers, &app.cfg.cors_origin);
    }
    let body = match read_body(body, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };

    if path == "/__emulator" || path.starts_with("/__emulator/") {
        if app.cfg.no_admin {
            return http::problem(404, "Not found.");
        }
        return admin_endpoint(app, &method, &uri, &body);
    }

    app.admin
        .record(method.as_str(), &path, uri.query(), &headers, &body);
    let api_path = split_prefix(&path).map(|(_, rest)| rest);
    if let Some(f) = app.admin.take_fault(method.as_str(), &path, api_path) {
        return apply_fault(app, f, &method, &uri, &headers, body, kill, local).await;
    }
    normal(app, &method, &uri, &headers, body, local).await
}

#[allow(clippy::too_many_arguments)]
async fn apply_fault(
    app: &App,
    f: FaultSpec,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
    kill: Arc<Notify>,
    local: SocketAddr,
) -> Resp {
    if let Some(ms) = f.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if f.drop {
        kill.notify_one();
        // The connection task drops this request's future; never answer.
        std::future::pending::<()>().await;
    }
    let mut resp = if f.truncate {
        let r = normal(app, method, uri, headers, body, local).await;
        let status = f.status.unwrap_or_else(|| r.status().as_u16());
        truncated(status, r).await
    } else if f.nonjson {
        let text = f
            .raw_body
            .clone()
            .unwrap_or_else(|| "<!doctype html><p>this is not JSON".into());
        http::raw(
            f.status.unwrap_or(200),
            "application/json",
            text.into_bytes(),
        )
    } else if f.wrongjson {
        let text = f.raw_body.clone().unwrap_or_else(|| {
            json!({"unexpected": true, "data": "not-an-array", "jobId": "seven"}).to_string()
        });
        http::raw(
            f.status.unwrap_or(200),
            "application/json",
            text.into_bytes(),
        )
    } else if let Some(status) = f.status {
        match &f.raw_body {
            Some(text) => http::raw(status, "application/json", text.clone().into_bytes()),
            None => admin::fault_body(status, f.body.as_deref().unwrap_or("rfc9457"), uri.path()),
        }
    } else {
        // Only a delay and/or extra headers: answer normally.
        normal(app, method, uri, headers, body, local).await
    };
    for (k, v) in &f.headers {
        if let (Ok(k), Ok(v)) = (
            axum::http::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            resp.headers_mut().insert(k, v);
        }
    }
    resp
}

/// Sends `status` and the headers of `r`, then half of its body, then fails the body so the
/// connection is closed mid-body.
async fn truncated(status: u16, r: Resp) -> Resp {
    let (mut parts, body) = r.into_parts();
    let full = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let full = if full.len() < 2 {
        Bytes::from_static(b"{\"data\": [")
    } else {
        full
    };
    let half = full.slice(0..full.len() / 2);
    // Yield the first half, give hyper time to flush it, then fail the body: hyper closes
    // the connection without sending the rest.
    let stream = futures_util::stream::unfold((Some(half), false), |state| async move {
        match state {
            (Some(h), _) => Some((
                Ok::<_, std::io::Error>(hyper::body::Frame::data(h)),
                (None, false),
            )),
            (None, false) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Some((
                    Err(std::io::Error::other("truncated by fault injection")),
                    (None, true),
                ))
            }
            (None, true) => None,
        }
    });
    parts.status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK);
    if let Ok(v) = HeaderValue::from_str(&full.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, v);
    }
    Response::from_parts(parts, Body::new(http_body_util::StreamBody::new(stream)))
}

fn base_url(headers: &HeaderMap, prefix: &str, local: SocketAddr) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| local.to_string());
    let proto = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{proto}://{host}{prefix}")
}

async fn normal(
    app: &App,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
    local: SocketAddr,
) -> Resp {
    let path = uri.path();
    if is_token_path(path) {
        if method != Method::POST {
            return method_not_allowed(&["POST"]);
        }
        return token_endpoint(app, headers, &body);
    }
    if let Some((prefix, rest)) = split_prefix(path) {
        if let Some(p) = &app.proxy {
            let rest_q = match uri.query() {
                Some(q) => format!("{rest}?{q}"),
                None => rest.to_string(),
            };
            return p.forward(method, &rest_q, headers, body).await;
        }
        return api_call(
            app,
            method,
            prefix,
            rest,
            uri.query(),
            headers,
            &body,
            local,
        );
    }
    if method == Method::GET || method == Method::HEAD {
        if let (Some(dir), Some(rest)) = (&app.cfg.pkg, path.strip_prefix("/pkg/")) {
            let rel = percent_encoding::percent_decode_str(rest)
                .decode_utf8_lossy()
                .into_owned();
            if let Some(r) = http::static_file(dir, &rel).await {
                return r;
            }
        }
        if let Some(dir) = &app.cfg.www {
            let rel = percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned();
            if let Some(r) = http::static_file(dir, &rel).await {
                return r;
            }
        }
    }
    if path == "/health" && method == Method::GET {
        return http::empty(200);
    }
    http::problem(404, &format!("No route for {}.", path))
}

fn method_not_allowed(allowed: &[&str]) -> Resp {
    let mut r = http::problem(405, "The method is not allowed on this path.");
    if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
        r.headers_mut().insert(header::ALLOW, v);
    }
    r
}

#[allow(clippy::too_many_arguments)]
fn api_call(
    app: &App,
    method: &Method,
    prefix: &str,
    rest: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
    local: SocketAddr,
) -> Resp {
    let (op, params) = match api::route(method.as_str(), rest) {
        Route::Op(op, params) => (op, params),
        Route::MethodNotAllowed(allowed) => return method_not_allowed(&allowed),
        Route::NotFound => return http::problem(404, &format!("No route for {prefix}{rest}.")),
    };
    if op != "getHealthCheck" {
        match app.auth.check(
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok()),
        ) {
            AuthOutcome::Ok => {}
            AuthOutcome::Missing => return unauthorized("Authentication is required."),
            AuthOutcome::Invalid => return unauthorized("The credentials are not valid."),
            AuthOutcome::Expired => return unauthorized("The access token has expired."),
        }
    }
    let parsed: Option<Value> = if api::has_body(op) {
        if body.iter().all(u8::is_ascii_whitespace) {
            return http::invalid("body", "a JSON request body is required");
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => Some(v),
            Err(e) => {
                return http::invalid(
                    "body",
                    &format!("malformed JSON at line {} column {}", e.line(), e.column()),
                )
            }
        }
    } else {
        None
    };
    let query: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let base = base_url(headers, prefix, local);
    let ctx = api::Ctx {
        op,
        params: &params,
        query: &query,
        body: parsed.as_ref(),
        base: &base,
        path: rest.trim_end_matches('/'),
        now: now_ms(),
        job_duration_ms: i64::try_from(app.cfg.job_duration_ms).unwrap_or(i64::MAX),
    };
    let mut store = app.store.lock();
    api::handle(&mut store, &ctx)
}

fn unauthorized(detail: &str) -> Resp {
    let mut r = http::problem(401, detail);
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"airbyte-emulator\""),
    );
    r
}

fn token_endpoint(app: &App, headers: &HeaderMap, body: &Bytes) -> Resp {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fields: serde_json::Map<String, Value> =
        if ct.starts_with("application/x-www-form-urlencoded") {
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect()
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(o)) => o,
                Ok(_) => return http::invalid("body", "expected a JSON object"),
                Err(_) => {
                    // Accept a form body sent without its content type.
                    let f: serde_json::Map<String, Value> = form_urlencoded::parse(body)
                        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                        .collect();
                    if f.contains_key("client_id") {
                        f
                    } else {
                        return http::invalid("body", "malformed JSON");
                    }
                }
            }
        };
    let get = |a: &str, b: &str| {
        fields
            .get(a)
            .or_else(|| fields.get(b))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let Some(id) = get("client_id", "clientId") else {
        return http::invalid("client_id", "is required");
    };
    let Some(secret) = get("client_secret", "clientSecret") else {
        return http::invalid("client_secret", "is required");
    };
    if let Some(g) = get("grant_type", "grant-type") {
        if g != "client_credentials" {
            return http::invalid("grant_type", "must be client_credentials");
        }
    }
    match app.auth.issue(&id, &secret) {
        Some((token, ttl)) => http::json_resp(
            200,
            &json!({"access_token": token, "token_type": "Bearer", "expires_in": ttl}),
        ),
        None => unauthorized("The client credentials are not valid."),
    }
}

fn admin_endpoint(app: &App, method: &Method, uri: &Uri, body: &Bytes) -> Resp {
    let q: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let qv = |n: &str| q.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    match (method.as_str(), uri.path().trim_end_matches('/')) {
        ("POST", "/__emulator/faults") => {
            let v: Value = match serde_json::from_slice(body) {
                Ok(v) => v,
                Err(_) => return http::invalid("body", "malformed JSON"),
            };
            match app.admin.add_faults(&v) {
                Ok(n) => http::json_resp(
                    200,
                    &json!({"queued": n, "faults": app.admin.list_faults()}),
                ),
                Err(e) => http::invalid("fault", &e),
            }
        }
        ("GET", "/__emulator/faults") => http::json_resp(200, &app.admin.list_faults()),
        ("DELETE", "/__emulator/faults") => {
            app.admin.clear_faults();
            http::empty(204)
        }
        ("GET", "/__emulator/requests") => {
            http::json_resp(200, &app.admin.requests(qv("method"), qv("path")))
        }
        ("DELETE", "/__emulator/requests") => {
            app.admin.clear_requests();
            http::empty(204)
        }
        ("POST", "/__emulator/reset") => {
            *app.store.lock() = app.seed();
            app.admin.clear_faults();
            app.admin.clear_requests();
            http::empty(204)
        }
        ("GET", "/__emulator/health") | ("GET", "/__emulator") => {
            http::json_resp(200, &json!({"ok": true}))
        }
        (_, "/__emulator/faults") | (_, "/__emulator/requests") | (_, "/__emulator/reset") => {
            method_not_allowed(&["GET", "POST", "DELETE"])
        }
        _ => http::problem(404, "Unknown admin endpoint."),
    }
}
