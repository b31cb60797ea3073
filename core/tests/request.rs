use airbyte_core::request::{encode_query, prepare};
use airbyte_core::spec::Method;
use airbyte_core::{operation, validate::Invalid};
use serde_json::{json, Value};

const WS1: &str = "11111111-1111-1111-1111-111111111111";
const WS2: &str = "2222aaaa-2222-2222-2222-22222222BBBB";

fn prep(id: &str, arg: Option<Value>) -> Result<airbyte_core::request::Prepared, Invalid> {
    let (_, op) = operation(id).unwrap();
    prepare(op, arg.as_ref())
}

fn err(id: &str, arg: Option<Value>) -> (String, String) {
    let e = prep(id, arg).unwrap_err();
    (e.path, e.message)
}

#[test]
fn list_connections_repeated_keys_and_booleans() {
    let p = prep(
        "listConnections",
        Some(json!({"workspaceIds": [WS1, WS2], "includeDeleted": true, "limit": 50, "offset": 0})),
    )
    .unwrap();
    assert_eq!(p.method, Method::Get);
    assert_eq!(p.path, "/connections");
    assert_eq!(p.body, None);
    assert_eq!(
        encode_query(&p.query),
        format!("workspaceIds={WS1}&workspaceIds={WS2}&includeDeleted=true&limit=50&offset=0")
    );
}

#[test]
fn absent_and_null_optionals_are_not_sent() {
    let p = prep("listConnections", None).unwrap();
    assert!(p.query.is_empty());
    let p = prep(
        "listConnections",
        Some(json!({"limit": null, "tagIds": []})),
    )
    .unwrap();
    assert!(p.query.is_empty());
    let p = prep("listSources", Some(json!({"includeDeleted": false}))).unwrap();
    assert_eq!(encode_query(&p.query), "includeDeleted=false");
}

#[test]
fn patch_connection_body_and_path() {
    let p = prep(
        "patchConnection",
        Some(json!({"connectionId": WS1, "connectionPatchRequest": {"status": "inactive", "name": "a b"}})),
    )
    .unwrap();
    assert_eq!(p.method, Method::Patch);
    assert_eq!(p.path, format!("/connections/{WS1}"));
    assert_eq!(
        p.body.as_deref(),
        Some(r#"{"status":"inactive","name":"a b"}"#)
    );
    assert!(p.query.is_empty());
}

#[test]
fn path_params_are_percent_encoded() {
    let p = prep(
        "deleteWorkspaceOAuthCredentials",
        Some(json!({"workspaceId": WS1, "actorType": "source", "name": "a b/ü"})),
    )
    .unwrap();
    assert_eq!(p.method, Method::Delete);
    assert_eq!(
        p.path,
        format!("/workspaces/{WS1}/oauthCredentials/source/a%20b%2F%C3%BC")
    );
    assert_eq!(
        encode_query(&[("q", "a b/ü&=~._-")]),
        "q=a%20b%2F%C3%BC%26%3D~._-"
    );
}

#[test]
fn body_shape_sends_the_argument() {
    let p = prep(
        "createJob",
        Some(json!({"connectionId": WS1, "jobType": "sync"})),
    )
    .unwrap();
    assert_eq!(p.method, Method::Post);
    assert_eq!(p.path, "/jobs");
    assert_eq!(
        p.body.as_deref(),
        Some(format!(r#"{{"connectionId":"{WS1}","jobType":"sync"}}"#).as_str())
    );
    // No defaults added.
    let p = prep(
        "createConnection",
        Some(json!({"sourceId": WS1, "destinationId": WS2})),
    )
    .unwrap();
    assert_eq!(
        p.body.as_deref(),
        Some(format!(r#"{{"sourceId":"{WS1}","destinationId":"{WS2}"}}"#).as_str())
    );
}

#[test]
fn integer_path_param_and_date_query() {
    let p = prep("getJob", Some(json!({"jobId": 1234}))).unwrap();
    assert_eq!(p.path, "/jobs/1234");
    let p = prep(
        "listJobs",
        Some(json!({"createdAtStart": "2024-01-02T03:04:05.678Z", "jobType": "sync", "status": "running", "orderBy": "updatedAt|DESC"})),
    )
    .unwrap();
    assert_eq!(
        encode_query(&p.query),
        "jobType=sync&status=running&createdAtStart=2024-01-02T03%3A04%3A05.678Z&orderBy=updatedAt%7CDESC"
    );
}

#[test]
fn declarative_definition_body_and_workspace() {
    let p = prep(
        "createDeclarativeSourceDefinition",
        Some(json!({"workspaceId": WS1, "createDeclarativeSourceDefinitionRequest": {"name": "x", "manifest": {"a": [1, {"b": null}]}}})),
    )
    .unwrap();
    assert_eq!(
        p.path,
        format!("/workspaces/{WS1}/definitions/declarative_sources")
    );
    assert_eq!(
        p.body.as_deref(),
        Some(r#"{"name":"x","manifest":{"a":[1,{"b":null}]}}"#)
    );
    // workspaceId is not a body field.
    assert_eq!(
        err(
            "createDeclarativeSourceDefinition",
            Some(
                json!({"workspaceId": WS1, "createDeclarativeSourceDefinitionRequest": {"name": "x", "manifest": {}, "workspaceId": WS1}})
            )
        ),
        (
            "createDeclarativeSourceDefinitionRequest.workspaceId".into(),
            "unknown field".into()
        )
    );
}

#[test]
fn none_shape() {
    let p = prep("getHealthCheck", None).unwrap();
    assert_eq!(
        (p.method, p.path.as_str(), p.body),
        (Method::Get, "/health", None)
    );
    assert_eq!(err("listOrganizationsForUser", Some(json!({}))).0, "");
}

#[test]
fn shape_errors() {
    assert_eq!(
        err("getConnection", None),
        ("connectionId".into(), "missing required field".into())
    );
    assert_eq!(err("createJob", None).0, "connectionId");
    assert_eq!(
        err("listConnections", Some(json!([1]))),
        ("".into(), "expected object, got array".into())
    );
    assert_eq!(err("createJob", Some(json!("x"))).0, "");
    assert_eq!(
        err("listConnections", Some(json!({"workspaceId": [WS1]}))),
        ("workspaceId".into(), "unknown field".into())
    );
    assert_eq!(
        err(
            "listConnections",
            Some(json!({"workspaceIds": [WS1, "nope"]}))
        )
        .0,
        "workspaceIds[1]"
    );
    assert_eq!(
        err("listConnections", Some(json!({"limit": 0}))),
        ("limit".into(), "must be at least 1".into())
    );
    assert_eq!(
        err("listConnections", Some(json!({"limit": 101}))).0,
        "limit"
    );
    assert_eq!(
        err("listConnections", Some(json!({"offset": -1}))).0,
        "offset"
    );
    assert_eq!(
        err("listConnections", Some(json!({"limit": 1.5}))).0,
        "limit"
    );
    assert_eq!(
        err(
            "listConnections",
            Some(json!({"includeDeleted": "\u{0}invalid:bigint"}))
        ),
        (
            "includeDeleted".into(),
            "expected boolean, got bigint".into()
        )
    );
    assert_eq!(
        err(
            "patchConnection",
            Some(json!({"connectionId": WS1, "connectionPatchRequest": {"status": "paused"}}))
        )
        .0,
        "connectionPatchRequest.status"
    );
    assert_eq!(
        err("patchConnection", Some(json!({"connectionId": WS1}))).0,
        "connectionPatchRequest"
    );
    assert_eq!(
        err("getConnection", Some(json!({"connectionId": null}))).0,
        "connectionId"
    );
    assert_eq!(err("getJob", Some(json!({"jobId": "12"}))).0, "jobId");
    assert_eq!(
        err("createSource", None),
        ("name".into(), "missing required field".into())
    );
    assert_eq!(
        err(
            "deleteOrganizationOAuthCredentials",
            Some(json!({"organizationId": WS1, "actorType": "source", "name": ""}))
        ),
        ("name".into(), "must not be empty".into())
    );
    // patchSource's body is optional in the spec: a PATCH without body.
    let p = prep("patchSource", Some(json!({"sourceId": WS1}))).unwrap();
    assert_eq!((p.path, p.body), (format!("/sources/{WS1}"), None));
}

#[test]
fn percent_encoding_matches_a_byte_by_byte_reference() {
    fn reference(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }
    let pieces = [
        "", "a", "Z9", "-._~", " ", "/", "%", "é", "✓", "😀", "\u{0}", "\u{7f}", "ab cd",
    ];
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let s = format!("{a}{b}{c}");
                assert_eq!(
                    airbyte_core::request::percent_encode(&s),
                    reference(&s),
                    "{s:?}"
                );
            }
        }
    }
}

/// The flat reader (`prepare_flat`) takes the usual arguments, and gives what `prepare` gives.
#[test]
fn prepare_flat_takes_usual_arguments_and_agrees() {
    let cases = [
        ("getConnection", format!(r#"{{"connectionId":"{WS1}"}}"#)),
        ("listConnections", r#"{"limit":100,"offset":0}"#.to_string()),
        (
            "listConnections",
            r#"{"limit":100,"offset":1000}"#.to_string(),
        ),
        (
            "listConnections",
            r#"{"includeDeleted":true,"limit":20,"offset":5}"#.to_string(),
        ),
        ("listConnections", "{}".to_string()),
        ("listWorkspaces", r#"{"includeDeleted":false}"#.to_string()),
    ];
    for (id, text) in &cases {
        let (_, op) = operation(id).unwrap();
        let v: Value = serde_json::from_str(text).unwrap();
        let flat = airbyte_core::request::prepare_flat(op, text);
        assert!(flat.is_some(), "{id} {text}");
        assert_eq!(flat.map(Ok), Some(prepare(op, Some(&v))), "{id} {text}");
    }
}

/// Anything unusual or wrong is left to `prepare` (which words the error).
#[test]
fn prepare_flat_leaves_the_rest_to_prepare() {
    let cases = [
        (
            "getConnection",
            r#"{"connectionId":"not-a-uuid"}"#.to_string(),
        ),
        ("getConnection", r#"{"connectionId":""}"#.to_string()),
        ("getConnection", "{}".to_string()),
        (
            "getConnection",
            format!(r#"{{"connectionId":"{WS1}","x":1}}"#),
        ),
        (
            "getConnection",
            format!(r#"{{"connectionId":"{WS1}","connectionId":"{WS2}"}}"#),
        ),
        ("getConnection", format!(r#"{{ "connectionId":"{WS1}"}}"#)),
        ("getConnection", format!(r#"{{"connectionId":"{WS1}"}} "#)),
        (
            "getConnection",
            r#"{"connectionId":"\u0000invalid:bigint"}"#.to_string(),
        ),
        ("getConnection", r#"{"connectionId":7}"#.to_string()),
        ("listConnections", r#"{"limit":-1}"#.to_string()),
        ("listConnections", r#"{"limit":007}"#.to_string()),
        ("listConnections", r#"{"limit":1.5}"#.to_string()),
        ("listConnections", r#"{"limit":}"#.to_string()),
        ("listConnections", r#"{"limit":null}"#.to_string()),
        (
            "listConnections",
            format!(r#"{{"workspaceIds":["{WS1}"]}}"#),
        ),
        (
            "listConnections",
            r#"{"includeDeleted":"true"}"#.to_string(),
        ),
        ("createConnection", r#"{"name":"x"}"#.to_string()),
        ("listConnections", "[]".to_string()),
        ("listConnections", "null".to_string()),
    ];
    for (id, text) in &cases {
        let (_, op) = operation(id).unwrap();
        assert_eq!(
            airbyte_core::request::prepare_flat(op, text),
            None,
            "{id} {text}"
        );
    }
}
