//! Generated cases: the value walker and the streaming validator agree; valid instances pass;
//! nothing panics on arbitrary input.
// proptest is a native-only dev-dependency (it does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use airbyte_core::generated::{OPERATIONS, SCHEMAS};
use airbyte_core::spec::Ty;
use airbyte_core::validate::{
    ref_ty, validate_json, validate_value, CLIENT_REQUEST, RESPONSE, SERVER_REQUEST,
};
use airbyte_core::{problem, request, token};
use proptest::prelude::*;

mod common;
use common::{arbitrary, gen_valid, mutate, vocabulary, Rng, UUIDS};
use serde_json::{json, Map, Value};

#[test]
fn valid_instances_pass_and_walkers_agree_on_mutations() {
    let vocab = vocabulary();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut errors = 0usize;
    let mut total = 0usize;
    for round in 0..60 {
        for id in 0..SCHEMAS.len() as u16 {
            let ty = ref_ty(id).unwrap();
            let mut v = gen_valid(ty, &mut rng, 0);
            for mode in [CLIENT_REQUEST, SERVER_REQUEST, RESPONSE] {
                assert_eq!(
                    validate_value(ty, &v, mode),
                    Ok(()),
                    "{} {v}",
                    SCHEMAS[id as usize].name
                );
                assert_eq!(
                    validate_json(ty, &v.to_string(), mode),
                    Ok(()),
                    "{} {v}",
                    SCHEMAS[id as usize].name
                );
            }
            for _ in 0..(1 + round % 3) {
                mutate(&mut v, &mut rng, &vocab);
            }
            for mode in [CLIENT_REQUEST, SERVER_REQUEST, RESPONSE] {
                let a = validate_value(ty, &v, mode);
                let b = validate_json(ty, &v.to_string(), mode);
                let c = validate_json(ty, &serde_json::to_string_pretty(&v).unwrap(), mode);
                assert_eq!(a, b, "{} {mode:?} {v}", SCHEMAS[id as usize].name);
                assert_eq!(a, c);
                total += 1;
                errors += a.is_err() as usize;
            }
        }
    }
    // The mutations must actually exercise the error paths, and not only them.
    assert!(errors > total / 4 && errors < total, "{errors} of {total}");
}

#[test]
fn walkers_agree_on_arbitrary_values() {
    let vocab = vocabulary();
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let id = rng.below(SCHEMAS.len()) as u16;
        let ty = ref_ty(id).unwrap();
        let v = arbitrary(&mut rng, 5, &vocab);
        for mode in [CLIENT_REQUEST, RESPONSE] {
            assert_eq!(
                validate_value(ty, &v, mode),
                validate_json(ty, &v.to_string(), mode),
                "{v}"
            );
        }
    }
}

#[test]
fn prepare_accepts_generated_valid_arguments() {
    let mut rng = Rng(7);
    for _ in 0..20 {
        for op in OPERATIONS {
            let arg = match op.shape {
                airbyte_core::spec::RequestShape::None => None,
                airbyte_core::spec::RequestShape::Body => {
                    Some(gen_valid(&Ty::Ref(op.body.unwrap().schema), &mut rng, 0))
                }
                airbyte_core::spec::RequestShape::Object => {
                    let mut m = Map::new();
                    for p in op.params {
                        if p.required || rng.chance(50) {
                            let mut v = gen_valid(&p.ty, &mut rng, 0);
                            if v == json!("") && p.location == airbyte_core::spec::ParamLoc::Path {
                                v = json!("a b/ü"); // empty path segments are refused
                            }
                            m.insert(p.name.into(), v);
                        }
                    }
                    if let Some(b) = op.body {
                        m.insert(b.arg.into(), gen_valid(&Ty::Ref(b.schema), &mut rng, 0));
                    }
                    Some(Value::Object(m))
                }
            };
            let p = request::prepare(op, arg.as_ref()).unwrap_or_else(|e| panic!("{} {e}", op.id));
            assert!(
                p.path.starts_with('/') && !p.path.contains('{'),
                "{}",
                p.path
            );
            assert_eq!(p.body.is_some(), op.body.is_some(), "{}", op.id);
            if let (Some(body), Some(Value::Object(m))) = (&p.body, &arg) {
                if op.shape == airbyte_core::spec::RequestShape::Object {
                    let b = op.body.unwrap();
                    assert_eq!(serde_json::from_str::<Value>(body).unwrap(), m[b.arg]);
                }
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["sync", "\u{0}invalid:bigint", UUIDS[0], "active"])
            .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "connectionId",
                        "workspaceIds",
                        "limit",
                        "name",
                        "configuration",
                        "jobType",
                        "x",
                        "connectionPatchRequest",
                        "status"
                    ])
                    .prop_map(String::from),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn validate_json_never_panics(text in ".{0,200}", id in 0..SCHEMAS.len() as u16) {
        let ty = ref_ty(id).unwrap();
        for mode in [CLIENT_REQUEST, SERVER_REQUEST, RESPONSE] {
            let _ = validate_json(ty, &text, mode);
        }
    }

    #[test]
    fn json_text_and_value_agree(v in json_value(), id in 0..SCHEMAS.len() as u16) {
        let ty = ref_ty(id).unwrap();
        for mode in [CLIENT_REQUEST, SERVER_REQUEST, RESPONSE] {
            prop_assert_eq!(validate_value(ty, &v, mode), validate_json(ty, &v.to_string(), mode));
        }
    }

    #[test]
    fn problem_parse_never_panics(status in any::<u16>(), body in ".{0,300}", json in json_value()) {
        let p = problem::parse(status, Some("application/json"), &body);
        let m = problem::message(status, p.as_ref());
        prop_assert!(m.contains(&status.to_string()));
        let p = problem::parse(status, None, &json.to_string());
        let _ = problem::message(status, p.as_ref());
    }

    #[test]
    fn prepare_never_panics(arg in json_value(), i in 0..OPERATIONS.len()) {
        let op = &OPERATIONS[i];
        let _ = request::prepare(op, Some(&arg));
        let _ = request::prepare(op, None);
    }

    #[test]
    fn token_helpers_never_panic(t in ".{0,80}", now in any::<f64>(), exp in proptest::option::of(any::<f64>()), u in ".{0,20}") {
        let _ = token::jwt_exp_ms(&t);
        let _ = token::expiry_ms(now, exp, &t);
        let h = token::basic_auth_header(&u, &t);
        prop_assert!(h.starts_with("Basic "));
        prop_assert_eq!(token::base64url_decode(h.trim_start_matches("Basic ")).unwrap(), format!("{u}:{t}").into_bytes());
    }
}

/// A flat argument object as `JSON.stringify` writes it, from the parameter names of operation
/// `i` and a few others, with values the flat reader takes and values it must leave alone.
fn flat_arg(i: usize) -> impl Strategy<Value = String> {
    let op = &OPERATIONS[i];
    let mut names: Vec<String> = op.params.iter().map(|p| p.name.to_string()).collect();
    if let Some(b) = &op.body {
        names.push(b.arg.to_string());
    }
    names.extend(["other".to_string(), "limit".to_string(), "".to_string()]);
    let value = prop_oneof![
        proptest::sample::select(UUIDS.to_vec()).prop_map(|u| json!(u).to_string()),
        "[a-zA-Z0-9 %/?é\"\\\\\u{0}-]{0,12}".prop_map(|s| json!(s).to_string()),
        proptest::sample::select(vec![
            "0",
            "1",
            "7",
            "20",
            "100",
            "101",
            "1000",
            "007",
            "-1",
            "1.5",
            "1e2",
            "999999999999999999",
            "1000000000000000000",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "\"\"",
            "\"\\u0000invalid:bigint\"",
            "[\"11111111-1111-1111-1111-111111111111\"]",
            "\"active\"",
            "\"full_refresh_overwrite\"",
        ])
        .prop_map(str::to_string),
    ];
    proptest::collection::vec((proptest::sample::select(names), value), 0..5).prop_map(|kv| {
        let members: Vec<String> = kv
            .iter()
            .map(|(k, v)| format!("{}:{v}", json!(k)))
            .collect();
        format!("{{{}}}", members.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Whenever the flat reader answers, it answers what `prepare` says for the parsed argument.
    #[test]
    fn prepare_flat_agrees_with_prepare((i, text) in (0..OPERATIONS.len()).prop_flat_map(|i| (Just(i), flat_arg(i)))) {
        let op = &OPERATIONS[i];
        let flat = request::prepare_flat(op, &text);
        match serde_json::from_str::<Value>(&text) {
            // Not JSON (e.g. `007`): the full path reports it.
            Err(_) => prop_assert_eq!(flat, None),
            Ok(v) => {
                if let Some(p) = flat {
                    prop_assert_eq!(Ok(p), request::prepare(op, Some(&v)));
                }
            }
        }
    }

    #[test]
    fn prepare_flat_never_panics(text in ".{0,80}", i in 0..OPERATIONS.len()) {
        if let Some(p) = request::prepare_flat(&OPERATIONS[i], &text) {
            let v: Value = serde_json::from_str(&text).expect("the flat reader took invalid JSON");
            prop_assert_eq!(Ok(p), request::prepare(&OPERATIONS[i], Some(&v)));
        }
    }
}
