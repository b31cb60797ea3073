//! Test harness: in-process servers on port 0, an HTTP helper, and an independent checker
//! that validates every API response against `../shared/airbyte-api/api_sdk.yaml`.
#![allow(dead_code)]

use airbyte_emulator::{api, Config};
use serde_json::Value;
use std::sync::OnceLock;

pub const TOKEN: &str = "Bearer demo-token";

pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        // The spec lives beside the repository (`../shared/airbyte-api/`); AIRBYTE_SPEC overrides.
        let path = std::env::var("AIRBYTE_SPEC").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/airbyte-api/api_sdk.yaml"
            )
            .to_string()
        });
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading the spec at {path}: {e}"));
        let y: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
        serde_json::to_value(y).expect("json")
    })
}

fn resolve(s: &Value) -> &Value {
    let mut cur = s;
    for _ in 0..16 {
        match cur.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap();
                cur = &spec()["components"]["schemas"][name];
            }
            None => return cur,
        }
    }
    cur
}

/// Checks `v` against a spec schema: types, required properties, enums, uuid/int formats,
/// `additionalProperties: false`, arrays. `oneOf` must match at least one variant.
pub fn check(schema: &Value, v: &Value, path: &str) -> Result<(), String> {
    let s = resolve(schema);
    if let Some(variants) = s.get("oneOf").and_then(Value::as_array) {
        if variants.iter().any(|x| check(x, v, path).is_ok()) {
            return Ok(());
        }
        return Err(format!("{path}: matches no oneOf variant"));
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{path}: {v} not in enum {e:?}"));
        }
    }
    let ty = s.get("type").and_then(Value::as_str);
    match ty {
        Some("string") => {
            let t = v
                .as_str()
                .ok_or(format!("{path}: expected string, got {v}"))?;
            let fmt = s.get("format").and_then(Value::as_str).unwrap_or("");
            if fmt.eq_ignore_ascii_case("uuid") && uuid::Uuid::try_parse(t).is_err() {
                return Err(format!("{path}: not a uuid: {t}"));
            }
            if fmt == "date-time" && chrono::DateTime::parse_from_rfc3339(t).is_err() {
                return Err(format!("{path}: not a date-time: {t}"));
            }
            if fmt == "email" && !t.contains('@') {
                return Err(format!("{path}: not an email: {t}"));
            }
        }
        Some("integer") if v.as_i64().is_none() => {
            return Err(format!("{path}: expected integer, got {v}"));
        }
        Some("number") if !v.is_number() => return Err(format!("{path}: expected number")),
        Some("boolean") if !v.is_boolean() => return Err(format!("{path}: expected boolean")),
        Some("array") => {
            let a = v
                .as_array()
                .ok_or(format!("{path}: expected array, got {v}"))?;
            if let Some(items) = s.get("items") {
                for (i, x) in a.iter().enumerate() {
                    check(items, x, &format!("{path}[{i}]"))?;
                }
            }
        }
        Some("object") | None if s.get("properties").is_some() || ty == Some("object") => {
            let o = v
                .as_object()
                .ok_or(format!("{path}: expected object, got {v}"))?;
            let props = s.get("properties").and_then(Value::as_object);
            if let Some(req) = s.get("required").and_then(Value::as_array) {
                for r in req {
                    let r = r.as_str().unwrap();
                    if !o.contains_key(r) {
                        return Err(format!("{path}: missing required {r}"));
                    }
                }
            }
            for (k, x) in o {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => {
                        if x.is_null() && resolve(ps).get("nullable") != Some(&Value::Bool(true)) {
                            return Err(format!("{path}.{k}: null"));
                        }
                        check(ps, x, &format!("{path}.{k}"))?
                    }
                    None => {
                        if s.get("additionalProperties") == Some(&Value::Bool(false)) {
                            return Err(format!("{path}: unexpected property {k}"));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The response schema of operation `op` for `status`, if it declares a JSON body.
pub fn response_schema(op: &str, status: u16) -> Option<&'static Value> {
    for (_, item) in spec()["paths"].as_object().unwrap() {
        for (_, o) in item.as_object().unwrap() {
            if o.get("operationId").and_then(Value::as_str) == Some(op) {
                return o["responses"]
                    .get(status.to_string())?
                    .get("content")?
                    .get("application/json")?
                    .get("schema");
            }
        }
    }
    None
}

pub struct Srv {
    pub url: String,
    pub running: airbyte_emulator::Running,
    pub http: reqwest::Client,
}

pub async fn start_with(f: impl FnOnce(&mut Config)) -> Srv {
    let mut cfg = Config::for_tests();
    cfg.upstream = None;
    cfg.upstream_token = None;
    cfg.upstream_client_id = None;
    cfg.upstream_client_secret = None;
    f(&mut cfg);
    let running = airbyte_emulator::start(cfg).await.expect("start");
    Srv {
        url: running.url(),
        running,
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()
            .unwrap(),
    }
}

pub async fn start() -> Srv {
    start_with(|_| {}).await
}

pub struct Res {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Srv {
    /// Calls the API with the demo token; validates 2xx bodies against the spec.
    pub async fn api(&self, method: &str, path: &str, body: Option<Value>) -> Res {
        self.call(method, &format!("/v1{path}"), body, Some(TOKEN))
            .await
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> Res {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(m, format!("{}{}", self.url, path));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        let res = Res {
            status,
            headers,
            text,
            json,
        };
        conforms(method, path, &res);
        res
    }
}

/// Asserts that an API response has the spec's shape (2xx) or is a problem body (4xx/5xx).
pub fn conforms(method: &str, full_path: &str, res: &Res) {
    let path = full_path.split('?').next().unwrap();
    let rest = path
        .strip_prefix("/api/public/v1")
        .or_else(|| path.strip_prefix("/v1"));
    let Some(rest) = rest else { return };
    if rest == "/applications/token" {
        return;
    }
    let api::Route::Op(op, _) = api::route(method, rest) else {
        assert_eq!(
            res.json["status"].as_u64(),
            Some(res.status as u64),
            "problem body {}",
            res.text
        );
        return;
    };
    if (200..300).contains(&res.status) {
        // airbyte-core's validator (RESPONSE mode) ...
        let (_, o) = airbyte_core::operation(op).expect("core knows the operation");
        assert_eq!(
            o.success_status, res.status,
            "{op}: documented success status"
        );
        match o.response {
            airbyte_core::spec::ResponseKind::Json(id) => {
                let ty = airbyte_core::validate::ref_ty(id).unwrap();
                if let Err(e) = airbyte_core::validate::validate_value(
                    ty,
                    &res.json,
                    airbyte_core::validate::RESPONSE,
                ) {
                    panic!(
                        "{op}: core validator rejects the response at {}: {}\n{}",
                        e.path, e.message, res.text
                    );
                }
            }
            airbyte_core::spec::ResponseKind::Empty => {
                assert!(res.text.is_empty(), "{op}: expected no body")
            }
            airbyte_core::spec::ResponseKind::OpenJson => {
                assert!(
                    res.text.is_empty() || res.json != Value::Null,
                    "{op}: body is not JSON"
                )
            }
        }
        // ... and the independent checker over the YAML spec (formats included).
        match response_schema(op, res.status) {
            Some(schema) => {
                if let Err(e) = check(schema, &res.json, op) {
                    panic!("{op} response does not conform: {e}\n{}", res.text);
                }
            }
            None => {
                if res.status == 204 {
                    assert!(res.text.is_empty(), "{op}: 204 with a body");
                }
            }
        }
    } else {
        let ct = res
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(
            ct.starts_with("application/json") || ct.starts_with("application/problem+json"),
            "{op}: {ct}"
        );
        for k in ["status", "type", "title", "detail", "documentationUrl"] {
            assert!(
                res.json.get(k).is_some(),
                "{op}: problem body lacks {k}: {}",
                res.text
            );
        }
        assert_eq!(res.json["status"].as_u64(), Some(res.status as u64));
    }
}
