use airbyte_core::schema_id;
use airbyte_core::validate::{ref_ty, validate_json, validate_value, RESPONSE};
use serde_json::{json, Value};

fn big_list(n: usize) -> String {
    let item = json!({
        "connectionId": "9924bcd0-99be-453d-ba47-c2c9766f7da5", "name": "pg to bq \"quoted\" ü",
        "sourceId": "95e66a59-8045-4307-9678-63bc3c9b8c93", "destinationId": "e478de0d-a3a0-475c-b019-25f7dd29e281",
        "workspaceId": "9924bcd0-99be-453d-ba47-c2c9766f7da5", "status": "active",
        "schedule": {"scheduleType": "basic", "basicTiming": "Every 24 hours"},
        "nonBreakingSchemaUpdatesBehavior": "ignore", "namespaceDefinition": "destination",
        "configurations": {"streams": [
            {"name": "users", "syncMode": "incremental_append", "cursorField": ["updated_at"], "primaryKey": [["id"]]},
            {"name": "orders", "syncMode": "full_refresh_overwrite", "selectedFields": [{"fieldPath": ["a", "b"]}]}
        ]},
        "createdAt": 1700000000, "tags": [{"tagId": "9924bcd0-99be-453d-ba47-c2c9766f7da5", "workspaceId": "9924bcd0-99be-453d-ba47-c2c9766f7da5", "name": "prod", "color": "FF0000"}],
        "someFutureField": {"x": [1, 2, 3]}
    });
    let data: Vec<Value> = (0..n).map(|_| item.clone()).collect();
    json!({"data": data, "next": "https://api.airbyte.com/v1/connections?limit=1000&offset=1000"})
        .to_string()
}

#[test]
fn thousand_item_list_validates() {
    let text = big_list(1000);
    let ty = ref_ty(schema_id("ConnectionsResponse").unwrap()).unwrap();
    assert_eq!(validate_json(ty, &text, RESPONSE), Ok(()));
    let broken = text
        .replacen("\"status\":\"active\"", "\"status\":7", 1000)
        .replacen("\"status\":7", "\"status\":\"active\"", 999);
    assert_eq!(
        validate_json(ty, &broken, RESPONSE).unwrap_err().path,
        "data[999].status"
    );
}

/// `cargo test --release -p airbyte-core --test perf -- --ignored --nocapture`
#[test]
#[ignore]
fn timing() {
    let text = big_list(1000);
    let ty = ref_ty(schema_id("ConnectionsResponse").unwrap()).unwrap();
    let n = 50;
    let t = std::time::Instant::now();
    for _ in 0..n {
        validate_json(ty, &text, RESPONSE).unwrap();
    }
    let streaming = t.elapsed() / n;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let v: Value = serde_json::from_str(&text).unwrap();
        validate_value(ty, &v, RESPONSE).unwrap();
    }
    let parsed = t.elapsed() / n;
    println!(
        "{} bytes: validate_json {streaming:?}, parse + validate_value {parsed:?}",
        text.len()
    );
}
