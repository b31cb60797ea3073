//! The wasm-bindgen tests shared by `wasm_node.rs`, `wasm_browser.rs` and `wasm_worker.rs`:
//! `WasmClient` against the emulator at `EMULATOR_URL` (read at compile time; the Makefile
//! starts the emulator and exports it).

use airbyte_api_wasm::WasmClient;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Ids of the emulator's `demo` seed.
pub const CONNECTION_3: &str = "4a000000-0000-4000-8000-000000000003";
pub const MISSING: &str = "4a000000-0000-4000-8000-0000000000ff";

pub fn emulator_url() -> String {
    match option_env!("EMULATOR_URL") {
        Some(u) if !u.is_empty() => u.trim_end_matches('/').to_string(),
        _ => panic!(
            "EMULATOR_URL was not set when these tests were compiled: run them through \
             `make test-wasm` (scripts/with-emulator.sh starts the emulator and exports it)"
        ),
    }
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn op(id: &str) -> u32 {
    let (i, _) = airbyte_core::operation(id).expect("known operation");
    u32::try_from(i).unwrap()
}

pub fn client(security: JsValue) -> WasmClient {
    let opts = obj(&[
        (
            "serverUrl",
            JsValue::from_str(&format!("{}/v1", emulator_url())),
        ),
        ("security", security),
    ]);
    WasmClient::new(opts).map_err(|e| format!("{e:?}")).unwrap()
}

pub fn bearer() -> JsValue {
    obj(&[("bearerAuth", "demo-token".into())])
}

async fn call(c: &WasmClient, id: &str, arg: Option<&str>) -> Result<JsValue, JsValue> {
    let arg = arg.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    JsFuture::from(c.call(op(id), arg, JsValue::UNDEFINED, JsValue::UNDEFINED, 0)).await
}

fn fetch_admin(path: &str, body: &str) -> Promise {
    let global = js_sys::global();
    let fetch: js_sys::Function = get(&global, "fetch").dyn_into().unwrap();
    let init = obj(&[
        ("method", "POST".into()),
        ("body", body.into()),
        (
            "headers",
            obj(&[("Content-Type", "application/json".into())]),
        ),
    ]);
    let url = format!("{}{path}", emulator_url());
    fetch
        .call2(&global, &url.into(), &init)
        .unwrap()
        .dyn_into()
        .unwrap()
}

pub async fn list_connections_with_bearer() {
    let c = client(bearer());
    let page = call(&c, "listConnections", Some(r#"{"limit":2}"#))
        .await
        .map_err(|e| format!("{e:?}"))
        .unwrap();
    let data: js_sys::Array = get(&page, "data").dyn_into().unwrap();
    assert_eq!(data.length(), 2);
    let first = data.get(0);
    assert!(get(&first, "connectionId").as_string().is_some());
    // a plain object, not a Map or class instance
    assert_eq!(
        Object::get_prototype_of(&first),
        Object::get_prototype_of(&Object::new().into())
    );
}

pub async fn invalid_argument_is_rejected_before_sending() {
    let c = client(bearer());
    let e = call(&c, "listConnections", Some(r#"{"limit":0}"#))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("invalid"));
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("limit"));
}

pub async fn response_validation_error() {
    // The emulator answers the next getConnection of this id with valid JSON of the wrong shape.
    let fault = format!(
        r#"{{"method":"GET","path":"/connections/{CONNECTION_3}","wrongjson":true,"count":1}}"#
    );
    let r = JsFuture::from(fetch_admin("/__emulator/faults", &fault))
        .await
        .unwrap();
    assert!(get(&r, "ok").as_bool().unwrap(), "fault accepted");
    let c = client(bearer());
    let arg = format!(r#"{{"connectionId":"{CONNECTION_3}"}}"#);
    let e = call(&c, "getConnection", Some(&arg)).await.unwrap_err();
    assert_eq!(
        get(&e, "kind").as_string().as_deref(),
        Some("validation"),
        "{e:?}"
    );
    assert!(get(&e, "rawBody").as_string().is_some());
    assert!(get(&e, "path").as_string().is_some());
    // the same client keeps working
    let ok = call(&c, "getConnection", Some(&arg)).await.unwrap();
    assert_eq!(
        get(&ok, "connectionId").as_string().as_deref(),
        Some(CONNECTION_3)
    );
}

pub async fn api_error_404() {
    let c = client(bearer());
    let arg = format!(r#"{{"connectionId":"{MISSING}"}}"#);
    let e = call(&c, "getConnection", Some(&arg)).await.unwrap_err();
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("api"));
    assert_eq!(get(&e, "statusCode").as_f64(), Some(404.0));
    let message = get(&e, "message").as_string().unwrap();
    assert!(message.contains("404"), "{message}");
    assert!(get(&e, "problem").is_object());
    assert!(!get(&e, "body").as_string().unwrap().is_empty());
}

pub async fn client_credentials() {
    let c = client(obj(&[(
        "clientCredentials",
        obj(&[
            ("clientId", "demo-client".into()),
            ("clientSecret", "demo-secret".into()),
        ]),
    )]));
    for _ in 0..2 {
        let page = call(&c, "listWorkspaces", None)
            .await
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        let data: js_sys::Array = get(&page, "data").dyn_into().unwrap();
        assert!(data.length() >= 2);
    }
    let bad = client(obj(&[(
        "clientCredentials",
        obj(&[
            ("clientId", "demo-client".into()),
            ("clientSecret", "wrong".into()),
        ]),
    )]));
    let e = call(&bad, "listWorkspaces", None).await.unwrap_err();
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("api"));
    assert_eq!(get(&e, "statusCode").as_f64(), Some(401.0));
}

pub const CONNECTION_5: &str = "4a000000-0000-4000-8000-000000000005";

pub async fn retry_after_503_in_this_runtime() {
    // One 503 with retry-after-ms: the client sleeps on this runtime's setTimeout and resends.
    let fault = format!(
        r#"{{"method":"GET","path":"/connections/{CONNECTION_5}","status":503,"body":"rfc9457","headers":{{"retry-after-ms":"300"}},"count":1}}"#
    );
    let r = JsFuture::from(fetch_admin("/__emulator/faults", &fault))
        .await
        .unwrap();
    assert!(get(&r, "ok").as_bool().unwrap(), "fault accepted");
    let opts = obj(&[
        (
            "serverUrl",
            JsValue::from_str(&format!("{}/v1", emulator_url())),
        ),
        ("security", bearer()),
    ]);
    let c = WasmClient::new(opts).map_err(|e| format!("{e:?}")).unwrap();
    let arg = format!(r#"{{"connectionId":"{CONNECTION_5}"}}"#);
    let t0 = js_sys::Date::now();
    let ok = call(&c, "getConnection", Some(&arg))
        .await
        .map_err(|e| format!("{e:?}"))
        .unwrap();
    let waited = js_sys::Date::now() - t0;
    assert_eq!(
        get(&ok, "connectionId").as_string().as_deref(),
        Some(CONNECTION_5)
    );
    assert!(waited >= 290.0, "resent after only {waited} ms");
}

/// Declares every shared test as a `#[wasm_bindgen_test]` in the including file, whose own
/// `wasm_bindgen_test_configure!` (or its absence, for Node) picks the runtime.
macro_rules! shared_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                shared::$name().await;
            }
        )*
    };
}

macro_rules! all_shared_tests {
    () => {
        shared_tests!(
            list_connections_with_bearer,
            invalid_argument_is_rejected_before_sending,
            response_validation_error,
            api_error_404,
            client_credentials,
            retry_after_503_in_this_runtime,
        );
    };
}
