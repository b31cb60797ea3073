//! Response helpers: JSON bodies, problem bodies, CORS headers and static files.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use serde_json::{json, Value};
use std::path::{Component, Path, PathBuf};

pub type Resp = Response<Body>;

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON response.
pub fn json_resp(status: u16, v: &Value) -> Resp {
    raw(status, "application/json", v.to_string().into_bytes())
}

/// A response with a body of the given content type.
pub fn raw(status: u16, content_type: &str, body: Vec<u8>) -> Resp {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status_code(status);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// An empty response (204 and friends).
pub fn empty(status: u16) -> Resp {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status_code(status);
    r
}

/// The short machine title the Airbyte API puts in `title` for a status.
pub fn title_for(status: u16) -> &'static str {
    match status {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "resource-not-found",
        405 => "method-not-allowed",
        408 => "request-timeout",
        409 => "state-conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable-entity",
        429 => "rate-limited",
        500 => "internal-server-error",
        502 => "bad-gateway",
        503 => "service-unavailable",
        504 => "gateway-timeout",
        _ => "error",
    }
}

/// The problem object the API answers errors with.
pub fn problem_value(status: u16, detail: &str) -> Value {
    let title = title_for(status);
    json!({
        "status": status,
        "type": format!("https://reference.airbyte.com/reference/errors#{title}"),
        "title": title,
        "detail": detail,
        "documentationUrl": "https://reference.airbyte.com/reference/errors",
    })
}

/// An error response with a problem body (`application/json`, as the real server sends).
pub fn problem(status: u16, detail: &str) -> Resp {
    json_resp(status, &problem_value(status, detail))
}

/// A 400 naming the offending field.
pub fn invalid(path: &str, message: &str) -> Resp {
    let mut v = problem_value(400, &format!("The request is invalid: {path}: {message}"));
    if let Some(o) = v.as_object_mut() {
        o.insert("data".into(), json!({ "path": path, "message": message }));
    }
    json_resp(400, &v)
}

/// Adds CORS headers for `origin` if allowed. `allowed` empty means any origin.
pub fn add_cors(headers: &mut HeaderMap, origin: Option<&HeaderValue>, allowed: &[String]) {
    let Some(origin) = origin else { return };
    let Ok(o) = origin.to_str() else { return };
    if !allowed.is_empty() && !allowed.iter().any(|a| a == o || a == "*") {
        return;
    }
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "Content-Type, Content-Length, Retry-After, retry-after-ms, X-Request-Id, Location",
        ),
    );
}

/// The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`).
pub fn preflight(req_headers: &HeaderMap, allowed: &[String]) -> Resp {
    let mut r = empty(204);
    let origin = req_headers.get(header::ORIGIN);
    let origin_ok = match origin.and_then(|o| o.to_str().ok()) {
        Some(o) => allowed.is_empty() || allowed.iter().any(|a| a == o || a == "*"),
        None => false,
    };
    if !origin_ok {
        return r;
    }
    add_cors(r.headers_mut(), origin, allowed);
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    let mut allow = String::from("Authorization, Content-Type, User-Agent, Accept");
    if let Some(req) = req_headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
    {
        for name in req.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            allow.push_str(", ");
            allow.push_str(name);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&allow) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
    }
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    // Chromium's Private Network Access preflights (a public page calling loopback).
    if req_headers.contains_key("access-control-request-private-network") {
        h.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    r
}

/// MIME type by file extension.
pub fn mime_for(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "ts" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";

/// Serves `rel` (already percent-decoded, relative) from `root`; `None` when not found.
/// Refuses any path that would leave `root`.
pub async fn static_file(root: &Path, rel: &str) -> Option<Resp> {
    let mut p = PathBuf::from(root);
    let rel = rel.trim_start_matches('/');
    for comp in Path::new(rel).components() {
        match comp {
            Component::Normal(c) => p.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let meta = tokio::fs::metadata(&p).await.ok()?;
    if meta.is_dir() {
        p.push("index.html");
    }
    let bytes = tokio::fs::read(&p).await.ok()?;
    let mime = mime_for(&p);
    let mut r = raw(200, mime, bytes);
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if mime.starts_with("text/html") {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    Some(r)
}
