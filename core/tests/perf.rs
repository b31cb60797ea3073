use airbyte_core::validate::{
    ref_ty, validate_json, validate_json_exact, validate_value, RESPONSE,
};
use airbyte_core::{scan, schema_id};
use serde_json::Value;

mod common;
use common::big_list;

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
    assert!(
        scan::accepts(ty, &text),
        "the fast path must take this body"
    );
    let mb = text.len() as f64 / 1e6;
    let time = |f: &dyn Fn()| {
        let n = 50;
        f();
        let t = std::time::Instant::now();
        for _ in 0..n {
            f();
        }
        t.elapsed() / n
    };
    let fast = time(&|| assert!(scan::accepts(ty, &text)));
    let public = time(&|| validate_json(ty, &text, RESPONSE).unwrap());
    let exact = time(&|| validate_json_exact(ty, &text, RESPONSE).unwrap());
    let parsed = time(&|| {
        let v: Value = serde_json::from_str(&text).unwrap();
        validate_value(ty, &v, RESPONSE).unwrap();
    });
    let rate = |d: std::time::Duration| mb / d.as_secs_f64();
    println!("{} bytes:", text.len());
    println!("  scan::accepts          {fast:?} ({:.0} MB/s)", rate(fast));
    println!(
        "  validate_json          {public:?} ({:.0} MB/s)",
        rate(public)
    );
    println!(
        "  validate_json_exact    {exact:?} ({:.0} MB/s)",
        rate(exact)
    );
    println!(
        "  parse + validate_value {parsed:?} ({:.0} MB/s)",
        rate(parsed)
    );
}
