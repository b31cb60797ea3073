//! Fault injection, the request log, reset, CORS, static files, proxy mode and robustness.

mod common;

use airbyte_emulator::state as seed;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn fault(s: &Srv, f: Value) {
    let r = s
        .call("POST", "/__emulator/faults", Some(f.clone()), None)
        .await;
    assert_eq!(r.status, 200, "{f}: {}", r.text);
}

async fn get(s: &Srv, path: &str) -> reqwest::Result<reqwest::Response> {
    s.http
        .get(format!("{}{path}", s.url))
        .header("authorization", TOKEN)
        .send()
        .await
}

#[tokio::test]
async fn fault_statuses_and_shapes() {
    let s = start().await;
    let shapes: &[(&str, &str, &[&str])] = &[
        (
            "rfc9457",
            "application/problem+json",
            &["type", "title", "status", "detail"],
        ),
        ("micronaut", "application/json", &["message", "_embedded"]),
        (
            "aboutblank",
            "application/problem+json",
            &["type", "title", "status"],
        ),
        ("messagecode", "application/json", &["message", "code"]),
        (
            "exception",
            "application/json",
            &["message", "exceptionClassName"],
        ),
    ];
    for (shape, ct, keys) in shapes {
        fault(
            &s,
            json!({"method": "GET", "path": "/workspaces", "status": 503, "body": shape}),
        )
        .await;
        let r = get(&s, "/v1/workspaces").await.unwrap();
        assert_eq!(r.status(), 503);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(ct),
            "{shape}"
        );
        let v: Value = r.json().await.unwrap();
        for k in *keys {
            assert!(v.get(*k).is_some(), "{shape} lacks {k}: {v}");
        }
        // Consumed: the next call is normal.
        assert_eq!(get(&s, "/v1/workspaces").await.unwrap().status(), 200);
    }
    fault(
        &s,
        json!({"path": "/v1/jobs*", "status": 502, "body": "html"}),
    )
    .await;
    let r = get(&s, "/v1/jobs?limit=1").await.unwrap();
    assert_eq!(r.status(), 502);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("<html>"));
    fault(&s, json!({"path": "/jobs", "status": 500, "body": "empty"})).await;
    let r = get(&s, "/v1/jobs").await.unwrap();
    assert_eq!(r.status(), 500);
    assert!(r.text().await.unwrap().is_empty());
    // Headers and count; method filter.
    fault(
        &s,
        json!({"method": "POST", "path": "/workspaces", "status": 429, "count": 2,
        "headers": {"Retry-After": "1", "retry-after-ms": "1000"}}),
    )
    .await;
    assert_eq!(
        get(&s, "/v1/workspaces").await.unwrap().status(),
        200,
        "GET is not matched"
    );
    for _ in 0..2 {
        let r = s
            .api("POST", "/workspaces", Some(json!({"name": "x"})))
            .await;
        assert_eq!(r.status, 429);
        assert_eq!(r.headers["retry-after"], "1");
        assert_eq!(r.headers["retry-after-ms"], "1000");
    }
    assert_eq!(
        s.api("POST", "/workspaces", Some(json!({"name": "x"})))
            .await
            .status,
        200
    );
    // Pending faults are listed, can be cleared.
    fault(&s, json!({"path": "/never", "status": 500, "count": 3})).await;
    let r = s.call("GET", "/__emulator/faults", None, None).await;
    assert_eq!(r.json[0]["remaining"], 3);
    assert_eq!(
        s.call("DELETE", "/__emulator/faults", None, None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.call("GET", "/__emulator/faults", None, None).await.json,
        json!([])
    );
    // Invalid fault specs are refused.
    for bad in [
        json!({"path": "/x", "status": 42}),
        json!({"path": "/x", "body": "xml", "status": 500}),
        json!({"path": "/x", "drop": true, "truncate": true}),
        json!({"path": "/x", "count": 0, "status": 500}),
        json!({"path": "/x", "nonsense": 1}),
        json!({"status": 500}),
    ] {
        let r = s
            .call("POST", "/__emulator/faults", Some(bad.clone()), None)
            .await;
        assert_eq!(r.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn fault_kinds_drop_truncate_nonjson_wrongjson_delay() {
    let s = start().await;
    // Drop: the connection closes without a response.
    fault(&s, json!({"path": "/workspaces", "drop": true})).await;
    let err = get(&s, "/v1/workspaces").await.unwrap_err();
    assert!(!err.is_status(), "{err}");
    assert_eq!(get(&s, "/v1/workspaces").await.unwrap().status(), 200);
    // Drop after a delay (a stall that ends in a reset).
    fault(
        &s,
        json!({"path": "/workspaces", "drop": true, "delayMs": 200}),
    )
    .await;
    let t = Instant::now();
    assert!(get(&s, "/v1/workspaces").await.is_err());
    assert!(t.elapsed() >= Duration::from_millis(190));
    // Truncate: valid status, body cut short.
    fault(&s, json!({"path": "/connections", "truncate": true})).await;
    let r = get(&s, "/v1/connections").await.unwrap();
    assert_eq!(r.status(), 200);
    let declared: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 100);
    assert!(r.bytes().await.is_err(), "reading the body fails");
    // Truncate also applies to raw HTTP: fewer bytes than Content-Length, then EOF.
    fault(&s, json!({"path": "/connections", "truncate": true})).await;
    let raw = raw_request(
        &s,
        "GET /v1/connections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-token\r\n\r\n",
    )
    .await;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"));
    let cl: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    assert!(body.len() < cl, "{} < {cl}", body.len());
    assert!(serde_json::from_str::<Value>(body).is_err());
    // Non-JSON with a JSON content type.
    fault(&s, json!({"path": "/jobs/*", "nonjson": true})).await;
    let r = get(&s, "/v1/jobs/1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());
    // Valid JSON of the wrong shape.
    fault(&s, json!({"path": "/jobs/*", "wrongjson": true})).await;
    let r = get(&s, "/v1/jobs/1").await.unwrap();
    let v: Value = r.json().await.unwrap();
    let ty =
        airbyte_core::validate::ref_ty(airbyte_core::schema_id("JobResponse").unwrap()).unwrap();
    assert!(
        airbyte_core::validate::validate_value(ty, &v, airbyte_core::validate::RESPONSE).is_err()
    );
    // Delay only: slow but normal.
    fault(&s, json!({"path": "/jobs/1", "delayMs": 300})).await;
    let t = Instant::now();
    let r = get(&s, "/v1/jobs/1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(290));
    // Raw body override.
    fault(
        &s,
        json!({"path": "/jobs/1", "status": 400, "rawBody": "{\"message\":\"custom\"}"}),
    )
    .await;
    let r = get(&s, "/v1/jobs/1").await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.text().await.unwrap(), "{\"message\":\"custom\"}");
    // After all of that the server still serves normally.
    assert_eq!(get(&s, "/v1/jobs/1").await.unwrap().status(), 200);
}

async fn raw_request(s: &Srv, req: &str) -> Vec<u8> {
    let mut sock = tokio::net::TcpStream::connect(s.running.addr)
        .await
        .unwrap();
    sock.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), sock.read_to_end(&mut out)).await;
    out
}

#[tokio::test]
async fn request_log_and_reset() {
    let s = start().await;
    s.api("POST", "/workspaces", Some(json!({"name": "temp"})))
        .await;
    get(&s, "/v1/workspaces?limit=5").await.unwrap();
    let log = s.call("GET", "/__emulator/requests", None, None).await.json;
    let a = log.as_array().unwrap();
    assert_eq!(a.len(), 2, "admin calls are not logged");
    assert_eq!(a[0]["method"], "POST");
    assert_eq!(a[0]["path"], "/v1/workspaces");
    assert_eq!(a[0]["body"]["name"], "temp");
    assert_eq!(a[0]["headers"]["authorization"], "[redacted]");
    assert_eq!(a[1]["query"], "limit=5");
    let r = s
        .call("GET", "/__emulator/requests?method=GET", None, None)
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(
        s.call("DELETE", "/__emulator/requests", None, None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.call("GET", "/__emulator/requests", None, None).await.json,
        json!([])
    );
    // Reset restores the seed.
    assert_eq!(
        s.api("GET", "/workspaces", None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    fault(&s, json!({"path": "/x", "status": 500})).await;
    assert_eq!(
        s.call("POST", "/__emulator/reset", None, None).await.status,
        204
    );
    assert_eq!(
        s.api("GET", "/workspaces", None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        s.call("GET", "/__emulator/faults", None, None).await.json,
        json!([])
    );
    // --no-admin hides it all.
    let s2 = start_with(|c| c.no_admin = true).await;
    assert_eq!(
        s2.call("GET", "/__emulator/requests", None, None)
            .await
            .status,
        404
    );
    assert_eq!(
        s2.call(
            "POST",
            "/__emulator/faults",
            Some(json!({"path": "*", "status": 500})),
            None
        )
        .await
        .status,
        404
    );
    // --seed empty
    let s3 = start_with(|c| c.seed = "empty".into()).await;
    assert_eq!(
        s3.api("GET", "/workspaces", None).await.json["data"],
        json!([])
    );
}

#[tokio::test]
async fn cors() {
    let s = start().await;
    let r = s
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/jobs", s.url))
        .header("origin", "http://localhost:9000")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, x-custom",
        )
        .header("access-control-request-private-network", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:9000");
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("PATCH"));
    assert_eq!(h["access-control-allow-private-network"], "true");
    let allow = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for x in ["authorization", "content-type", "user-agent", "x-custom"] {
        assert!(allow.contains(x), "{allow}");
    }
    // Actual responses (also errors and faults) carry CORS headers.
    let r = s
        .http
        .get(format!("{}/v1/workspaces", s.url))
        .header("origin", "http://a.test")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["access-control-allow-origin"], "http://a.test");
    assert!(r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .contains("Retry-After"));
    // Restricted
    let s2 = start_with(|c| c.cors_origin = vec!["http://good.test".into()]).await;
    let r = s2
        .http
        .get(format!("{}/v1/health", s2.url))
        .header("origin", "http://evil.test")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = s2
        .http
        .get(format!("{}/v1/health", s2.url))
        .header("origin", "http://good.test")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://good.test"
    );
}

#[tokio::test]
async fn static_files() {
    let dir = std::env::temp_dir().join(format!("emu-static-{}", uuid::Uuid::new_v4()));
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {}").unwrap();
    std::fs::write(pkg.join("airbyte_api_wasm_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("index.js"), "export const x = 1;").unwrap();
    std::fs::write(dir.join("secret.txt"), "nope").unwrap();
    let (w, p) = (www.clone(), pkg.clone());
    let s = start_with(move |c| {
        c.www = Some(w);
        c.pkg = Some(p);
    })
    .await;
    let r = s.http.get(format!("{}/", s.url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(
        r.headers()["content-security-policy"],
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'"
    );
    let r = s
        .http
        .get(format!("{}/app.js", s.url))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let r = s
        .http
        .get(format!("{}/pkg/airbyte_api_wasm_bg.wasm", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    let r = s
        .http
        .get(format!("{}/pkg/index.js", s.url))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    // No escaping the directory, API routes still win.
    let raw = raw_request(
        &s,
        "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(!String::from_utf8_lossy(&raw).contains("nope"));
    let r = s
        .http
        .get(format!("{}/pkg/%2e%2e/secret.txt", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = s
        .http
        .get(format!("{}/missing.js", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(s.api("GET", "/workspaces", None).await.status, 200);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn proxy_mode() {
    let upstream = start().await;
    let up_url = format!("{}/v1", upstream.url);
    let proxy = start_with(move |c| {
        c.upstream = Some(up_url);
        c.upstream_client_id = Some("demo-client".into());
        c.upstream_client_secret = Some("demo-secret".into());
    })
    .await;
    // No credentials needed at the proxy; the upstream sees a token it issued.
    for prefix in ["/v1", "/api/public/v1"] {
        let r = proxy
            .http
            .get(format!("{}{prefix}/workspaces?limit=1", proxy.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["data"].as_array().unwrap().len(), 1);
    }
    let r = proxy
        .http
        .post(format!("{}/v1/jobs", proxy.url))
        .json(&json!({"connectionId": seed::CONN_FAKER_BQ, "jobType": "sync"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Errors pass through with their status.
    let r = proxy
        .http
        .get(format!("{}/v1/jobs/99999", proxy.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let log = upstream
        .call("GET", "/__emulator/requests", None, None)
        .await
        .json;
    let a = log.as_array().unwrap();
    let tokens = a
        .iter()
        .filter(|e| e["path"] == "/v1/applications/token")
        .count();
    assert_eq!(tokens, 1, "the token is cached");
    let api: Vec<&Value> = a
        .iter()
        .filter(|e| e["path"] != "/v1/applications/token")
        .collect();
    assert_eq!(api.len(), 4);
    assert!(api
        .iter()
        .all(|e| e["headers"]["authorization"] == "[redacted]"));
    assert_eq!(api[2]["body"]["jobType"], "sync");
    // A static token works too; a wrong one surfaces the upstream's 401.
    let up_url = format!("{}/v1", upstream.url);
    let p2 = start_with(move |c| {
        c.upstream = Some(up_url);
        c.upstream_token = Some("wrong".into());
    })
    .await;
    let r = p2
        .http
        .get(format!("{}/v1/workspaces", p2.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Proxy mode without credentials refuses to start.
    let mut cfg = airbyte_emulator::Config::for_tests();
    cfg.upstream = Some("http://127.0.0.1:9".into());
    cfg.upstream_token = None;
    cfg.upstream_client_id = None;
    cfg.upstream_client_secret = None;
    assert!(airbyte_emulator::start(cfg).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_and_garbage() {
    let s = start().await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let sem = std::sync::Arc::new(tokio::sync::Semaphore::new(200));
    let mut tasks = Vec::new();
    for i in 0..2000 {
        let client = client.clone();
        let url = s.url.clone();
        let sem = sem.clone();
        tasks.push(tokio::spawn(async move {
            let _p = sem.acquire().await.unwrap();
            let r = if i % 2 == 0 {
                client
                    .post(format!("{url}/v1/tags"))
                    .header("authorization", TOKEN)
                    .json(&json!({"name": format!("t{i}"), "color": "000000", "workspaceId": seed::WS_STAGING}))
                    .send()
                    .await
            } else {
                client.get(format!("{url}/v1/connections?limit=3")).header("authorization", TOKEN).send().await
            };
            r.map(|r| r.status().as_u16())
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.unwrap().unwrap() == 200 {
            ok += 1;
        }
    }
    assert_eq!(ok, 2000);
    let r = s
        .api(
            "GET",
            &format!("/tags?workspaceIds={}", seed::WS_STAGING),
            None,
        )
        .await;
    assert_eq!(
        r.json["data"].as_array().unwrap().len(),
        1001,
        "every write landed exactly once"
    );
    // Concurrent jobs on one connection: exactly one wins.
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let client = client.clone();
        let url = s.url.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(format!("{url}/v1/jobs"))
                .header("authorization", TOKEN)
                .json(&json!({"connectionId": seed::CONN_GITHUB_S3, "jobType": "sync"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1);
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 49);
    // Garbage bytes, a half request and an idle socket do not hurt the server.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut a = tokio::net::TcpStream::connect(s.running.addr)
        .await
        .unwrap();
    let _ = a.write_all(&garbage).await;
    let mut b = tokio::net::TcpStream::connect(s.running.addr)
        .await
        .unwrap();
    let _ = b
        .write_all(b"POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"con")
        .await;
    let _idle = tokio::net::TcpStream::connect(s.running.addr)
        .await
        .unwrap();
    let raw = raw_request(
        &s,
        "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 200"));
    let raw = raw_request(
        &s,
        "GET /v1/w\u{7f}rk%ff%fe HTTP/1.1\r\nHost: \u{1}\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 4"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    drop((a, b));
    assert_eq!(s.api("GET", "/workspaces", None).await.status, 200);
}

#[tokio::test]
async fn binary_prints_one_listening_line() {
    use std::process::Stdio;
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_airbyte-emulator"))
        .args(["--port", "0", "--seed", "empty", "--api-token", "t0ken"])
        .env_remove("AIRBYTE_TOKEN")
        .env_remove("AIRBYTE_CLIENT_ID")
        .env_remove("AIRBYTE_CLIENT_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let url = first
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|p| format!("http://127.0.0.1:{p}"));
    let url = url.unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let c = reqwest::Client::new();
    let r = c
        .get(format!("{url}/v1/workspaces"))
        .bearer_auth("t0ken")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["data"], json!([]));
    assert_eq!(
        c.get(format!("{url}/v1/workspaces"))
            .bearer_auth("demo-token")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    child.kill().await.unwrap();
    // Nothing else was printed on stdout.
    assert!(lines.next_line().await.unwrap().is_none());
    // --help documents the flags.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_airbyte-emulator"))
        .arg("--help")
        .output()
        .await
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--host",
        "--port",
        "--seed",
        "--job-duration-ms",
        "--token-ttl-s",
        "--api-token",
        "--basic-user",
        "--basic-password",
        "--client-id",
        "--client-secret",
        "--www",
        "--pkg",
        "--upstream",
        "--cors-origin",
        "--no-admin",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert!(help.contains("AIRBYTE_TOKEN"));
}
