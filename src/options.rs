//! Client options and per-call options, read from plain JS objects.

use core::fmt;

use airbyte_core::retry::Policy;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

/// The server of `serverIdx: 0`.
pub const DEFAULT_SERVER: &str = "https://api.airbyte.com/v1";

/// How requests authenticate. `Debug` never shows secrets.
pub enum Security {
    None,
    Bearer(String),
    Basic {
        username: String,
        password: String,
    },
    ClientCredentials {
        client_id: String,
        client_secret: String,
        /// Absolute token endpoint, already resolved against the server URL.
        token_url: String,
    },
}

impl fmt::Debug for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Security::None => f.write_str("None"),
            Security::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Security::Basic { .. } => f.write_str("Basic(<redacted>)"),
            Security::ClientCredentials { token_url, .. } => f
                .debug_struct("ClientCredentials")
                .field("token_url", token_url)
                .finish_non_exhaustive(),
        }
    }
}

/// Parsed `new AirbyteAPI(options)`.
pub struct ClientOptions {
    pub server_url: String,
    pub security: Security,
    pub headers: Vec<(String, String)>,
    pub fetch: Option<Function>,
    pub timeout_ms: Option<f64>,
    pub user_agent: String,
    pub retry: Policy,
    /// `debugLogger`: gets one line per attempt.
    pub logger: Option<JsValue>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Custom headers may carry credentials too: show only their names.
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ClientOptions")
            .field("server_url", &self.server_url)
            .field("security", &self.security)
            .field("headers", &names)
            .field("fetch", &self.fetch.is_some())
            .field("timeout_ms", &self.timeout_ms)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("logger", &self.logger.is_some())
            .finish()
    }
}

/// Parsed per-call options.
#[derive(Default)]
pub struct CallOptions {
    pub timeout_ms: Option<f64>,
    pub signal: Option<JsValue>,
    pub headers: Vec<(String, String)>,
    /// Overrides the client's retry policy for this call.
    pub retries: Option<Policy>,
}

/// Own enumerable string keys of `o`.
fn keys(o: &JsValue, field: &str) -> Result<Vec<String>, Error> {
    let obj: &Object = o.unchecked_ref();
    // Object.keys can throw on a hostile proxy.
    let ks = js_sys::Reflect::own_keys(obj)
        .map_err(|_| Error::invalid(field, "object cannot be inspected"))?;
    let mut out = Vec::new();
    for k in ks.iter() {
        match k.as_string() {
            Some(s) => {
                // Only enumerable own properties count, as with Object.keys.
                let desc = Reflect::get_own_property_descriptor(obj, &k)
                    .map_err(|_| Error::invalid(field, "object cannot be inspected"))?;
                let enumerable = Reflect::get(&desc, &JsValue::from_str("enumerable"))
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                if enumerable {
                    out.push(s);
                }
            }
            None => {
                return Err(Error::invalid(field, "symbol keys are not allowed"));
            }
        }
    }
    Ok(out)
}

/// `prefix.key` (field paths are built on the success path too: no formatting machinery).
fn join(prefix: &str, key: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 1 + key.len());
    if !prefix.is_empty() {
        s.push_str(prefix);
        s.push('.');
    }
    s.push_str(key);
    s
}

fn get(o: &JsValue, key: &str, field: &str) -> Result<JsValue, Error> {
    Reflect::get(o, &JsValue::from_str(key))
        .map_err(|_| Error::invalid(field, "reading the property threw"))
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_function() && !js_sys::Array::is_array(v)
}

/// Check that `o` is an object whose keys are all in `allowed`; `field` names `o`.
fn check_keys(o: &JsValue, allowed: &[&str], field: &str) -> Result<(), Error> {
    if !is_plain_object(o) {
        return Err(Error::invalid(field, "expected an object"));
    }
    for k in keys(o, field)? {
        if !allowed.contains(&k.as_str()) {
            return Err(Error::invalid(join(field, &k), "unknown option"));
        }
    }
    Ok(())
}

fn string(v: &JsValue, field: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::invalid(field, "expected a string"))
}

fn positive_ms(v: &JsValue, field: &str) -> Result<f64, Error> {
    match v.as_f64() {
        Some(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(Error::invalid(
            field,
            "expected a positive finite number of milliseconds",
        )),
    }
}

/// A header name as HTTP allows it (RFC 9110 token).
fn valid_header_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[inline(never)]
fn headers(v: &JsValue, field: &str) -> Result<Vec<(String, String)>, Error> {
    if !is_plain_object(v) {
        return Err(Error::invalid(
            field,
            "expected an object of header names to strings",
        ));
    }
    let mut out = Vec::new();
    for k in keys(v, field)? {
        let f = join(field, &k);
        if !valid_header_name(&k) {
            return Err(Error::invalid(f, "not a valid header name"));
        }
        let value = string(&get(v, &k, &f)?, &f)?;
        if value.contains(['\r', '\n', '\0']) {
            return Err(Error::invalid(
                f,
                "header values cannot contain line breaks",
            ));
        }
        out.push((k, value));
    }
    Ok(out)
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined()
}

/// A plausible absolute http(s) URL, also accepted by the runtime's `URL` when present.
fn parse_server_url(s: &str, field: &str) -> Result<String, Error> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| Error::invalid(field, "expected an http(s) URL"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..host_end).unwrap_or("");
    if host.is_empty()
        || s.chars().any(|c| c.is_whitespace() || c.is_control())
        || s.contains(['?', '#'])
    {
        return Err(Error::invalid(field, "expected an http(s) URL"));
    }
    if host.contains('@') {
        // fetch refuses such URLs, and its error would echo them.
        return Err(Error::invalid(
            field,
            "credentials in the URL are not supported; use `security`",
        ));
    }
    if !crate::transport::url_parses(s) {
        return Err(Error::invalid(field, "expected an http(s) URL"));
    }
    Ok(s.trim_end_matches('/').to_string())
}

fn is_absolute_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

fn security(v: &JsValue, server_url: &str) -> Result<Security, Error> {
    const F: &str = "security";
    check_keys(v, &["bearerAuth", "basicAuth", "clientCredentials"], F)?;
    // The first one set, and whether another one is set too (all three are read).
    let mut found: Option<(&str, JsValue)> = None;
    let mut more = false;
    for k in ["bearerAuth", "basicAuth", "clientCredentials"] {
        let x = get(v, k, &join(F, k))?;
        if !x.is_undefined() {
            if found.is_some() {
                more = true;
            } else {
                found = Some((k, x));
            }
        }
    }
    let (k, x) = match found {
        Some(one) if !more => one,
        _ => {
            return Err(Error::invalid(
                F,
                "expected exactly one of bearerAuth, basicAuth, clientCredentials",
            ))
        }
    };
    let f = join(F, k);
    match k {
        "bearerAuth" => {
            let t = string(&x, &f)?;
            if t.is_empty() {
                return Err(Error::invalid(f, "expected a non-empty token"));
            }
            Ok(Security::Bearer(t))
        }
        "basicAuth" => basic(&x, &f),
        _ => client_credentials(&x, &f, server_url),
    }
}

// The less common schemes are parsed out of line: a client with a bearer token never makes the
// runtime compile them (wasm functions are compiled on first use).
#[inline(never)]
fn basic(x: &JsValue, f: &str) -> Result<Security, Error> {
    check_keys(x, &["username", "password"], f)?;
    let uf = join(f, "username");
    let pf = join(f, "password");
    let username = string(&get(x, "username", &uf)?, &uf)?;
    let password = string(&get(x, "password", &pf)?, &pf)?;
    Ok(Security::Basic { username, password })
}

#[inline(never)]
fn client_credentials(x: &JsValue, f: &str, server_url: &str) -> Result<Security, Error> {
    check_keys(x, &["clientId", "clientSecret", "tokenUrl"], f)?;
    let idf = join(f, "clientId");
    let sf = join(f, "clientSecret");
    let tf = join(f, "tokenUrl");
    let client_id = string(&get(x, "clientId", &idf)?, &idf)?;
    let client_secret = string(&get(x, "clientSecret", &sf)?, &sf)?;
    let t = get(x, "tokenUrl", &tf)?;
    let token_url = if is_absent(&t) {
        format!("{server_url}/applications/token")
    } else {
        let t = string(&t, &tf)?;
        if is_absolute_url(&t) {
            parse_server_url(&t, &tf)?;
            t
        } else if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid(tf, "expected a URL or a relative path"));
        } else {
            let rel = t.trim_start_matches('/');
            let rel = if rel.is_empty() {
                "applications/token"
            } else {
                rel
            };
            format!("{server_url}/{rel}")
        }
    };
    Ok(Security::ClientCredentials {
        client_id,
        client_secret,
        token_url,
    })
}

pub fn default_user_agent() -> String {
    concat!("airbyte-api-wasm/", env!("CARGO_PKG_VERSION")).to_string()
}

impl ClientOptions {
    fn defaults() -> Self {
        ClientOptions {
            server_url: DEFAULT_SERVER.to_string(),
            security: Security::None,
            headers: Vec::new(),
            fetch: None,
            timeout_ms: None,
            user_agent: default_user_agent(),
            retry: Policy::default(),
            logger: None,
        }
    }

    pub fn from_js(v: &JsValue) -> Result<Self, Error> {
        let mut opts = Self::defaults();
        if v.is_undefined() || v.is_null() {
            return Ok(opts);
        }
        // The usual options (a server URL, a bearer token and a fetch function, in plain
        // objects) are read in one step on the JS side; everything else takes the careful path
        // below, which names what is wrong. Both check the server URL with `parse_server_url`.
        let plain = crate::transport::plain_client_options(v);
        if let Some(a) = plain.dyn_ref::<js_sys::Array>() {
            if let Some(url) = a.get(0).as_string() {
                opts.server_url = parse_server_url(&url, "serverUrl")?;
            }
            if let Some(token) = a.get(1).as_string() {
                opts.security = Security::Bearer(token);
            }
            opts.fetch = a.get(2).dyn_into::<Function>().ok();
            return Ok(opts);
        }
        opts.read_careful(v)?;
        Ok(opts)
    }

    /// Every other form of the options, property by property (out of line: a client made with
    /// the usual options never makes the runtime compile it).
    #[inline(never)]
    fn read_careful(&mut self, v: &JsValue) -> Result<(), Error> {
        // Also listed in the snippet's `CLIENT_OPTIONS` (transport.rs), which must stay in step.
        const ALLOWED: &[&str] = &[
            "security",
            "serverIdx",
            "serverUrl",
            "headers",
            "fetch",
            "timeoutMs",
            "userAgent",
            "retryConfig",
            "debugLogger",
        ];
        if !is_plain_object(v) {
            return Err(Error::invalid("", "client options must be an object"));
        }
        check_keys(v, ALLOWED, "")?;
        // The options that are set, in this order; each value is dropped as soon as it is read.
        if let Some(idx) = field(v, "serverIdx")? {
            server_idx(&idx)?;
        }
        if let Some(url) = field(v, "serverUrl")? {
            self.server_url = parse_server_url(&string(&url, "serverUrl")?, "serverUrl")?;
        }
        if let Some(sec) = field(v, "security")? {
            self.security = security(&sec, &self.server_url)?;
        }
        if let Some(h) = field(v, "headers")? {
            self.headers = headers(&h, "headers")?;
        }
        if let Some(f) = field(v, "fetch")? {
            match f.dyn_into::<Function>() {
                Ok(f) => self.fetch = Some(f),
                Err(_) => return Err(Error::invalid("fetch", "expected a function")),
            }
        }
        if let Some(t) = field(v, "timeoutMs")? {
            self.timeout_ms = Some(timeout_ms(&t)?);
        }
        if let Some(ua) = field(v, "userAgent")? {
            self.user_agent = user_agent(&ua)?;
        }
        if let Some(rc) = field(v, "retryConfig")? {
            self.retry = retry_policy(&rc, "retryConfig")?;
        }
        if let Some(lg) = field(v, "debugLogger")? {
            self.logger = Some(logger(&lg, "debugLogger")?);
        }
        Ok(())
    }
}

/// Client option `key` when it is set (not `undefined`).
fn field(v: &JsValue, key: &str) -> Result<Option<JsValue>, Error> {
    let x = get(v, key, key)?;
    Ok(if is_absent(&x) { None } else { Some(x) })
}

// The less common client options are read out of line: a client made without them never
// makes the runtime compile their code (wasm functions are compiled on first use).

#[inline(never)]
fn server_idx(idx: &JsValue) -> Result<(), Error> {
    if idx.as_f64() != Some(0.0) {
        return Err(Error::invalid(
            "serverIdx",
            "only server index 0 exists (https://api.airbyte.com/v1)",
        ));
    }
    Ok(())
}

#[inline(never)]
fn timeout_ms(t: &JsValue) -> Result<f64, Error> {
    positive_ms(t, "timeoutMs")
}

#[inline(never)]
fn user_agent(ua: &JsValue) -> Result<String, Error> {
    let ua = string(ua, "userAgent")?;
    if ua.contains(['\r', '\n', '\0']) {
        return Err(Error::invalid("userAgent", "cannot contain line breaks"));
    }
    Ok(ua)
}

/// Field names of per-call options are prefixed so they cannot be confused with
/// argument fields.
const CALL: &str = "options";

/// Parse a retry configuration (`retryConfig` or `options.retries`); `f` names it in errors.
/// Missing fields take the defaults of [`Policy::default`].
#[inline(never)]
fn retry_policy(v: &JsValue, f: &str) -> Result<Policy, Error> {
    check_keys(
        v,
        &["strategy", "backoff", "maxRetries", "retryConnectionErrors"],
        f,
    )?;
    let s = get(v, "strategy", &join(f, "strategy"))?;
    let enabled = match s.as_string().as_deref() {
        Some("backoff") => true,
        Some("none") => false,
        _ => {
            return Err(Error::invalid(
                join(f, "strategy"),
                "expected \"backoff\" or \"none\"",
            ))
        }
    };
    let mut p = Policy::default();
    let b = get(v, "backoff", &join(f, "backoff"))?;
    if !is_absent(&b) {
        let bf = join(f, "backoff");
        check_keys(
            &b,
            &[
                "initialInterval",
                "maxInterval",
                "exponent",
                "maxElapsedTime",
            ],
            &bf,
        )?;
        for k in [
            "initialInterval",
            "maxInterval",
            "exponent",
            "maxElapsedTime",
        ] {
            let kf = join(&bf, k);
            let x = get(&b, k, &kf)?;
            if is_absent(&x) {
                continue;
            }
            let n = x
                .as_f64()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| Error::invalid(kf, "expected a non-negative number"))?;
            match k {
                "initialInterval" => p.backoff.initial_interval_ms = n,
                "maxInterval" => p.backoff.max_interval_ms = n,
                "exponent" => p.backoff.exponent = n,
                _ => p.backoff.max_elapsed_ms = n,
            }
        }
    }
    let m = get(v, "maxRetries", &join(f, "maxRetries"))?;
    if !is_absent(&m) {
        let n = m
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0)
            .ok_or_else(|| {
                Error::invalid(join(f, "maxRetries"), "expected a non-negative integer")
            })?;
        // Saturating: anything above u32::MAX is "unlimited" in practice (maxElapsedTime rules).
        p.max_retries = n.min(f64::from(u32::MAX)) as u32;
    }
    let r = get(
        v,
        "retryConnectionErrors",
        &join(f, "retryConnectionErrors"),
    )?;
    if !is_absent(&r) {
        p.retry_connection_errors = r.as_bool().ok_or_else(|| {
            Error::invalid(join(f, "retryConnectionErrors"), "expected a boolean")
        })?;
    }
    if !enabled {
        return Ok(Policy::NONE);
    }
    Ok(p)
}

/// An object with a `debug` method (e.g. `console`).
#[inline(never)]
fn logger(v: &JsValue, field: &str) -> Result<JsValue, Error> {
    if !v.is_object() || !get(v, "debug", field)?.is_function() {
        return Err(Error::invalid(
            field,
            "expected an object with a debug(...) method",
        ));
    }
    Ok(v.clone())
}

impl CallOptions {
    /// Most calls pass no options: that case is decided here, the reading stays out of line
    /// (compiled only when a call first passes options; wasm functions are compiled lazily).
    #[inline]
    pub fn from_js(v: &JsValue) -> Result<Self, Error> {
        if v.is_undefined() || v.is_null() {
            return Ok(CallOptions::default());
        }
        Self::read(v)
    }

    #[inline(never)]
    fn read(v: &JsValue) -> Result<Self, Error> {
        // The usual case, a plain object of known data properties, is read in one step on the
        // JS side; anything else takes the careful path, which names what is wrong.
        let fast = crate::transport::plain_call_options(v);
        if let Some(a) = fast.dyn_ref::<js_sys::Array>() {
            return Self::from_fields(|i, _| Ok(a.get(i)));
        }
        check_keys(v, &["timeoutMs", "signal", "headers", "retries"], CALL)?;
        Self::from_fields(|_, k| get(v, k, &join(CALL, k)))
    }

    /// The options from their four fields, read by `field(index, name)` in this order:
    /// `timeoutMs`, `signal`, `headers`, `retries`.
    fn from_fields(field: impl Fn(u32, &str) -> Result<JsValue, Error>) -> Result<Self, Error> {
        let mut opts = CallOptions::default();
        let t = field(0, "timeoutMs")?;
        if !is_absent(&t) {
            opts.timeout_ms = Some(positive_ms(&t, "options.timeoutMs")?);
        }
        let s = field(1, "signal")?;
        if !is_absent(&s) {
            let ok = s.is_object()
                && get(&s, "aborted", "options.signal")?.as_bool().is_some()
                && get(&s, "addEventListener", "options.signal")?.is_function();
            if !ok {
                return Err(Error::invalid("options.signal", "expected an AbortSignal"));
            }
            opts.signal = Some(s);
        }
        let h = field(2, "headers")?;
        if !is_absent(&h) {
            opts.headers = headers(&h, "options.headers")?;
        }
        let r = field(3, "retries")?;
        if !is_absent(&r) {
            opts.retries = Some(retry_policy(&r, "options.retries")?);
        }
        Ok(opts)
    }
}
