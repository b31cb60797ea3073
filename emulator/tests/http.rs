//! Integration tests over real HTTP against in-process servers on port 0.

mod common;

use airbyte_emulator::{api, state as seed};
use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

const CONN: &str = seed::CONN_FAKER_BQ;

/// Drives every one of the 60 operations at least once, checking statuses, state effects
/// and (through `Srv::call`) that every response body conforms to the spec.
#[tokio::test]
async fn every_operation() {
    let s = start_with(|c| c.job_duration_ms = 60_000).await;
    let ws_id = {
        let r = s
            .api("POST", "/workspaces", Some(json!({"name": "Lifecycle"})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["name"], "Lifecycle");
        r.json["workspaceId"].as_str().unwrap().to_string()
    };
    let r = s.api("GET", &format!("/workspaces/{ws_id}"), None).await;
    assert_eq!(r.status, 200);
    let r = s
        .api(
            "PATCH",
            &format!("/workspaces/{ws_id}"),
            Some(json!({"name": "Renamed"})),
        )
        .await;
    assert_eq!(r.json["name"], "Renamed");
    let r = s.api("GET", "/workspaces", None).await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 3);
    assert!(s.api("GET", "/health", None).await.status == 200);
    assert!(
        s.call("GET", "/v1/health", None, None).await.status == 200,
        "health needs no auth"
    );

    // Tags
    let r = s
        .api(
            "POST",
            "/tags",
            Some(json!({"name": "nightly", "color": "00FF00", "workspaceId": ws_id})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let tag = r.json.clone();
    let tag_id = tag["tagId"].as_str().unwrap().to_string();
    let r = s
        .api(
            "POST",
            "/tags",
            Some(json!({"name": "NIGHTLY", "color": "00FF00", "workspaceId": ws_id})),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        s.api("GET", &format!("/tags/{tag_id}"), None).await.json["name"],
        "nightly"
    );
    let r = s
        .api(
            "PATCH",
            &format!("/tags/{tag_id}"),
            Some(json!({"name": "hourly", "color": "0000FF"})),
        )
        .await;
    assert_eq!(r.json["name"], "hourly");
    let r = s
        .api("GET", &format!("/tags?workspaceIds={ws_id}"), None)
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 1);

    // Definitions
    for kind in ["sources", "destinations"] {
        let base = format!("/workspaces/{ws_id}/definitions/{kind}");
        let r = s.api("GET", &base, None).await;
        assert_eq!(r.status, 200);
        let n = r.json["data"].as_array().unwrap().len();
        let r = s
            .api("POST", &base, Some(json!({"name": "Custom", "dockerRepository": format!("acme/{kind}-x"), "dockerImageTag": "1.0.0"})))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let id = r.json["id"].as_str().unwrap().to_string();
        assert_eq!(
            s.api("GET", &base, None).await.json["data"]
                .as_array()
                .unwrap()
                .len(),
            n + 1
        );
        assert_eq!(
            s.api("GET", &format!("{base}/{id}"), None).await.json["name"],
            "Custom"
        );
        let r = s
            .api(
                "PUT",
                &format!("{base}/{id}"),
                Some(json!({"name": "Custom2", "dockerImageTag": "1.1.0"})),
            )
            .await;
        assert_eq!(r.json["dockerImageTag"], "1.1.0");
        assert_eq!(
            s.api("DELETE", &format!("{base}/{id}"), None).await.status,
            200
        );
        assert_eq!(
            s.api("GET", &format!("{base}/{id}"), None).await.status,
            404
        );
    }
    let base = format!("/workspaces/{ws_id}/definitions/declarative_sources");
    let r = s
        .api("POST", &base, Some(json!({"workspaceId": ws_id, "name": "Low code", "manifest": {"version": "6.0.0", "streams": []}})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["version"], 1);
    let did = r.json["id"].as_str().unwrap().to_string();
    assert_eq!(
        s.api("GET", &base, None).await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.api("GET", &format!("{base}/{did}"), None).await.json["name"],
        "Low code"
    );
    let r = s
        .api(
            "PUT",
            &format!("{base}/{did}"),
            Some(json!({"manifest": {"version": "6.1.0"}})),
        )
        .await;
    assert_eq!(r.json["version"], 2);
    assert_eq!(
        s.api("DELETE", &format!("{base}/{did}"), None).await.status,
        200
    );

    // Sources and destinations
    let r = s
        .api(
            "POST",
            "/sources",
            Some(json!({"name": "Fake", "workspaceId": ws_id,
            "configuration": {"sourceType": "faker", "count": 10, "password": "hunter2"}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["sourceType"], "faker");
    assert_eq!(r.json["definitionId"], seed::SRCDEF_FAKER);
    assert_eq!(
        r.json["configuration"]["password"], "**********",
        "secrets are masked"
    );
    let src = r.json["sourceId"].as_str().unwrap().to_string();
    let r = s
        .api("POST", "/destinations", Some(json!({"name": "Null", "workspaceId": ws_id, "definitionId": seed::DSTDEF_DEVNULL,
            "configuration": {"destinationType": "dev-null", "test_destination": {"test_destination_type": "SILENT"}}})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let dst = r.json["destinationId"].as_str().unwrap().to_string();
    assert_eq!(
        s.api("GET", &format!("/sources/{src}"), None).await.json["name"],
        "Fake"
    );
    assert_eq!(
        s.api("GET", &format!("/destinations/{dst}"), None)
            .await
            .json["name"],
        "Null"
    );
    assert_eq!(
        s.api(
            "PATCH",
            &format!("/sources/{src}"),
            Some(json!({"name": "Fake2"}))
        )
        .await
        .json["name"],
        "Fake2"
    );
    let r = s
        .api(
            "PUT",
            &format!("/sources/{src}"),
            Some(json!({"name": "Fake3", "configuration": {"count": 5}})),
        )
        .await;
    assert_eq!(
        r.json["configuration"],
        json!({"count": 5, "sourceType": "faker"})
    );
    assert_eq!(
        s.api(
            "PATCH",
            &format!("/destinations/{dst}"),
            Some(json!({"name": "Null2"}))
        )
        .await
        .json["name"],
        "Null2"
    );
    let r = s
        .api("PUT", &format!("/destinations/{dst}"), Some(json!({"name": "Null3", "configuration": {"test_destination": {"test_destination_type": "LOGGING", "logging_config": {"logging_type": "FirstN", "max_entry_count": 100}}}})))
        .await;
    assert_eq!(r.json["name"], "Null3");
    assert_eq!(
        s.api("GET", &format!("/sources?workspaceIds={ws_id}"), None)
            .await
            .json["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.api("GET", &format!("/destinations?workspaceIds={ws_id}"), None)
            .await
            .json["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = s
        .api(
            "GET",
            &format!("/streams?sourceId={src}&destinationId={dst}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json[0]["streamName"], "users");
    let r = s
        .api("POST", "/sources/initiateOAuth", Some(json!({"redirectUrl": "https://example.com/cb", "workspaceId": ws_id, "sourceType": "github"})))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.json["consentUrl"].as_str().unwrap().contains("github"));

    // Connection and jobs
    let r = s
        .api(
            "POST",
            "/connections",
            Some(json!({"sourceId": src, "destinationId": dst, "name": "C",
            "schedule": {"scheduleType": "cron", "cronExpression": "0 0 * * * ?"}, "tags": [tag]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let conn = r.json["connectionId"].as_str().unwrap().to_string();
    assert_eq!(r.json["tags"][0]["name"], "hourly");
    assert_eq!(r.json["schedule"]["scheduleType"], "cron");
    assert_eq!(
        s.api("GET", &format!("/connections/{conn}"), None)
            .await
            .json["name"],
        "C"
    );
    let r = s
        .api(
            "PATCH",
            &format!("/connections/{conn}"),
            Some(json!({"name": "C2", "schedule": {"scheduleType": "manual"}})),
        )
        .await;
    assert_eq!(r.json["name"], "C2");
    assert_eq!(r.json["schedule"], json!({"scheduleType": "manual"}));
    assert_eq!(
        s.api("GET", &format!("/connections?workspaceIds={ws_id}"), None)
            .await
            .json["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.api("DELETE", &format!("/sources/{src}"), None)
            .await
            .status,
        409,
        "source in use"
    );
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": conn, "jobType": "sync"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let job = r.json["jobId"].as_i64().unwrap();
    assert_eq!(
        s.api("GET", &format!("/jobs/{job}"), None).await.json["jobId"],
        job
    );
    assert_eq!(
        s.api("GET", &format!("/jobs?connectionId={conn}"), None)
            .await
            .json["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = s.api("DELETE", &format!("/jobs/{job}"), None).await;
    assert_eq!(r.json["status"], "cancelled");

    // Organization, users, permissions, OAuth credentials
    let r = s.api("GET", "/organizations", None).await;
    assert_eq!(r.json["data"][0]["organizationId"], seed::ORG);
    let r = s
        .api("GET", &format!("/users?organizationId={}", seed::ORG), None)
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 3);
    let r = s
        .api("POST", "/permissions", Some(json!({"permissionType": "workspace_reader", "userId": seed::USER_ALAN, "workspaceId": ws_id})))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let pid = r.json["permissionId"].as_str().unwrap().to_string();
    assert_eq!(
        s.api("GET", &format!("/permissions/{pid}"), None)
            .await
            .json["workspaceId"],
        ws_id.as_str()
    );
    let r = s
        .api(
            "PATCH",
            &format!("/permissions/{pid}"),
            Some(json!({"permissionType": "workspace_editor"})),
        )
        .await;
    assert_eq!(r.json["permissionType"], "workspace_editor");
    let r = s
        .api(
            "GET",
            &format!("/permissions?userId={}", seed::USER_ALAN),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        s.api("DELETE", &format!("/permissions/{pid}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.api("GET", &format!("/permissions/{pid}"), None)
            .await
            .status,
        404
    );
    let cred = json!({"actorType": "source", "name": "github", "configuration": {"client_id": "a", "client_secret": "b"}});
    assert_eq!(
        s.api(
            "PUT",
            &format!("/workspaces/{ws_id}/oauthCredentials"),
            Some(cred.clone())
        )
        .await
        .status,
        200
    );
    assert_eq!(
        s.api(
            "DELETE",
            &format!("/workspaces/{ws_id}/oauthCredentials/source/github"),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        s.api(
            "PUT",
            &format!("/organizations/{}/oauthCredentials", seed::ORG),
            Some(cred)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        s.api(
            "DELETE",
            &format!(
                "/organizations/{}/oauthCredentials/destination/github",
                seed::ORG
            ),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        s.api(
            "DELETE",
            &format!("/organizations/{}/oauthCredentials/actor/x", seed::ORG),
            None
        )
        .await
        .status,
        400
    );

    // Tear down in dependency order, with soft-delete semantics.
    assert_eq!(
        s.api("DELETE", &format!("/workspaces/{ws_id}"), None)
            .await
            .status,
        409,
        "workspace in use"
    );
    assert_eq!(
        s.api("DELETE", &format!("/connections/{conn}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.api("GET", &format!("/connections/{conn}"), None)
            .await
            .status,
        404
    );
    let r = s
        .api(
            "GET",
            &format!("/connections?workspaceIds={ws_id}&includeDeleted=true"),
            None,
        )
        .await;
    assert_eq!(r.json["data"][0]["status"], "deprecated");
    assert_eq!(
        s.api("DELETE", &format!("/sources/{src}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.api("GET", &format!("/sources/{src}"), None).await.status,
        404
    );
    assert_eq!(
        s.api("DELETE", &format!("/destinations/{dst}"), None)
            .await
            .status,
        204
    );
    let r = s
        .api(
            "GET",
            &format!("/destinations?workspaceIds={ws_id}&includeDeleted=true"),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        s.api("DELETE", &format!("/tags/{tag_id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.api("DELETE", &format!("/workspaces/{ws_id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        s.api("GET", &format!("/workspaces/{ws_id}"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        s.api("GET", "/workspaces?includeDeleted=true", None)
            .await
            .json["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Every operation was exercised: map the recorded requests back to operation ids.
    let log = s.call("GET", "/__emulator/requests", None, None).await.json;
    let mut ops = BTreeSet::new();
    for e in log.as_array().unwrap() {
        let path = e["path"].as_str().unwrap();
        if let Some(rest) = path.strip_prefix("/v1") {
            if let api::Route::Op(op, _) = api::route(e["method"].as_str().unwrap(), rest) {
                ops.insert(op);
            }
        }
    }
    let all: BTreeSet<&str> = airbyte_core::generated::OPERATIONS
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(all.len(), 60);
    let missing: Vec<_> = all.difference(&ops).collect();
    assert!(missing.is_empty(), "not exercised: {missing:?}");
}

#[tokio::test]
async fn routes_match_the_spec() {
    let mut n = 0;
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for (m, o) in item.as_object().unwrap() {
            let Some(id) = o.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            n += 1;
            let concrete = path
                .replace("{jobId}", "1")
                .replace("{actorType}", "source")
                .replace('{', "x")
                .replace('}', "");
            match api::route(&m.to_uppercase(), &concrete) {
                api::Route::Op(op, _) => assert_eq!(op, id, "{m} {path}"),
                _ => panic!("no route for {m} {path}"),
            }
        }
    }
    assert_eq!(n, 60);
}

#[test]
fn every_core_operation_routes_to_itself() {
    for op in airbyte_core::generated::OPERATIONS {
        let concrete = op
            .path
            .replace("{jobId}", "1")
            .replace("{actorType}", "source")
            .replace('{', "x")
            .replace('}', "");
        match api::route(op.method.as_str(), &concrete) {
            api::Route::Op(id, _) => assert_eq!(id, op.id),
            _ => panic!("no route for {}", op.id),
        }
    }
}

#[tokio::test]
async fn seeded_reads_conform() {
    let s = start().await;
    for p in [
        "/workspaces",
        "/sources",
        "/destinations",
        "/connections?limit=100",
        "/jobs?limit=100",
        "/tags",
        "/permissions",
        "/organizations",
        &format!("/users?organizationId={}", seed::ORG),
        &format!("/streams?sourceId={}", seed::SRC_POSTGRES),
        &format!("/workspaces/{}/definitions/sources", seed::WS_PROD),
        &format!("/workspaces/{}/definitions/destinations", seed::WS_PROD),
        &format!(
            "/workspaces/{}/definitions/declarative_sources",
            seed::WS_PROD
        ),
    ] {
        let r = s.api("GET", p, None).await;
        assert_eq!(r.status, 200, "{p}: {}", r.text);
    }
    let r = s.api("GET", "/connections?limit=100", None).await;
    assert!(r.json["data"].as_array().unwrap().len() >= 5);
    let r = s.api("GET", "/jobs?status=failed", None).await;
    assert!(
        !r.json["data"].as_array().unwrap().is_empty(),
        "seed has failed jobs"
    );
    // The other prefix works the same.
    let r = s
        .call("GET", "/api/public/v1/workspaces", None, Some(TOKEN))
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn paging_and_filters() {
    let s = start().await;
    let r = s.api("GET", "/connections?limit=2", None).await;
    let host = s.url.clone();
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        r.json["next"],
        format!("{host}/v1/connections?limit=2&offset=2")
    );
    assert!(r.json.get("previous").is_none());
    let r = s.api("GET", "/connections?limit=2&offset=2", None).await;
    assert_eq!(
        r.json["previous"],
        format!("{host}/v1/connections?limit=2&offset=0")
    );
    assert_eq!(
        r.json["next"],
        format!("{host}/v1/connections?limit=2&offset=4")
    );
    let r = s.api("GET", "/connections?limit=2&offset=4", None).await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
    assert!(
        r.json.get("next").is_none(),
        "last page has no next: {}",
        r.text
    );
    // Prefix and other query parameters are preserved; Host is used.
    let r = s
        .http
        .get(format!(
            "{host}/api/public/v1/sources?workspaceIds={}&limit=1",
            seed::WS_PROD
        ))
        .header("authorization", TOKEN)
        .header("host", "example.test:1234")
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["next"],
        format!(
            "http://example.test:1234/api/public/v1/sources?workspaceIds={}&limit=1&offset=1",
            seed::WS_PROD
        )
    );
    // Filters
    let r = s
        .api(
            "GET",
            &format!("/connections?workspaceIds={}", seed::WS_STAGING),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    let r = s
        .api(
            "GET",
            &format!("/connections?tagIds={}", seed::TAG_CRITICAL),
            None,
        )
        .await;
    assert_eq!(r.json["data"][0]["connectionId"], seed::CONN_ORDERS_BQ);
    let r = s
        .api(
            "GET",
            &format!(
                "/connections?workspaceIds={}&workspaceIds={}",
                seed::WS_STAGING,
                seed::WS_PROD
            ),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 6);
    let r = s.api("GET", "/jobs?jobType=reset", None).await;
    assert!(r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|j| j["jobType"] == "reset"));
    assert_eq!(r.json["data"].as_array().unwrap().len(), 1);
    let r = s
        .api(
            "GET",
            &format!("/jobs?connectionId={CONN}&orderBy=createdAt|ASC&limit=100"),
            None,
        )
        .await;
    let ids: Vec<i64> = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["jobId"].as_i64().unwrap())
        .collect();
    assert!(
        ids.len() >= 3 && ids.windows(2).all(|w| w[0] < w[1]),
        "{ids:?}"
    );
    let r = s
        .api(
            "GET",
            &format!("/jobs?connectionId={CONN}&orderBy=updatedAt|DESC&limit=100"),
            None,
        )
        .await;
    let ids2: Vec<i64> = r.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["jobId"].as_i64().unwrap())
        .collect();
    assert_eq!(ids2, ids.iter().rev().copied().collect::<Vec<_>>());
    let day_ago = chrono::Utc::now() - chrono::Duration::hours(36);
    let r = s
        .api(
            "GET",
            &format!(
                "/jobs?createdAtStart={}&limit=100",
                day_ago.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            None,
        )
        .await;
    let recent = r.json["data"].as_array().unwrap().len();
    assert!(recent > 0 && recent < 15, "{recent}");
    let r = s
        .api(
            "GET",
            &format!(
                "/jobs?updatedAtEnd={}&limit=100",
                day_ago.timestamp_millis()
            ),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len() + recent, 15);
    let r = s
        .api(
            "GET",
            &format!("/jobs?workspaceIds={}", seed::WS_STAGING),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
    let r = s
        .api(
            "GET",
            &format!(
                "/users?organizationId={}&emails=grace@acme.example",
                seed::ORG
            ),
            None,
        )
        .await;
    assert_eq!(r.json["data"][0]["id"], seed::USER_GRACE);
    let r = s
        .api(
            "GET",
            &format!(
                "/users?organizationId={}&ids={},{}",
                seed::ORG,
                seed::USER_ADA,
                seed::USER_ALAN
            ),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 2);
    let r = s
        .api(
            "GET",
            &format!("/permissions?organizationId={}", seed::ORG),
            None,
        )
        .await;
    assert_eq!(r.json["data"].as_array().unwrap().len(), 4);
    assert_eq!(r.json["data"][0]["scope"], "organization");
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let s = start().await;
    let cases: Vec<(&str, String, Option<Value>, &str)> = vec![
        ("GET", "/connections?limit=0".into(), None, "limit"),
        ("GET", "/connections?limit=101".into(), None, "limit"),
        ("GET", "/sources?offset=-1".into(), None, "offset"),
        (
            "GET",
            "/workspaces?workspaceIds=nope".into(),
            None,
            "workspaceIds",
        ),
        ("GET", "/jobs?jobType=backup".into(), None, "jobType"),
        ("GET", "/jobs?status=done".into(), None, "status"),
        ("GET", "/jobs?orderBy=name|ASC".into(), None, "orderBy"),
        ("GET", "/jobs?orderBy=createdAt|UP".into(), None, "orderBy"),
        (
            "GET",
            "/jobs?createdAtStart=yesterday".into(),
            None,
            "createdAtStart",
        ),
        ("GET", "/jobs/abc".into(), None, "jobId"),
        (
            "GET",
            "/connections/not-a-uuid".into(),
            None,
            "connectionId",
        ),
        ("GET", "/streams".into(), None, "sourceId"),
        ("GET", "/users".into(), None, "organizationId"),
        (
            "GET",
            "/sources?includeDeleted=maybe".into(),
            None,
            "includeDeleted",
        ),
        (
            "POST",
            "/jobs".into(),
            Some(json!({"jobType": "sync"})),
            "connectionId",
        ),
        (
            "POST",
            "/jobs".into(),
            Some(json!({"connectionId": CONN, "jobType": "explode"})),
            "jobType",
        ),
        (
            "POST",
            "/workspaces".into(),
            Some(json!({"name": 5})),
            "name",
        ),
        (
            "POST",
            "/sources".into(),
            Some(json!({"name": "x", "workspaceId": "zzz", "configuration": {}})),
            "workspaceId",
        ),
        (
            "POST",
            "/sources".into(),
            Some(json!({"name": "x", "workspaceId": seed::WS_PROD, "configuration": {}})),
            "configuration.sourceType",
        ),
        (
            "POST",
            "/sources".into(),
            Some(
                json!({"name": "x", "workspaceId": seed::WS_PROD, "configuration": {"sourceType": "oracle-9i"}}),
            ),
            "configuration.sourceType",
        ),
        (
            "POST",
            "/connections".into(),
            Some(json!({"sourceId": seed::SRC_FAKER, "destinationId": seed::DST_DEVNULL})),
            "destinationId",
        ),
        (
            "POST",
            "/connections".into(),
            Some(
                json!({"sourceId": seed::SRC_FAKER, "destinationId": seed::DST_S3, "tags": [{"tagId": seed::TAG_EXPERIMENT, "workspaceId": seed::WS_STAGING, "name": "e", "color": "x"}]}),
            ),
            "tags[0].tagId",
        ),
        (
            "PATCH",
            format!("/connections/{CONN}"),
            Some(json!({"status": "paused"})),
            "status",
        ),
        (
            "PATCH",
            format!("/connections/{CONN}"),
            Some(
                json!({"configurations": {"streams": [{"name": "users", "syncMode": "sometimes"}]}}),
            ),
            "configurations.streams[0].syncMode",
        ),
        (
            "POST",
            "/permissions".into(),
            Some(
                json!({"permissionType": "instance_admin", "userId": seed::USER_ADA, "organizationId": seed::ORG}),
            ),
            "permissionType",
        ),
        (
            "POST",
            "/tags".into(),
            Some(json!({"name": "x", "color": "y"})),
            "workspaceId",
        ),
    ];
    for (m, p, b, field) in cases {
        let r = s.api(m, &p, b).await;
        assert_eq!(r.status, 400, "{m} {p}: {}", r.text);
        assert_eq!(r.json["data"]["path"], field, "{m} {p}: {}", r.text);
        assert!(r.json["detail"].as_str().unwrap().contains(field));
    }
    // Malformed and missing JSON bodies.
    let r = s
        .http
        .post(format!("{}/v1/jobs", s.url))
        .header("authorization", TOKEN)
        .header("content-type", "application/json")
        .body("{\"connectionId\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = s.call("POST", "/v1/workspaces", None, Some(TOKEN)).await;
    assert_eq!(r.status, 400);
    // The spec defects do not reject the official SDK's requests.
    let r = s
        .api(
            "POST",
            &format!(
                "/workspaces/{}/definitions/declarative_sources",
                seed::WS_PROD
            ),
            Some(json!({"workspaceId": seed::WS_PROD, "name": "n", "manifest": {}})),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = s
        .api("PUT", &format!("/workspaces/{}/oauthCredentials", seed::WS_PROD),
            Some(json!({"actorType": "source", "name": "github", "configuration": {"anything": ["goes"]}})))
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn not_found_method_not_allowed_too_large() {
    let s = start().await;
    let r = s.api("GET", "/nothing/here", None).await;
    assert_eq!(r.status, 404);
    let r = s.call("GET", "/elsewhere", None, None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["status"], 404);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let r = s.api("PUT", "/jobs", None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.json["title"], "method-not-allowed");
    assert!(r.headers["allow"].to_str().unwrap().contains("GET"));
    let r = s
        .api(
            "GET",
            &format!("/connections/{}", uuid::Uuid::new_v4()),
            None,
        )
        .await;
    assert_eq!(r.status, 404);
    let r = s.api("GET", "/jobs/999999", None).await;
    assert_eq!(r.status, 404);
    let big = "x".repeat(10 * 1024 * 1024 + 10);
    let r = s
        .http
        .post(format!("{}/v1/workspaces", s.url))
        .header("authorization", TOKEN)
        .body(format!("{{\"name\": \"{big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // Just under the limit is fine.
    let ok = "y".repeat(1024 * 1024);
    let r = s
        .api("POST", "/workspaces", Some(json!({"name": ok})))
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn auth_schemes() {
    let s = start_with(|c| c.token_ttl_s = 1).await;
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, None).await.status,
        401
    );
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, Some("Bearer wrong"))
            .await
            .status,
        401
    );
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, Some("Bearer demo-token"))
            .await
            .status,
        200
    );
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, Some("Basic ZGVtbzpkZW1v"))
            .await
            .status,
        200
    );
    assert_eq!(
        s.call(
            "GET",
            "/v1/workspaces",
            None,
            Some("Basic ZGVtbzp3cm9uZw==")
        )
        .await
        .status,
        401
    );
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, Some("Basic !!!"))
            .await
            .status,
        401
    );
    let mut tokens = Vec::new();
    for path in [
        "/applications/token",
        "/v1/applications/token",
        "/api/public/v1/applications/token",
    ] {
        let r = s
            .call("POST", path, Some(json!({"client_id": "demo-client", "client_secret": "demo-secret", "grant_type": "client_credentials"})), None)
            .await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(r.json["token_type"], "Bearer");
        assert_eq!(r.json["expires_in"], 1);
        tokens.push(r.json["access_token"].as_str().unwrap().to_string());
    }
    // Form body
    let r = s
        .http
        .post(format!("{}/applications/token", s.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    let tok = v["access_token"].as_str().unwrap().to_string();
    // JWT-shaped with an exp claim.
    let parts: Vec<&str> = tok.split('.').collect();
    assert_eq!(parts.len(), 3);
    use base64::Engine;
    let payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    let exp = payload["exp"].as_i64().unwrap();
    assert!((exp - chrono::Utc::now().timestamp()).abs() <= 2);
    let bearer = format!("Bearer {tok}");
    assert_eq!(
        s.call("GET", "/v1/workspaces", None, Some(&bearer))
            .await
            .status,
        200
    );
    // Wrong secret
    let r = s
        .call("POST", "/applications/token", Some(json!({"client_id": "demo-client", "client_secret": "nope", "grant_type": "client_credentials"})), None)
        .await;
    assert_eq!(r.status, 401);
    assert!(!r.text.contains("nope"));
    let r = s.call("GET", "/applications/token", None, None).await;
    assert_eq!(r.status, 405);
    // Tokens really expire.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = s.call("GET", "/v1/workspaces", None, Some(&bearer)).await;
    assert_eq!(r.status, 401);
    assert!(r.json["detail"].as_str().unwrap().contains("expired"));
    // The request log never shows credentials.
    let log = s.call("GET", "/__emulator/requests", None, None).await.text;
    assert!(
        !log.contains("demo-secret")
            && !log.contains("ZGVtbzpkZW1v")
            && !log.contains("demo-token"),
        "{log}"
    );
    assert!(log.contains("[redacted]"));
}

#[tokio::test]
async fn job_lifecycle() {
    let s = start_with(|c| c.job_duration_ms = 600).await;
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": CONN, "jobType": "sync"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["status"], "pending");
    assert_eq!(r.json["rowsSynced"], 0);
    let id = r.json["jobId"].as_i64().unwrap();
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": CONN, "jobType": "refresh"})),
        )
        .await;
    assert_eq!(r.status, 409, "one job at a time");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let r = s.api("GET", &format!("/jobs/{id}"), None).await;
    assert_eq!(r.json["status"], "running");
    let rows_mid = r.json["rowsSynced"].as_i64().unwrap();
    assert!(rows_mid > 0);
    let bytes_mid = r.json["bytesSynced"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(450)).await;
    let r = s.api("GET", &format!("/jobs/{id}"), None).await;
    assert_eq!(r.json["status"], "succeeded");
    assert!(r.json["rowsSynced"].as_i64().unwrap() > rows_mid);
    assert!(r.json["bytesSynced"].as_i64().unwrap() > bytes_mid);
    assert_eq!(r.json["duration"], "PT0.6S");
    let r = s.api("DELETE", &format!("/jobs/{id}"), None).await;
    assert_eq!(r.status, 409, "finished jobs cannot be cancelled");
    // Cancel
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": CONN, "jobType": "clear"})),
        )
        .await;
    let id = r.json["jobId"].as_i64().unwrap();
    let r = s.api("DELETE", &format!("/jobs/{id}"), None).await;
    assert_eq!(r.json["status"], "cancelled");
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        s.api("GET", &format!("/jobs/{id}"), None).await.json["status"],
        "cancelled"
    );
    // Failing connection
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": seed::CONN_ORDERS_BQ, "jobType": "sync"})),
        )
        .await;
    let id = r.json["jobId"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(650)).await;
    assert_eq!(
        s.api("GET", &format!("/jobs/{id}"), None).await.json["status"],
        "failed"
    );
    // Inactive connection
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": seed::CONN_STRIPE_PG, "jobType": "sync"})),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": uuid::Uuid::new_v4().to_string(), "jobType": "sync"})),
        )
        .await;
    assert_eq!(r.status, 404);
    // Activating it allows jobs.
    s.api(
        "PATCH",
        &format!("/connections/{}", seed::CONN_STRIPE_PG),
        Some(json!({"status": "active"})),
    )
    .await;
    let r = s
        .api(
            "POST",
            "/jobs",
            Some(json!({"connectionId": seed::CONN_STRIPE_PG, "jobType": "sync"})),
        )
        .await;
    assert_eq!(r.status, 200);
}
