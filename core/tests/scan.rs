//! The fast response scanner (`airbyte_core::scan`) is sound — whatever it accepts, the exact
//! validator accepts — and fast in practice: it does not give up on realistic valid bodies.
//! `validate_json` (scanner, then exact on "not sure") returns exactly what
//! `validate_json_exact` returns, on every input.

use airbyte_core::generated::SCHEMAS;
use airbyte_core::spec::{IntBounds, IntFormat, ResponseKind, Ty};
use airbyte_core::validate::{
    ref_ty, validate_json, validate_json_exact, Mode, CLIENT_REQUEST, RESPONSE, SERVER_REQUEST,
};
use airbyte_core::{operation, scan, schema_id};
use serde_json::{json, Value};

mod common;
use common::{arbitrary, big_list, gen_valid, mutate, pick, vocabulary, Rng};

fn ty(name: &str) -> &'static Ty {
    ref_ty(schema_id(name).unwrap_or_else(|| panic!("{name}"))).unwrap()
}

fn response_ty(op: &str) -> &'static Ty {
    match operation(op).unwrap().1.response {
        ResponseKind::Json(id) => ref_ty(id).unwrap(),
        other => panic!("{op}: {other:?}"),
    }
}

/// The same bodies as `bench/fixtures.mjs` (one full `ConnectionResponse` per item).
fn uuid(ns: char, i: u32) -> String {
    let n: String = std::iter::repeat_n(ns, 8).collect();
    format!("{n}-0ab1-4f72-9ed7-{i:012x}")
}

fn stream(name: &str, cursor: &str, pk: &str, fields: &[&str]) -> Value {
    json!({
        "name": name, "namespace": "public", "syncMode": "incremental_deduped_history",
        "cursorField": [cursor], "primaryKey": [[pk]], "includeFiles": false,
        "selectedFields": fields.iter().map(|f| json!({"fieldPath": [f]})).collect::<Vec<_>>(),
    })
}

fn connection(i: u32) -> Value {
    json!({
        "connectionId": uuid('c', i), "name": format!("Postgres-to-BigQuery {i}"),
        "sourceId": uuid('5', i), "destinationId": uuid('d', i), "workspaceId": uuid('7', 1),
        "status": "active", "schedule": {"scheduleType": "cron", "cronExpression": "0 0 * * * ?"},
        "nonBreakingSchemaUpdatesBehavior": "propagate_columns",
        "namespaceDefinition": "custom_format", "namespaceFormat": "${SOURCE_NAMESPACE}",
        "prefix": "raw_",
        "configurations": {"streams": [
            stream("users", "updated_at", "id", &["id", "email", "updated_at"]),
            stream("orders", "updated_at", "order_id", &["order_id", "user_id", "total"]),
        ]},
        "createdAt": 1764400000 + i,
        "tags": [{"tagId": uuid('a', i), "workspaceId": uuid('7', 1), "name": "production", "color": "#FF5733"}],
        "statusReason": "",
    })
}

fn connections_page(n: u32, offset: u32) -> String {
    let data: Vec<Value> = (0..n).map(|i| connection(offset + i)).collect();
    json!({"next": format!("https://api.airbyte.com/v1/connections?limit=100&offset={}", offset + n), "data": data})
        .to_string()
}

/// Realistic valid bodies: the benchmark's, the perf test's, and what the emulator serves.
fn realistic() -> Vec<(&'static Ty, String)> {
    let list = ty("ConnectionsResponse");
    let mut v = vec![
        (ty("ConnectionResponse"), connection(42).to_string()),
        (
            ty("ConnectionResponse"),
            serde_json::to_string_pretty(&connection(7)).unwrap(),
        ),
        (list, connections_page(100, 0)),
        (list, connections_page(1000, 1000)),
        (list, big_list(50)),
    ];
    for (op, file) in [
        ("listConnections", include_str!("data/emu-connections.json")),
        ("listSources", include_str!("data/emu-sources.json")),
        (
            "listDestinations",
            include_str!("data/emu-destinations.json"),
        ),
        ("listWorkspaces", include_str!("data/emu-workspaces.json")),
        ("listJobs", include_str!("data/emu-jobs.json")),
        ("listTags", include_str!("data/emu-tags.json")),
        (
            "listOrganizationsForUser",
            include_str!("data/emu-organizations.json"),
        ),
        ("listPermissions", include_str!("data/emu-permissions.json")),
        ("getStreamProperties", include_str!("data/emu-streams.json")),
    ] {
        v.push((response_ty(op), file.to_string()));
        // Items of list bodies on their own, as get* operations return them.
        let body: Value = serde_json::from_str(file).unwrap();
        if let (Some(items), Some(item_op)) = (
            body.get("data").and_then(Value::as_array),
            match op {
                "listConnections" => Some("getConnection"),
                "listSources" => Some("getSource"),
                "listDestinations" => Some("getDestination"),
                "listWorkspaces" => Some("getWorkspace"),
                "listJobs" => Some("getJob"),
                "listTags" => Some("getTag"),
                _ => None,
            },
        ) {
            for item in items {
                v.push((response_ty(item_op), item.to_string()));
            }
        }
    }
    v
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scanner_accepts_realistic_bodies() {
    for (ty, text) in realistic() {
        assert_eq!(
            validate_json_exact(ty, &text, RESPONSE),
            Ok(()),
            "{text:.200}"
        );
        assert!(scan::accepts(ty, &text), "scanner gave up on {text:.300}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scanner_accepts_generated_valid_instances() {
    // Every schema, random valid instances (escapes, non-ASCII, nulls for optional fields,
    // oneOf variants, integer bounds): the scanner must not give up on them either.
    let mut rng = Rng(0xF00D);
    for _ in 0..40 {
        for id in 0..SCHEMAS.len() as u16 {
            let ty = ref_ty(id).unwrap();
            let v = gen_valid(ty, &mut rng, 0);
            let text = v.to_string();
            assert_eq!(validate_json_exact(ty, &text, RESPONSE), Ok(()));
            assert!(
                scan::accepts(ty, &text),
                "{}: scanner gave up on {text}",
                SCHEMAS[id as usize].name
            );
        }
    }
}

/// Checks soundness and equality on one input; returns whether the scanner accepted it.
fn check(ty: &Ty, text: &str) -> bool {
    let exact = validate_json_exact(ty, text, RESPONSE);
    let fast = scan::accepts(ty, text);
    if fast {
        assert_eq!(exact, Ok(()), "scanner accepted an invalid body: {text}");
    }
    assert_eq!(validate_json(ty, text, RESPONSE), exact, "{text}");
    fast
}

fn modes_agree(ty: &Ty, text: &str) {
    for mode in [CLIENT_REQUEST, SERVER_REQUEST, RESPONSE] {
        assert_eq!(
            validate_json(ty, text, mode),
            validate_json_exact(ty, text, mode),
            "{mode:?} {text}"
        );
    }
}

/// Text-level snippets that break (or subtly keep) JSON validity.
const SNIPPETS: &[&str] = &[
    "\"",
    "\\",
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    " ",
    "\n",
    "\t",
    "\r",
    "\u{b}",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "é",
    "€",
    "null",
    "true",
    "false",
    "0",
    "-",
    "-0",
    "01",
    "1.",
    ".5",
    "1e5",
    "1E+2",
    "2.5",
    "-1",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "123456789012345678901234567890",
    "1e400",
    "\\u0000",
    "\\u0000invalid:bigint",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u00e9",
    "\\x",
    "\\/",
    "\\n",
    "\\\"",
    "{}",
    "[]",
    "{\"a\":1}",
    "[1,]",
    "{,}",
    "\"\":",
    "\"x\":1,",
    "nul",
    "tru",
    "+1",
];

/// The first position at or after `at` holding one of `set` (ASCII, so a char boundary).
fn find(b: &[u8], at: usize, set: &[u8]) -> Option<usize> {
    b.get(at..)?
        .iter()
        .position(|c| set.contains(c))
        .map(|p| at + p)
}

/// One byte- or snippet-level mutation of `text` that keeps it a `&str`.
fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let at = rng.below(b.len() + 1);
    match rng.below(9) {
        0 => {
            // Delete a run of bytes.
            let n = 1 + rng.below(4);
            out.drain(at.min(out.len())..(at + n).min(out.len()));
        }
        1 => {
            let s = pick(rng, SNIPPETS);
            out.splice(at..at, s.bytes());
        }
        2 => {
            // Replace a byte with a snippet.
            if at < out.len() {
                let s = pick(rng, SNIPPETS);
                out.splice(at..at + 1, s.bytes());
            }
        }
        3 => out.truncate(at),
        4 => {
            // Replace a token-ish value after a `:` with something of another type.
            if let Some(p) = find(b, at, b":") {
                let start = p + 1;
                let end = find(b, start, b",}]").unwrap_or(b.len());
                let s = pick(
                    rng,
                    &[
                        "7",
                        "1.5",
                        "1.0",
                        "1e3",
                        "\"x\"",
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "-5",
                        "99999999999999999999",
                        "\"\\u0000invalid:bigint\"",
                        "-0",
                    ],
                );
                out.splice(start..end, s.bytes());
            }
        }
        5 => {
            // Duplicate a member (a key given twice), or drop one.
            if let Some(p) = find(b, at, b",").filter(|&p| b.get(p + 1) == Some(&b'"')) {
                let start = p + 1;
                let end = find(b, start, b",}").unwrap_or(b.len());
                let member = b[start..end].to_vec();
                if rng.chance(50) {
                    out.splice(start..start, member.into_iter().chain([b',']));
                } else {
                    out.drain(start - 1..end);
                }
            }
        }
        6 => {
            // Deep nesting around a value.
            let n = 55 + rng.below(20);
            if let Some(p) = find(b, at, b":") {
                let start = p + 1;
                let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
                out.splice(start..start, format!("{deep},\"zz\":").bytes());
            }
        }
        7 => {
            // Flip a byte to another ASCII byte.
            if let Some(c) = out.get_mut(at) {
                if c.is_ascii() {
                    *c = (rng.next() % 128) as u8;
                }
            }
        }
        _ => {
            // Leading or trailing whitespace and garbage.
            let s = pick(rng, &[" ", "\n", " x", "}", "\u{a0}", " {}", "\t\r\n"]);
            if rng.chance(50) {
                out.splice(0..0, s.bytes());
            } else {
                out.extend(s.bytes());
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scanner_is_sound_on_text_mutations() {
    let mut rng = Rng(0x5EED_1234);
    let mut bases: Vec<(&'static Ty, String)> = realistic()
        .into_iter()
        .filter(|(_, t)| t.len() < 20_000)
        .collect();
    for id in 0..SCHEMAS.len() as u16 {
        let ty = ref_ty(id).unwrap();
        for _ in 0..3 {
            bases.push((ty, gen_valid(ty, &mut rng, 0).to_string()));
        }
    }
    let (mut accepted, mut rejected) = (0usize, 0usize);
    for round in 0..40 {
        for (ty, base) in &bases {
            let mut text = base.clone();
            for _ in 0..(1 + round % 3) {
                text = mutate_text(&text, &mut rng);
            }
            if check(ty, &text) {
                accepted += 1;
            } else {
                rejected += 1;
            }
            if round % 10 == 0 {
                modes_agree(ty, &text);
            }
        }
    }
    // Both outcomes must be exercised for the test to mean anything.
    assert!(
        accepted > 500 && rejected > 2000,
        "{accepted} accepted, {rejected} not"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scanner_is_sound_on_value_mutations_and_arbitrary_values() {
    let vocab = vocabulary();
    let mut rng = Rng(77);
    let mut accepted = 0usize;
    for round in 0..40 {
        for id in 0..SCHEMAS.len() as u16 {
            let ty = ref_ty(id).unwrap();
            let mut v = gen_valid(ty, &mut rng, 0);
            for _ in 0..(1 + round % 3) {
                mutate(&mut v, &mut rng, &vocab);
            }
            accepted += check(ty, &v.to_string()) as usize;
            check(ty, &serde_json::to_string_pretty(&v).unwrap());
            let a = arbitrary(&mut rng, 5, &vocab);
            accepted += check(ty, &a.to_string()) as usize;
        }
    }
    assert!(accepted > 500, "{accepted}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scanner_edge_cases() {
    let conn = ty("ConnectionResponse");
    let base = connection(1);
    let with = |k: &str, v: &str| -> String {
        let mut m = base.clone();
        m.as_object_mut().unwrap().remove(k);
        let t = m.to_string();
        format!("{{\"{k}\":{v},{}", &t[1..])
    };
    // (text, scanner may accept)
    let cases: Vec<(String, bool)> = vec![
        (with("createdAt", "1700000000"), true),
        (with("createdAt", "-9223372036854775808"), true),
        (with("createdAt", "9223372036854775808"), false),
        (with("createdAt", "1.0"), false),
        (with("createdAt", "1e3"), false),
        (with("createdAt", "01"), false),
        (with("createdAt", "\"1\""), false),
        (with("name", "\"\\u0000invalid:bigint\""), false),
        (with("name", "\"a\\u00e9\\n\\\"\""), true),
        (with("name", "\"a\\ud800\""), false),
        (with("name", "\"tab\there\""), false),
        (with("name", "null"), false),
        (with("prefix", "null"), true),
        (with("status", "\"someday\""), true),
        (with("status", "7"), false),
        (
            with("configurations", "{\"streams\":[],\"x\":[[[{}]]]}"),
            true,
        ),
        (with("tags", "[{}]"), false),
        (format!("  {}\n", base), true),
        (format!("{} x", base), false),
        (format!("{}{{}}", base), false),
    ];
    for (text, may) in cases {
        let fast = check(conn, &text);
        if !may {
            assert!(!fast, "scanner accepted {text:.120}");
        } else {
            assert!(fast, "scanner gave up on {text:.120}");
        }
    }
    // minItems and the discriminated oneOf of RowFilteringOperation (type: EQUAL | NOT).
    let rf = ty("RowFilteringOperation");
    let eq = r#"{"type":"EQUAL","fieldName":"a","comparisonValue":"b"}"#;
    for (text, may) in [
        (eq.to_string(), true),
        (format!(r#"{{"type":"NOT","conditions":[{eq}]}}"#), true),
        (
            format!(r#"{{"conditions":[{eq},{eq}],"type":"NOT"}}"#),
            true,
        ),
        (r#"{"type":"NOT","conditions":[]}"#.to_string(), false),
        (r#"{"type":"NOT"}"#.to_string(), false),
        (r#"{"type":"EQUAL","fieldName":"a"}"#.to_string(), false),
        (
            r#"{"type":"EQUAL","type":"NOT","fieldName":"a","comparisonValue":"b"}"#.to_string(),
            false,
        ),
        (
            r#"{"type":"OTHER","whatever":[1,{"x":null}]}"#.to_string(),
            true,
        ),
        (
            r#"{"type":"OTHER","whatever":[1,{"x":nul}]}"#.to_string(),
            false,
        ),
        (r#"{"fieldName":"a"}"#.to_string(), false),
        (r#"{"type":null}"#.to_string(), false),
        (r#"{"type":7}"#.to_string(), false),
        (r#"{"type":"\u0000invalid:bigint"}"#.to_string(), false),
        ("[]".to_string(), false),
        (r#""EQUAL""#.to_string(), false),
    ] {
        let fast = check(rf, &text);
        assert_eq!(fast, may, "{text}");
    }
    // Depth: the exact limit is 64 levels; around it the scanner must agree or give up.
    for n in 58..70 {
        let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
        check(&Ty::Any, &deep);
        check(conn, &with("x", &deep));
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn one_of_bodies() {
    // Discriminated (EncryptionMapperConfiguration by `algorithm`) and plain oneOf
    // (MapperConfiguration) inside a connection's stream mappers.
    let ty = ty("ConnectionResponse");
    let mut rng = Rng(99);
    let mut accepted = 0;
    for _ in 0..400 {
        let m = gen_valid(
            &Ty::Ref(schema_id("ConfiguredStreamMapper").unwrap()),
            &mut rng,
            0,
        );
        let mut c = connection(3);
        c["configurations"]["streams"][0]["mappers"] = json!([m]);
        let text = c.to_string();
        assert!(check(ty, &text), "{text}");
        for _ in 0..4 {
            accepted += check(ty, &mutate_text(&text, &mut rng)) as usize;
        }
        for tag in [
            "\"RSA\"",
            "\"AES\"",
            "\"XYZ\"",
            "null",
            "7",
            "\"\\u0041ES\"",
        ] {
            let t = text.replace("\"algorithm\":\"RSA\"", &format!("\"algorithm\":{tag}"));
            let t = t.replace("\"algorithm\":\"AES\"", &format!("\"algorithm\":{tag}"));
            accepted += check(ty, &t) as usize;
        }
    }
    assert!(accepted > 100, "{accepted}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn response_mode_only() {
    // Other modes never take the fast path (formats and enums matter there).
    let t = connection(1)
        .to_string()
        .replace("\"active\"", "\"someday\"");
    let conn = ty("ConnectionResponse");
    assert_eq!(validate_json(conn, &t, RESPONSE), Ok(()));
    let strict: Mode = CLIENT_REQUEST;
    assert!(validate_json(conn, &t, strict).is_err());
}

/// The integer rules as they were written with i128 arithmetic, as a reference for the i64
/// version in `validate.rs`.
fn int_reference(
    n: &serde_json::Number,
    format: IntFormat,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), String> {
    let v: i128 = if let Some(u) = n.as_u64() {
        i128::from(u)
    } else if let Some(i) = n.as_i64() {
        i128::from(i)
    } else {
        let f = n.as_f64().unwrap();
        if !f.is_finite() || f.fract() != 0.0 {
            return Err("expected integer, got a fractional number".into());
        }
        if f.abs() > 1e19 {
            return Err("is outside the 64-bit integer range".into());
        }
        f as i128
    };
    let (lo, hi, name) = match format {
        IntFormat::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX), "32-bit"),
        IntFormat::Int64 => (i128::from(i64::MIN), i128::from(i64::MAX), "64-bit"),
    };
    if v < lo || v > hi {
        return Err(format!("is outside the {name} integer range"));
    }
    if let Some(m) = min {
        if v < i128::from(m) {
            return Err(format!("must be at least {m}"));
        }
    }
    if let Some(m) = max {
        if v > i128::from(m) {
            return Err(format!("must be at most {m}"));
        }
    }
    Ok(())
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn integer_rules_match_the_reference() {
    let texts = [
        "0",
        "-0",
        "1",
        "-1",
        "5",
        "100",
        "101",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "1e19",
        "1.0e19",
        "-1e19",
        "1.1e19",
        "9.223372036854775807e18",
        "-9.223372036854775808e18",
        "9.2233720368547748e18",
        "-9.2233720368547748e18",
        "1.5",
        "-0.0",
        "2.0",
        "1e3",
        "-2147483648.0",
        "2147483648.0",
        "3e9",
        "-3e9",
        "1e-400",
        "123456789012345678901234",
    ];
    let bounds = [
        (None, None),
        (Some(1), Some(100)),
        (Some(-5), None),
        (None, Some(-3)),
        (Some(i64::MIN), Some(i64::MAX)),
    ];
    for text in texts {
        let n: serde_json::Number = serde_json::from_str(text).unwrap();
        for format in [IntFormat::Int32, IntFormat::Int64] {
            for (min, max) in bounds {
                let bounds: &'static IntBounds = Box::leak(Box::new(IntBounds { min, max }));
                let ty = Ty::Integer { format, bounds };
                let want = int_reference(&n, format, min, max)
                    .map_err(|m| airbyte_core::validate::Invalid::new("", m));
                assert_eq!(
                    validate_json(&ty, text, RESPONSE),
                    want,
                    "{text} {format:?} {min:?} {max:?}"
                );
                assert_eq!(
                    validate_json_exact(&ty, text, CLIENT_REQUEST),
                    want,
                    "{text}"
                );
                assert_eq!(
                    airbyte_core::validate::validate_value(
                        &ty,
                        &Value::Number(n.clone()),
                        RESPONSE
                    ),
                    want,
                    "{text}"
                );
            }
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn property_names_can_be_matched_in_place() {
    // The scanner compares raw key bytes with property names in place; that is only exact if
    // no name needs escaping in JSON and none is empty.
    use airbyte_core::spec::Kind;
    for s in SCHEMAS {
        if let Kind::Object { props, .. } = s.kind {
            for p in props {
                assert!(!p.name.is_empty(), "{}", s.name);
                assert!(
                    p.name.bytes().all(|c| c >= 0x20 && c != b'"' && c != b'\\'),
                    "{}.{}",
                    s.name,
                    p.name
                );
            }
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn strings_of_every_length_with_a_special_byte_anywhere() {
    // In wasm the SIMD loop is what these cases exercise (.cargo/config.toml enables it).
    assert_eq!(
        cfg!(target_feature = "simd128"),
        cfg!(target_arch = "wasm32")
    );
    // The string loop reads 16-byte vectors (wasm SIMD) or 8-byte words while that many
    // bytes are left, then single bytes: put a quote, a backslash escape, a control
    // character, a byte just outside the special ranges or a multi-byte character at every
    // position of strings of every length around those boundaries, near the end of the body
    // too (the value is the last member).
    let conn = ty("ConnectionResponse");
    let t = connection(3).to_string();
    for len in 0..64 {
        for at in 0..=len {
            for special in [
                "\"", "\\n", "\\u00e9", "\\q", "\t", "\u{1}", "\u{1f}", " ", "!", "[", "]",
                "\u{7f}", "é", "\\",
            ] {
                let s = format!("{}{special}{}", "x".repeat(at), "y".repeat(len - at));
                let head = format!("{{\"name\":\"{s}\",{}", &t[1..]);
                let tail = format!("{},\"statusReason\":\"{s}\"}}", &t[..t.len() - 1]);
                // Plain characters must not stop the fast path.
                let plain = matches!(special, " " | "!" | "[" | "]" | "\u{7f}" | "é");
                assert!(check(conn, &head) || !plain, "{head}");
                assert!(check(conn, &tail) || !plain, "{tail}");
            }
            let s = "z".repeat(len);
            let tail = format!("{},\"prefix\":\"{s}\"}}", &t[..t.len() - 1]);
            assert!(check(conn, &tail), "{tail}");
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn property_names_differing_in_one_byte_are_not_taken_for_properties() {
    // Key bytes are compared a word at a time (overlapping words for the tail): a key that
    // differs from a property name in any single byte, or is a prefix or extension of it,
    // must not count as that property.
    let conn = ty("ConnectionResponse");
    let base = connection(5);
    for name in [
        "nonBreakingSchemaUpdatesBehavior",
        "namespaceDefinition",
        "connectionId",
        "createdAt",
        "status",
        "tags",
    ] {
        let mut m = base.clone();
        let v = m.as_object_mut().unwrap().remove(name).unwrap();
        let rest = m.to_string();
        let mut variants = vec![name[..name.len() - 1].to_string(), format!("{name}x")];
        for i in 0..name.len() {
            let mut b = name.as_bytes().to_vec();
            b[i] ^= 0x20;
            variants.push(String::from_utf8(b).unwrap());
        }
        for key in variants {
            // The required/typed property is missing (or the value's type no longer
            // matters): the exact validator decides, the scanner must agree or give up.
            let text = format!("{{\"{key}\":{v},{}", &rest[1..]);
            check(conn, &text);
            let text = format!("{{\"{key}\":7,{}", &rest[1..]);
            check(conn, &text);
        }
        let text = format!("{{\"{name}\":{v},{}", &rest[1..]);
        assert!(check(conn, &text), "{text}");
    }
}

/// Long arrays of objects are checked item by item against a template learnt from an earlier
/// item (`scan.rs`, `Hole`): whatever differs from the template — values of another type or
/// out of range, escapes, markers, keys added, dropped, reordered or duplicated, whitespace,
/// nested arrays of another length — must still be judged soundly, and valid variations must
/// still be accepted.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn item_templates_are_sound() {
    #[derive(Clone, Copy, PartialEq)]
    enum Verdict {
        /// Invalid.
        No,
        /// Valid and taken by the scanner.
        Fast,
        /// Valid, left to the exact validator.
        Slow,
    }
    use Verdict::*;
    let list = ty("ConnectionsResponse");
    let page = connections_page(6, 0);
    assert!(check(list, &page));
    // Edits of the fifth item (templates are learnt from the third on).
    let fifth = page.match_indices("{\"connectionId\"").nth(4).unwrap().0;
    let (head, tail) = page.split_at(fifth);
    let end = fifth + tail.find("},{\"connectionId\"").unwrap() + 1;
    let item = &page[fifth..end];
    let edits: &[(&str, &str, Verdict)] = &[
        ("\"status\":\"active\"", "\"status\":\"paused\"", Fast),
        (
            "\"status\":\"active\"",
            "\"status\":\"a\\\"b\\u00e9\"",
            Slow,
        ),
        ("\"status\":\"active\"", "\"status\":\"\"", Fast),
        ("\"status\":\"active\"", "\"status\":7", No),
        ("\"status\":\"active\"", "\"status\":null", No),
        ("\"status\":\"active\"", "\"status\":{}", No),
        (
            "\"status\":\"active\"",
            "\"status\":\"\\u0000invalid:bigint\"",
            No,
        ),
        ("\"status\":\"active\"", "\"status\":\"a\nb\"", No),
        ("\"status\":\"active\"", "\"status\":\"a\\qb\"", No),
        ("\"status\":\"active\"", "\"status\":\"active", No),
        ("\"prefix\":\"raw_\"", "\"prefix\":null", Fast),
        ("\"prefix\":\"raw_\",", "", Fast),
        (
            "\"prefix\":\"raw_\"",
            "\"prefix\":\"raw_\",\"extra\":[1,{\"a\":null}]",
            Fast,
        ),
        (
            "\"prefix\":\"raw_\"",
            "\"prefix\":\"raw_\",\"prefix\":\"x\"",
            Fast,
        ),
        ("\"createdAt\":1764400004", "\"createdAt\":-3", Fast),
        (
            "\"createdAt\":1764400004",
            "\"createdAt\":17644000040000",
            Fast,
        ),
        ("\"createdAt\":1764400004", "\"createdAt\":1.5", No),
        ("\"createdAt\":1764400004", "\"createdAt\":1e3", Slow),
        (
            "\"createdAt\":1764400004",
            "\"createdAt\":99999999999999999999",
            No,
        ),
        ("\"createdAt\":1764400004", "\"createdAt\":\"1\"", No),
        ("\"createdAt\":1764400004", "\"createdAt\":null", No),
        ("\"createdAt\":1764400004", "\"createdAt\":01", No),
        ("\"includeFiles\":false", "\"includeFiles\":true", Fast),
        ("\"includeFiles\":false", "\"includeFiles\":\"false\"", No),
        (
            "\"cursorField\":[\"updated_at\"]",
            "\"cursorField\":[]",
            Fast,
        ),
        (
            "\"cursorField\":[\"updated_at\"]",
            "\"cursorField\":[\"a\",\"b\"]",
            Fast,
        ),
        (
            "\"cursorField\":[\"updated_at\"]",
            "\"cursorField\":[1]",
            No,
        ),
        (
            "\"primaryKey\":[[\"id\"]]",
            "\"primaryKey\":[[\"id\"],[]]",
            Fast,
        ),
        ("\"primaryKey\":[[\"id\"]]", "\"primaryKey\":[\"id\"]", No),
        ("\"name\":\"production\"", "\"name\" : \"production\"", Fast),
        ("\"name\":\"production\"", "\"name\":\"production\" ", Fast),
        (
            "\"name\":\"production\"",
            "\"nam\\u0065\":\"production\"",
            Slow,
        ),
        ("\"connectionId\"", "\"connectionID\"", No),
        ("\"sourceId\":", "\"sourceId\":1,\"sourceId\":", No),
        ("\"tags\":[", "\"tags\":[{\"tagId\":\"x\"},", No),
        (
            "\"schedule\":{\"scheduleType\":\"cron\",",
            "\"schedule\":{",
            No,
        ),
        (
            "\"0 0 * * * ?\"",
            "\"0 0 * * * ?\",\"scheduleType\":\"manual\"",
            Fast,
        ),
        ("{\"connectionId\"", "{ \"connectionId\"", Fast),
        ("\"statusReason\":\"\"}", "\"statusReason\":\"\"", No),
        ("\"statusReason\":\"\"}", "\"statusReason\":\"\"}}", No),
    ];
    for &(from, to, verdict) in edits {
        assert!(item.contains(from), "{from}");
        for n in 1..=2 {
            // The edit in the fifth item, or also in the sixth (the template learnt anew).
            let mut text = format!("{head}{}", item.replacen(from, to, n.min(2)));
            text.push_str(&page[end..].replacen(from, to, n - 1));
            let exact = validate_json_exact(list, &text, RESPONSE).is_ok();
            assert_eq!(exact, verdict != No, "{from} -> {to}");
            let fast = check(list, &text);
            assert!(fast || verdict != Fast, "not taken: {from} -> {to}");
        }
    }

    // Random edits of lists whose items are alike: most land after the third item.
    let mut rng = Rng(0x7E3A_1A7E);
    let bases = [connections_page(6, 0), big_list(6)];
    let (mut accepted, mut rejected) = (0usize, 0usize);
    for round in 0..1200 {
        let mut text = bases[round % 2].clone();
        for _ in 0..(1 + round % 3) {
            text = mutate_text(&text, &mut rng);
        }
        if check(list, &text) {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    // Value edits of the later items.
    let vocab = vocabulary();
    for base in &bases {
        let v: Value = serde_json::from_str(base).unwrap();
        for round in 0..300 {
            let mut v = v.clone();
            let k = 3 + rng.below(3);
            for _ in 0..(1 + round % 3) {
                mutate(&mut v["data"][k], &mut rng, &vocab);
            }
            if check(list, &v.to_string()) {
                accepted += 1;
            } else {
                rejected += 1;
            }
        }
    }
    assert!(
        accepted > 200 && rejected > 600,
        "{accepted} accepted, {rejected} not"
    );

    // Lists of generated valid items of every object schema: alike or not, all are taken
    // whenever the items alone are.
    for id in 0..SCHEMAS.len() as u16 {
        let item_ty = ref_ty(id).unwrap();
        let one = gen_valid(item_ty, &mut rng, 0);
        let alike: Vec<Value> = (0..6).map(|_| one.clone()).collect();
        let unlike: Vec<Value> = (0..6).map(|_| gen_valid(item_ty, &mut rng, 0)).collect();
        for items in [alike, unlike] {
            let each = items.iter().all(|v| scan::accepts(item_ty, &v.to_string()));
            let text = Value::Array(items).to_string();
            let arr = Ty::Array {
                items: item_ty,
                min_items: 0,
            };
            assert_eq!(check(&arr, &text), each, "{text}");
        }
    }
}

/// Items with very many scalars are not used as templates (the scanner keeps little memory);
/// such arrays are still judged as before.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn items_with_many_values_are_judged_without_templates() {
    let list = ty("ConnectionsResponse");
    for n in [500, 511, 512, 513, 2000] {
        let mut v: Value = serde_json::from_str(&connections_page(5, 0)).unwrap();
        for item in v["data"].as_array_mut().unwrap() {
            item["tags"] = Value::Array(
                (0..n)
                    .map(|i| json!({"tagId": format!("t{i}"), "workspaceId": "w", "name": "n", "color": "c"}))
                    .collect(),
            );
        }
        assert!(check(list, &v.to_string()), "{n}");
        v["data"][4]["tags"][n - 1]["color"] = json!(1);
        assert!(!check(list, &v.to_string()), "{n}");
        // Many scalars in an opaque value of an unknown key.
        let mut w: Value = serde_json::from_str(&connections_page(5, 0)).unwrap();
        for item in w["data"].as_array_mut().unwrap() {
            item["extra"] = json!((0..n).collect::<Vec<_>>());
        }
        assert!(check(list, &w.to_string()), "{n}");
        w["data"][3]["extra"][n - 1] = json!("x");
        assert!(check(list, &w.to_string()), "{n}");
        let bad = w.to_string().replacen(",\"x\"]", ",\"x]", 1);
        assert!(!check(list, &bad), "{n}");
    }
}
