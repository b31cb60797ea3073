//! Generators shared by the fuzz suites: a small deterministic RNG, valid instances of any
//! schema, arbitrary JSON over the spec's vocabulary, and value-level mutations.
#![allow(dead_code)]

use airbyte_core::generated::SCHEMAS;
use airbyte_core::schema;
use airbyte_core::spec::{IntFormat, Kind, StrFormat, Ty};
use serde_json::{json, Map, Value};

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

pub const UUIDS: &[&str] = &[
    "9924bcd0-99be-453d-ba47-c2c9766f7da5",
    "95E66A59-8045-4307-9678-63BC3C9B8C93",
];

pub fn valid_string(f: StrFormat, rng: &mut Rng) -> String {
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
pub fn gen_valid(ty: &Ty, rng: &mut Rng, depth: u32) -> Value {
    match ty {
        Ty::String(f) => Value::String(valid_string(*f, rng)),
        Ty::Integer { format, bounds } => {
            let (min, max) = (bounds.min, bounds.max);
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

pub fn vocabulary() -> Vec<&'static str> {
    let mut v = vec!["type", "algorithm", "data", "x", ""];
    for s in SCHEMAS {
        if let Kind::Object { props, .. } = s.kind {
            v.extend(props.iter().map(|p| p.name));
        }
    }
    v
}

pub fn arbitrary(rng: &mut Rng, depth: u32, vocab: &[&'static str]) -> Value {
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
pub fn mutate(v: &mut Value, rng: &mut Rng, vocab: &[&'static str]) {
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

/// A `ConnectionsResponse` of `n` identical items with escapes, non-ASCII and an unknown key.
pub fn big_list(n: usize) -> String {
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
