use airbyte_core::problem::{message, parse, Problem};
use airbyte_core::token::{base64_encode, basic_auth_header, expiry_ms, jwt_exp_ms};
use serde_json::json;

#[test]
fn rfc_9457_like() {
    let body = r#"{"status":404,"type":"https://reference.airbyte.com/reference/errors#resource-not-found","title":"resource-not-found","detail":"Connection 123 not found","documentationUrl":"https://docs.airbyte.com","data":{"id":"123"}}"#;
    let p = parse(404, Some("application/problem+json"), body).unwrap();
    assert_eq!(p.status, Some(404));
    assert_eq!(p.title.as_deref(), Some("resource-not-found"));
    assert_eq!(p.detail.as_deref(), Some("Connection 123 not found"));
    assert_eq!(
        p.documentation_url.as_deref(),
        Some("https://docs.airbyte.com")
    );
    assert_eq!(p.data, Some(json!({"id": "123"})));
    assert!(p.r#type.unwrap().ends_with("resource-not-found"));
    assert_eq!(
        message(404, parse(404, None, body).as_ref()),
        "Airbyte API error 404 Not Found: Connection 123 not found"
    );
}

#[test]
fn micronaut_and_plain_shapes() {
    let body = r#"{"message":"Bad Request","_links":{"self":{"href":"/api/public/v1/jobs"}},"_embedded":{"errors":[{"message":"Failed to convert argument [jobId]"},{"message":"second"}]}}"#;
    let p = parse(400, Some("application/json"), body).unwrap();
    assert_eq!(
        p.messages,
        [
            "Bad Request",
            "Failed to convert argument [jobId]",
            "second"
        ]
    );
    let m = message(400, Some(&p));
    assert!(
        m.starts_with("Airbyte API error 400 Bad Request: ")
            && m.contains("Failed to convert argument [jobId]"),
        "{m}"
    );

    let p = parse(403, None, r#"{"type":"about:blank","status":403}"#).unwrap();
    assert_eq!(
        (p.status, p.r#type.as_deref()),
        (Some(403), Some("about:blank"))
    );
    assert_eq!(message(403, Some(&p)), "Airbyte API error 403 Forbidden");

    let p = parse(
        409,
        None,
        r#"{"message":"Job already running","code":"conflict"}"#,
    )
    .unwrap();
    assert_eq!(
        message(409, Some(&p)),
        "Airbyte API error 409 Conflict: Job already running"
    );

    let p = parse(
        500,
        None,
        r#"{"message":"boom","exceptionClassName":"java.lang.NullPointerException"}"#,
    )
    .unwrap();
    assert_eq!(
        message(500, Some(&p)),
        "Airbyte API error 500 Internal Server Error: boom"
    );

    let p = parse(422, None, r#"{"title":"Unprocessable","status":"422"}"#).unwrap();
    assert_eq!(p.status, Some(422));
    assert_eq!(
        message(422, Some(&p)),
        "Airbyte API error 422 Unprocessable Content: Unprocessable"
    );
}

#[test]
fn not_problems() {
    for (ct, body) in [
        (
            Some("text/html"),
            "<html><body>502 Bad Gateway</body></html>",
        ),
        (None, ""),
        (None, "   \n"),
        (Some("application/json"), "not json"),
        (Some("application/json"), "[1,2]"),
        (Some("application/json"), "\"str\""),
        (Some("application/json"), "{\"unrelated\":1}"),
        (Some("application/json"), "{\"message\":"),
    ] {
        assert_eq!(parse(502, ct, body), None, "{body}");
    }
    assert_eq!(message(502, None), "Airbyte API error 502 Bad Gateway");
    assert_eq!(message(599, None), "Airbyte API error 599");
    let long = Problem {
        detail: Some("é".repeat(1000)),
        ..Default::default()
    };
    let m = message(400, Some(&long));
    assert!(m.len() < 700 && m.ends_with('…'));
}

fn jwt(payload: &str) -> String {
    let b64 = base64_encode(payload.as_bytes())
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_");
    format!("eyJhbGciOiJIUzI1NiJ9.{b64}.c2ln")
}

#[test]
fn jwt_expiry() {
    assert_eq!(
        jwt_exp_ms(&jwt(r#"{"sub":"x","exp":1700000000}"#)),
        Some(1_700_000_000_000.0)
    );
    // Payload whose base64url uses - and _ .
    assert_eq!(
        jwt_exp_ms(&jwt(r#"{"n":"??>>","exp":1700000001}"#)),
        Some(1_700_000_001_000.0)
    );
    assert_eq!(jwt_exp_ms(&jwt(r#"{"sub":"x"}"#)), None);
    assert_eq!(jwt_exp_ms(&jwt(r#"{"exp":"soon"}"#)), None);
    assert_eq!(jwt_exp_ms("opaque-token"), None);
    assert_eq!(jwt_exp_ms("a.b.c.d"), None);
    assert_eq!(jwt_exp_ms("a.!!!.c"), None);
    assert_eq!(jwt_exp_ms(""), None);
    // A payload that is not UTF-8 (a bad byte inside a string) has no usable `exp`, as
    // serde_json::from_slice would say; non-ASCII UTF-8 is read.
    let bad = base64_encode(b"{\"n\":\"\xff\",\"exp\":1700000000}")
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_");
    assert!(serde_json::from_slice::<serde_json::Value>(b"{\"n\":\"\xff\",\"exp\":1}").is_err());
    assert_eq!(
        jwt_exp_ms(&format!("eyJhbGciOiJIUzI1NiJ9.{bad}.c2ln")),
        None
    );
    assert_eq!(
        jwt_exp_ms(&jwt(r#"{"n":"é€😀","exp":1700000002}"#)),
        Some(1_700_000_002_000.0)
    );
}

#[test]
fn expiry_is_the_earlier() {
    let now = 1_700_000_000_000.0;
    let t = jwt(r#"{"exp":1700000100}"#); // now + 100 s
    assert_eq!(expiry_ms(now, Some(180.0), &t), now + 100_000.0);
    assert_eq!(expiry_ms(now, Some(60.0), &t), now + 60_000.0);
    assert_eq!(expiry_ms(now, None, &t), now + 100_000.0);
    assert_eq!(expiry_ms(now, Some(180.0), "opaque"), now + 180_000.0);
    assert_eq!(expiry_ms(now, None, "opaque"), now + 300_000.0);
    assert_eq!(expiry_ms(now, Some(f64::NAN), "opaque"), now + 300_000.0);
}

#[test]
fn basic_header_is_utf8_base64() {
    assert_eq!(basic_auth_header("demo", "demo"), "Basic ZGVtbzpkZW1v");
    assert_eq!(
        basic_auth_header("Aladdin", "open sesame"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(
        basic_auth_header("üser", "pässwörd€"),
        "Basic w7xzZXI6cMOkc3N3w7ZyZOKCrA=="
    );
    assert_eq!(basic_auth_header("", ""), "Basic Og==");
    assert_eq!(base64_encode(b"ab"), "YWI=");
}
