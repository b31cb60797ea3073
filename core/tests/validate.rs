use airbyte_core::schema_id;
use airbyte_core::validate::{
    ref_ty, validate_json, validate_value, Invalid, Mode, CLIENT_REQUEST, RESPONSE, SERVER_REQUEST,
};
use serde_json::{json, Value};

const U1: &str = "9924bcd0-99be-453d-ba47-c2c9766f7da5";
const U2: &str = "95E66A59-8045-4307-9678-63BC3C9B8C93";

fn ty(name: &str) -> &'static airbyte_core::spec::Ty {
    ref_ty(schema_id(name).unwrap()).unwrap()
}

/// Validates both ways and insists that they agree.
fn check(name: &str, v: &Value, mode: Mode) -> Result<(), Invalid> {
    let a = validate_value(ty(name), v, mode);
    let b = validate_json(ty(name), &v.to_string(), mode);
    assert_eq!(a, b, "value and streaming validators disagree on {v}");
    a
}

fn err(name: &str, v: Value, mode: Mode) -> (String, String) {
    let e = check(name, &v, mode).unwrap_err();
    (e.path, e.message)
}

fn connection() -> Value {
    json!({
        "connectionId": U1, "name": "pg to bq", "sourceId": U2, "destinationId": U1,
        "workspaceId": U1, "status": "active",
        "schedule": {"scheduleType": "cron", "cronExpression": "0 0 * * * ?"},
        "configurations": {"streams": [{"name": "users", "syncMode": "incremental_append", "primaryKey": [["id"]]}]},
        "createdAt": 1700000000, "tags": [{"tagId": U1, "workspaceId": U1, "name": "t", "color": "FF0000"}]
    })
}

#[test]
fn response_mode_accepts_a_good_connection_and_extras() {
    let mut c = connection();
    assert_eq!(check("ConnectionResponse", &c, RESPONSE), Ok(()));
    c["brandNewField"] = json!({"x": [1, 2]});
    c["status"] = json!("paused"); // unknown enum value: kept
    c["sourceId"] = json!("not-a-uuid"); // formats not checked on responses
    c["prefix"] = Value::Null; // optional null = absent
    assert_eq!(check("ConnectionResponse", &c, RESPONSE), Ok(()));
    assert_eq!(
        err("ConnectionResponse", c.clone(), CLIENT_REQUEST).0,
        "sourceId"
    );
    assert_eq!(err("ConnectionResponse", c, SERVER_REQUEST).0, "sourceId");
}

#[test]
fn response_mode_required_and_types() {
    let mut c = connection();
    c.as_object_mut().unwrap().remove("name");
    assert_eq!(
        err("ConnectionResponse", c, RESPONSE),
        ("name".into(), "missing required field".into())
    );
    let mut c = connection();
    c["name"] = Value::Null;
    assert_eq!(
        err("ConnectionResponse", c, RESPONSE),
        ("name".into(), "expected string, got null".into())
    );
    let mut c = connection();
    c["createdAt"] = json!("1700000000");
    assert_eq!(
        err("ConnectionResponse", c, RESPONSE),
        ("createdAt".into(), "expected integer, got string".into())
    );
    let mut c = connection();
    c["configurations"]["streams"][0]["primaryKey"][0][0] = json!(5);
    assert_eq!(
        err("ConnectionResponse", c, RESPONSE).0,
        "configurations.streams[0].primaryKey[0][0]"
    );
    let mut list = json!({"data": [connection(), connection(), connection(), connection()]});
    list["data"][3]["connectionId"] = json!(42);
    assert_eq!(
        err("ConnectionsResponse", list, RESPONSE).0,
        "data[3].connectionId"
    );
    assert_eq!(
        err("ConnectionsResponse", json!([]), RESPONSE),
        ("".into(), "expected object, got array".into())
    );
}

#[test]
fn unknown_keys_per_mode() {
    let req = json!({"name": "n", "nmae": "typo"});
    assert_eq!(
        err("WorkspaceCreateRequest", req.clone(), CLIENT_REQUEST),
        ("nmae".into(), "unknown field".into())
    );
    assert_eq!(
        check("WorkspaceCreateRequest", &req, SERVER_REQUEST),
        Ok(())
    );
    assert_eq!(check("WorkspaceCreateRequest", &req, RESPONSE), Ok(()));
    // additionalProperties: false holds in every mode.
    let src = json!({"sourceId": U1, "name": "s", "sourceType": "faker", "workspaceId": U1, "definitionId": U1,
        "configuration": {"anything": {"goes": [1]}}, "createdAt": 1,
        "resourceAllocation": {"default": {"cpu_limit": "1"}, "extra": 1}});
    assert_eq!(
        err("SourceResponse", src, RESPONSE).0,
        "resourceAllocation.extra"
    );
}

#[test]
fn enums_and_formats() {
    let req = json!({"connectionId": U1, "jobType": "explode"});
    assert_eq!(
        err("JobCreateRequest", req.clone(), CLIENT_REQUEST).0,
        "jobType"
    );
    assert_eq!(
        err("JobCreateRequest", req.clone(), SERVER_REQUEST).0,
        "jobType"
    );
    assert_eq!(check("JobCreateRequest", &req, RESPONSE), Ok(()));
    let e = err("JobCreateRequest", req, CLIENT_REQUEST).1;
    assert!(e.contains("\"sync\"") && !e.contains("explode"), "{e}");
    for bad in [
        "",
        "9924bcd0-99be-453d-ba47-c2c9766f7da",
        "9924bcd0x99be-453d-ba47-c2c9766f7da5",
        "g924bcd0-99be-453d-ba47-c2c9766f7da5",
    ] {
        let e = err(
            "JobCreateRequest",
            json!({"connectionId": bad, "jobType": "sync"}),
            CLIENT_REQUEST,
        );
        assert_eq!(e, ("connectionId".into(), "expected a UUID".into()));
        assert!(!e.1.contains(bad) || bad.is_empty());
    }
    assert_eq!(
        check(
            "JobCreateRequest",
            &json!({"connectionId": U2, "jobType": "sync"}),
            CLIENT_REQUEST
        ),
        Ok(())
    );
    let bad_url = json!({"name": "n", "dockerRepository": "r", "dockerImageTag": "t", "documentationUrl": "not a url"});
    assert_eq!(
        err("CreateDefinitionRequest", bad_url, CLIENT_REQUEST).0,
        "documentationUrl"
    );
}

#[test]
fn date_time_and_other_formats() {
    use airbyte_core::validate::{is_date_time, is_email, is_uri, is_uuid};
    for ok in [
        "2024-01-02T03:04:05Z",
        "2024-01-02T03:04:05.123456+02:00",
        "2024-01-02t03:04:05z",
        "2024-01-02T03:04:05-00:30",
    ] {
        assert!(is_date_time(ok), "{ok}");
    }
    for bad in [
        "2024-01-02",
        "2024-01-02T03:04:05",
        "2024-01-02T03:04Z",
        "2024-01-02T03:04:05.Z",
        "1687450500000",
        "2024-01-02T03:04:05+0200",
        "２０２４-01-02T03:04:05Z",
    ] {
        assert!(!is_date_time(bad), "{bad}");
    }
    assert!(is_uuid(U1) && is_uuid(U2) && !is_uuid("x"));
    assert!(is_email("a@b.c") && !is_email("a@b@c") && !is_email("a b@c") && !is_email("@c"));
    assert!(
        is_uri("https://x.io/a?b") && !is_uri("x") && !is_uri("1http://x") && !is_uri("http: //x")
    );
}

#[test]
fn integers() {
    let t = airbyte_core::operation("listConnections")
        .unwrap()
        .1
        .params
        .iter()
        .find(|p| p.name == "limit")
        .unwrap()
        .ty;
    let t: &'static airbyte_core::spec::Ty = Box::leak(Box::new(t));
    let v = |x: Value| validate_value(t, &x, CLIENT_REQUEST).map_err(|e| e.message);
    assert_eq!(v(json!(1)), Ok(()));
    assert_eq!(v(json!(100)), Ok(()));
    assert_eq!(v(json!(50.0)), Ok(()));
    assert_eq!(v(json!(0)), Err("must be at least 1".into()));
    assert_eq!(v(json!(101)), Err("must be at most 100".into()));
    assert_eq!(
        v(json!(2.5)).unwrap_err(),
        "expected integer, got a fractional number"
    );
    assert!(v(json!(1e300)).is_err());
    assert!(v(json!(u64::MAX)).is_err());
    assert!(v(json!(true)).is_err());
    let job = json!({"jobId": 9_007_199_254_740_993u64, "status": "running", "jobType": "sync", "startTime": "t", "connectionId": U1});
    assert_eq!(check("JobResponse", &job, RESPONSE), Ok(()));
    let job = json!({"jobId": 18_446_744_073_709_551_615u64, "status": "running", "jobType": "sync", "startTime": "t", "connectionId": U1});
    assert_eq!(err("JobResponse", job, RESPONSE).0, "jobId");
}

#[test]
fn js_markers_are_always_errors() {
    let m = "\u{0}invalid:bigint";
    assert_eq!(
        err(
            "JobCreateRequest",
            json!({"connectionId": m, "jobType": "sync"}),
            RESPONSE
        ),
        ("connectionId".into(), "expected string, got bigint".into())
    );
    assert_eq!(
        err(
            "TagPatchRequest",
            json!({"name": "n", "color": "\u{0}invalid:function"}),
            CLIENT_REQUEST
        ),
        ("color".into(), "expected string, got function".into())
    );
    // Inside opaque objects too.
    let src = json!({"name": "s", "workspaceId": U1, "configuration": {"sourceType": "faker", "count": [1, "\u{0}invalid:symbol"]}});
    assert_eq!(
        err("SourceCreateRequest", src, CLIENT_REQUEST),
        (
            "configuration.count[1]".into(),
            "expected JSON value, got symbol".into()
        )
    );
    // Unknown keys ignored in responses are still scanned.
    let mut c = connection();
    c["extra"] = json!({"x": m});
    assert_eq!(err("ConnectionResponse", c, RESPONSE).0, "extra.x");
}

#[test]
fn one_of_with_and_without_discriminator() {
    let mapper = |cfg: Value| json!({"name": "s", "mappers": [{"type": "hashing", "mapperConfiguration": cfg}]});
    let ok = [
        json!({"targetField": "a", "method": "SHA-256", "fieldNameSuffix": "_h"}),
        json!({"newFieldName": "a", "originalFieldName": "b"}),
        json!({"algorithm": "RSA", "publicKey": "k", "targetField": "a", "fieldNameSuffix": "_e"}),
        json!({"conditions": {"type": "NOT", "conditions": [{"type": "EQUAL", "fieldName": "f", "comparisonValue": "v"}]}}),
    ];
    for cfg in ok {
        assert_eq!(
            check("StreamConfiguration", &mapper(cfg.clone()), CLIENT_REQUEST),
            Ok(()),
            "{cfg}"
        );
    }
    // Discriminated: the chosen variant's error is reported.
    let e = err(
        "EncryptionMapperConfiguration",
        json!({"algorithm": "RSA", "targetField": "a", "fieldNameSuffix": "_e"}),
        CLIENT_REQUEST,
    );
    assert_eq!(e, ("publicKey".into(), "missing required field".into()));
    assert_eq!(
        err(
            "EncryptionMapperConfiguration",
            json!({"algorithm": "DES"}),
            CLIENT_REQUEST
        )
        .0,
        "algorithm"
    );
    assert_eq!(
        check(
            "EncryptionMapperConfiguration",
            &json!({"algorithm": "DES"}),
            RESPONSE
        ),
        Ok(())
    );
    assert_eq!(
        err("EncryptionMapperConfiguration", json!({}), RESPONSE).0,
        "algorithm"
    );
    assert_eq!(
        err(
            "EncryptionMapperConfiguration",
            json!({"algorithm": 1}),
            RESPONSE
        )
        .0,
        "algorithm"
    );
    assert_eq!(
        err("EncryptionMapperConfiguration", json!("RSA"), RESPONSE).0,
        ""
    );
    // Not discriminated: the first variant's error when none matches.
    let e = err(
        "StreamConfiguration",
        mapper(json!({"bogus": 1})),
        CLIENT_REQUEST,
    );
    assert!(e.0.starts_with("mappers[0].mapperConfiguration"), "{e:?}");
    // minItems on NOT conditions.
    let e = err(
        "RowFilteringOperation",
        json!({"type": "NOT", "conditions": []}),
        RESPONSE,
    );
    assert_eq!(e, ("conditions".into(), "expected at least 1 item".into()));
}

#[test]
fn depth_is_limited_not_a_stack_overflow() {
    let mut v = json!({"type": "EQUAL", "fieldName": "f", "comparisonValue": "v"});
    for _ in 0..200 {
        let mut n = json!({"type": "NOT"});
        n["conditions"] = Value::Array(vec![v]);
        v = n;
    }
    let e = validate_value(ty("RowFilteringOperation"), &v, RESPONSE).unwrap_err();
    assert!(e.message.contains("nesting"), "{e:?}");
    // Deep opaque content.
    let mut any = json!(1);
    for _ in 0..100_000 {
        any = Value::Array(vec![any]); // json! would clone recursively
    }
    let mut cfg = serde_json::Map::new();
    cfg.insert("deep".into(), any);
    let mut src = json!({"name": "s", "workspaceId": U1});
    src["configuration"] = Value::Object(cfg);
    let e = validate_value(ty("SourceCreateRequest"), &src, CLIENT_REQUEST).unwrap_err();
    assert!(e.message.contains("nesting"), "{e:?}");
    std::mem::forget(src); // dropping a 100k-deep Value recurses; not what is tested here
    let deep = format!(
        "{{\"name\":\"s\",\"workspaceId\":\"{U1}\",\"configuration\":{{\"d\":{}1{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = validate_json(ty("SourceCreateRequest"), &deep, CLIENT_REQUEST).unwrap_err();
    assert!(e.message.contains("nesting"), "{e:?}");
    assert!(validate_json(ty("SourceCreateRequest"), &"[".repeat(1_000_000), RESPONSE).is_err());
}

#[test]
fn malformed_json() {
    let t = ty("JobCreateRequest");
    for bad in [
        "",
        "{",
        "{\"connectionId\":",
        "nul",
        "{} x",
        "{}{}",
        "<html>oops</html>",
        "{\"a\":1,}",
    ] {
        let e = validate_json(t, bad, RESPONSE).unwrap_err();
        assert_eq!(e.path, "", "{bad}");
    }
    // Escaped keys are still recognised.
    let ok = format!("{{\"connection\\u0049d\":\"{U1}\",\"jobType\":\"sync\"}}");
    assert_eq!(validate_json(t, &ok, CLIENT_REQUEST), Ok(()));
    assert_eq!(
        validate_json(
            t,
            &format!("  {{\"connectionId\":\"{U1}\",\"jobType\":\"sync\"}}\n"),
            CLIENT_REQUEST
        ),
        Ok(())
    );
}

#[test]
fn display_never_shows_the_value() {
    let secret = "s3cr3t-value";
    let src = json!({"name": "s", "workspaceId": U1, "configuration": {}, "secretId": 5, "extra": secret});
    let e = validate_value(ty("SourceCreateRequest"), &src, CLIENT_REQUEST).unwrap_err();
    assert_eq!(e.to_string(), "secretId: expected string, got number");
    let e = validate_value(
        ty("TagPatchRequest"),
        &json!({"name": secret, "color": secret, "x": secret}),
        CLIENT_REQUEST,
    )
    .unwrap_err();
    assert!(!format!("{e} {e:?}").contains(secret));
}
