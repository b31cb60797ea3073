//! Generated cases: the value walker and the streaming validator agree; valid instances pass;
//! nothing panics on arbitrary input.

use airbyte_core::generated::{OPERATIONS, SCHEMAS};
use airbyte_core::spec::{IntFormat, Kind, StrFormat, Ty};
use airbyte_core::validate::{
    ref_ty, validate_json, validate_value, CLIENT_REQUEST, RESPONSE, SERVER_REQUEST,
};
use airbyte_core::{problem, request, schema, token};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

const UUIDS: &[&str] = &[
    "9924bcd0-99be-453d-ba47-c2c9766f7da5",
    "95E66A59-8045-4307-9678-63BC3C9B8C93",
];

fn valid_string(f: StrFormat, rng: &mut Rng) -> String {
    match f {
        StrFormat::Plain => pick(rng, &["", "x", "hello world", "ü€", "a\"b\\c\n"]).to_string(),
        StrFormat::Uuid => pick(rng, UUIDS).to_string(),
        StrFormat::DateTime => pick(
            rng,
            &["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.5+01:00"],
        )
        .to_string(),
        StrFormat::Email => "a@b.io".into(),
        StrFormat::Uri => "https://x.io/p".into(),
    }
}

/// A random value that satisfies `ty` in every mode.
fn gen_valid(ty: &Ty, rng: &mut Rng, depth: u32) -> Value {
    match ty {
        Ty::String(f) => Value::String(valid_string(*f, rng)),
        Ty::Integer { format, min, max } => {
            let lo = min.unwrap_or(match format {
                IntFormat::Int32 => i32::MIN as i64,
                IntFormat::Int64 => -(1 << 53),
            });
            let hi = max.unwrap_or(match format {
                IntFormat::Int32 => i32::MAX as i64,
                IntFormat::Int64 => 1 << 53,
            });
            let c = [
                lo,
                hi,
                lo.max(0).min(hi),
                lo + (rng.next() % ((hi - lo) as u64 + 1)) as i64,
            ];
            json!(*pick(rng, &c))
        }
        Ty::Number => json!(*pick(rng, &[0.5, -3.0, 1e10])),
        Ty::Boolean => json!(rng.chance(50)),
        Ty::Array { items, min_items } => {
            let n = if depth > 6 {
                *min_items as usize
            } else {
                *min_items as usize + rng.below(3)
            };
            Value::Array((0..n).map(|_| gen_valid(items, rng, depth + 1)).collect())
        }
        Ty::Enum(v) => json!(*pick(rng, v)),
        Ty::Any => json!(*pick(
            rng,
            &[json!(null), json!(1), json!({"a": [true, "x"]})]
        )),
        Ty::AnyObject => {
            let mut m = Map::new();
            if rng.chance(50) {
                m.insert("sourceType".into(), json!("faker"));
                m.insert("nested".into(), json!({"k": [1, "two", null, {"x": 2.5}]}));
            }
            Value::Object(m)
        }
        Ty::Ref(id) => {
            let s = schema(*id).unwrap();
            match s.kind {
                Kind::Object { props, .. } => {
                    let mut m = Map::new();
                    for p in props {
                        if p.required || (depth < 6 && rng.chance(50)) {
                            m.insert(p.name.into(), gen_valid(&p.ty, rng, depth + 1));
                        } else if rng.chance(10) {
                            m.insert(p.name.into(), Value::Null);
                        }
                    }
                    Value::Object(m)
                }
                Kind::Enum(v) => json!(*pick(rng, v)),
                Kind::OneOf {
                    variants,
                    discriminator,
                } => {
                    let id = *pick(rng, variants);
                    let mut v = gen_valid(&Ty::Ref(id), rng, depth + 1);
                    if let Some(d) = discriminator {
                        let tag = d.mapping.iter().find(|(_, i)| *i == id).unwrap().0;
                        v[d.property] = json!(tag);
                    }
                    v
                }
                Kind::Alias(t) => gen_valid(&t, rng, depth),
            }
        }
    }
}

fn vocabulary() -> Vec<&'static str> {
    let mut v = vec!["type", "algorithm", "data", "x", ""];
    for s in SCHEMAS {
        if let Kind::Object { props, .. } = s.kind {
            v.extend(props.iter().map(|p| p.name));
        }
    }
    v
}

fn arbitrary(rng: &mut Rng, depth: u32, vocab: &[&'static str]) -> Value {
    let leaf = depth == 0 || rng.chance(40);
    if leaf {
        return match rng.below(12) {
            0 => Value::Null,
            1 => json!(rng.chance(50)),
            2 => json!(*pick(
                rng,
                &[0i64, 1, -1, 100, 101, i32::MAX as i64 + 1, i64::MIN]
            )),
            3 => json!(*pick(rng, &[0.5, 1.0, -2.5e300, 1e19])),
            4 => json!(u64::MAX),
            5 => json!(*pick(rng, UUIDS)),
            6 => json!("\u{0}invalid:bigint"),
            7 => json!(*pick(
                rng,
                &["sync", "active", "RSA", "NOT", "EQUAL", "cron", "source"]
            )),
            8 => json!("2024-01-02T03:04:05Z"),
            _ => json!(*pick(rng, &["", "zz", "not-a-uuid"])),
        };
    }
    if rng.chance(50) {
        Value::Array(
            (0..rng.below(4))
                .map(|_| arbitrary(rng, depth - 1, vocab))
                .collect(),
        )
    } else {
        let mut m = Map::new();
        for _ in 0..rng.below(5) {
            let k = if vocab.is_empty() {
                "k"
            } else {
                *pick(rng, vocab)
            };
            m.insert(k.into(), arbitrary(rng, depth - 1, vocab));
        }
        Value::Object(m)
    }
}

/// Replaces, removes or adds something somewhere in `v`.
fn mutate(v: &mut Value, rng: &mut Rng, vocab: &[&'static str]) {
    match v {
        Value::Object(m) if !m.is_empty() && rng.chance(70) => {
            let k = m.keys().nth(rng.below(m.len())).unwrap().clone();
            match rng.below(4) {
                0 => {
                    m.shift_remove(&k);
                }
                1 => {
                    m.insert(pick(rng, vocab).to_string(), arbitrary(rng, 2, vocab));
                }
                _ => mutate(m.get_mut(&k).unwrap(), rng, vocab),
            }
        }
        Value::Array(a) if !a.is_empty() && rng.chance(70) => {
            let i = rng.below(a.len());
            if rng.chance(20) {
                a.remove(i);
            } else {
                mutate(&mut a[i], rng, vocab);
            }
        }
        _ => *v = arbitrary(rng, 2, vocab),
    }
}

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
