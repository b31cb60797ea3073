//! Proxy mode: forwards API calls to a real Airbyte, adding credentials server-side.

use axum::http::{header, HeaderMap, Method};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

use crate::http::{self, Resp};

pub struct Proxy {
    base: String,
    client: reqwest::Client,
    static_token: Option<String>,
    creds: Option<(String, String)>,
    cache: tokio::sync::Mutex<Option<(String, Instant)>>,
}

impl Proxy {
    pub fn new(cfg: &crate::Config) -> Result<Option<Proxy>, String> {
        let Some(base) = cfg.upstream.clone() else {
            return Ok(None);
        };
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err("--upstream must be an http(s) URL".into());
        }
        let static_token = cfg.upstream_token.clone().filter(|t| !t.is_empty());
        let creds = match (&cfg.upstream_client_id, &cfg.upstream_client_secret) {
            (Some(i), Some(s)) if !i.is_empty() && !s.is_empty() => Some((i.clone(), s.clone())),
            _ => None,
        };
        if static_token.is_none() && creds.is_none() {
            return Err(
                "proxy mode needs AIRBYTE_TOKEN or AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET"
                    .into(),
            );
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Some(Proxy {
            base,
            client,
            static_token,
            creds,
            cache: tokio::sync::Mutex::new(None),
        }))
    }

    /// A bearer token for the upstream, fetched with client credentials and cached.
    async fn token(&self, force: bool) -> Result<String, String> {
        if let Some(t) = &self.static_token {
            return Ok(t.clone());
        }
        let Some((id, secret)) = &self.creds else {
            return Err("no upstream credentials".into());
        };
        let mut cache = self.cache.lock().await;
        if !force {
            if let Some((t, until)) = cache.as_ref() {
                if Instant::now() < *until {
                    return Ok(t.clone());
                }
            }
        }
        let url = format!("{}/applications/token", self.base);
        let resp = self
            .client
            .post(&url)
            .json(&json!({"client_id": id, "client_secret": secret, "grant_type": "client_credentials"}))
            .send()
            .await
            .map_err(|e| format!("token request failed: {}", e.without_url()))?;
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(format!("the upstream token endpoint answered {status}"));
        }
        let v: Value = resp
            .json()
            .await
            .map_err(|_| "the upstream token response is not JSON".to_string())?;
        let tok = v
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or("the upstream token response has no access_token")?
            .to_string();
        let ttl = v.get("expires_in").and_then(Value::as_u64).unwrap_or(180);
        // Refresh a little before expiry.
        let keep = ttl.saturating_sub((ttl / 10).clamp(1, 60));
        *cache = Some((tok.clone(), Instant::now() + Duration::from_secs(keep)));
        Ok(tok)
    }

    /// Forwards `rest` (path and query relative to the API prefix).
    pub async fn forward(
        &self,
        method: &Method,
        rest: &str,
        headers: &HeaderMap,
        body: bytes::Bytes,
    ) -> Resp {
        let mut forced = false;
        loop {
            let token = match self.token(forced).await {
                Ok(t) => t,
                Err(e) => return http::problem(502, &format!("Proxy: {e}")),
            };
            let url = format!("{}{}", self.base, rest);
            let Ok(m) = reqwest::Method::from_bytes(method.as_str().as_bytes()) else {
                return http::problem(405, "Unsupported method.");
            };
            let mut req = self.client.request(m, &url).bearer_auth(&token);
            for name in [header::CONTENT_TYPE, header::ACCEPT] {
                if let Some(v) = headers.get(&name).and_then(|v| v.to_str().ok()) {
                    req = req.header(name.as_str(), v);
                }
            }
            if !body.is_empty() {
                req = req.body(body.clone());
            }
            let resp = match req.send().await {
                Ok(r) => r,
                Err(e) => {
                    return http::problem(
                        502,
                        &format!("Proxy: the upstream request failed: {}", e.without_url()),
                    )
                }
            };
            let status = resp.status().as_u16();
            if status == 401 && !forced && self.creds.is_some() {
                forced = true;
                continue;
            }
            let ct = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let extra: Vec<(String, String)> = ["retry-after", "retry-after-ms"]
                .iter()
                .filter_map(|n| {
                    resp.headers()
                        .get(*n)
                        .and_then(|v| v.to_str().ok())
                        .map(|v| (n.to_string(), v.to_string()))
                })
                .collect();
            let bytes = match resp.bytes().await {
                Ok(b) => b,
                Err(_) => return http::problem(502, "Proxy: the upstream response was cut short."),
            };
            let mut out = match ct {
                Some(ct) => http::raw(status, &ct, bytes.to_vec()),
                None if bytes.is_empty() => http::empty(status),
                None => http::raw(status, "application/octet-stream", bytes.to_vec()),
            };
            for (k, v) in extra {
                if let (Ok(k), Ok(v)) = (
                    axum::http::HeaderName::from_bytes(k.as_bytes()),
                    axum::http::HeaderValue::from_str(&v),
                ) {
                    out.headers_mut().insert(k, v);
                }
            }
            return out;
        }
    }
}
