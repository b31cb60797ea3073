//! Emits `pkg-template/connectors.d.ts`: one interface per connector configuration found under
//! the `SourceConfiguration` / `DestinationConfiguration` `oneOf`s, the discriminated unions
//! over them, the explicit escape hatches for connectors the spec does not know, and shared
//! named types for nested shapes that occur more than once.
//!
//! Only facts from the spec reach the output (property names, types, enum and const values,
//! required-ness); titles and descriptions are ignored.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

/// A nested shape is given a shared name when it occurs at least this often …
const SHARE_MIN_COUNT: usize = 2;
/// … and its inline form is at least this long.
const SHARE_MIN_LEN: usize = 48;

/// A TypeScript type, before naming.
#[derive(Debug, Clone)]
enum T {
    /// `string`, `number`, `boolean`, `null`, `unknown`.
    Prim(&'static str),
    /// A union of JSON literals (already serialized).
    Lit(Vec<String>),
    Array(Box<T>),
    /// `{ [key: string]: T }`: an object the spec leaves open.
    Map(Box<T>),
    Obj(Obj),
    Union(Vec<T>, String),
}

#[derive(Debug, Clone)]
struct Obj {
    props: Vec<Prop>,
    /// Proposed name should the shape be shared.
    hint: String,
}

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    required: bool,
    ty: T,
}

/// `source-google-sheets` → `SourceGoogleSheets`; `OAuth2.0` → `OAuth20`.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut c = part.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'T');
    }
    out
}

/// A property key, quoted when it is not an identifier.
fn key(name: &str) -> Result<String, String> {
    Ok(crate::ts::key(name))
}

fn literal(v: &Value) -> Result<String, String> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => {
            serde_json::to_string(v).map_err(|e| e.to_string())
        }
        other => Err(format!("unsupported literal {other}")),
    }
}

fn literals(vals: &[Value], ctx: &str) -> Result<T, String> {
    let mut out: Vec<String> = Vec::new();
    for v in vals {
        let l = literal(v).map_err(|e| format!("{ctx}: {e}"))?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        return Err(format!("{ctx}: empty enum"));
    }
    Ok(T::Lit(out))
}

/// Converts one JSON-schema node (no `$ref`s occur inside connector schemas).
fn conv(v: &Value, hint: &str, ctx: &str) -> Result<T, String> {
    let Some(o) = v.as_object() else {
        return Ok(T::Prim("unknown"));
    };
    if o.contains_key("$ref") {
        return Err(format!(
            "{ctx}: $ref inside a connector schema is not supported"
        ));
    }
    if let Some(variants) = o.get("oneOf").and_then(Value::as_array) {
        let mut ts = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let vh = variant_hint(variant, hint, i);
            ts.push(conv(variant, &vh, &format!("{ctx}|{i}"))?);
        }
        return Ok(T::Union(ts, hint.to_string()));
    }
    let types: Vec<&str> = match o.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let en = o.get("enum").and_then(Value::as_array);
    let cn = o.get("const");
    // A `const` that disagrees with its `enum` (a spec defect): trust neither, use the type.
    let contradictory = matches!((en, cn), (Some(e), Some(c)) if e.as_slice() != [c.clone()]);
    if !contradictory {
        if let Some(e) = en {
            let lit = literals(e, ctx)?;
            // `type: array` with an `enum` of item values (and no `items`).
            if types == ["array"] {
                return Ok(T::Array(Box::new(lit)));
            }
            return Ok(lit);
        }
        if let Some(c) = cn {
            return literals(std::slice::from_ref(c), ctx);
        }
    }
    if types.is_empty() {
        if o.contains_key("properties") {
            return object(o, hint, ctx);
        }
        if o.contains_key("items") {
            return array(o, hint, ctx);
        }
        return Ok(T::Prim("unknown"));
    }
    let mut ts = Vec::new();
    for t in types {
        ts.push(match t {
            "string" => T::Prim("string"),
            "integer" | "number" => T::Prim("number"),
            "boolean" => T::Prim("boolean"),
            "null" => T::Prim("null"),
            "array" => array(o, hint, ctx)?,
            "object" => object(o, hint, ctx)?,
            other => return Err(format!("{ctx}: unsupported type {other}")),
        });
    }
    Ok(if ts.len() == 1 {
        ts.remove(0)
    } else {
        T::Union(ts, hint.to_string())
    })
}

fn array(o: &serde_json::Map<String, Value>, hint: &str, ctx: &str) -> Result<T, String> {
    Ok(T::Array(Box::new(match o.get("items") {
        Some(items) => conv(items, &format!("{hint}Item"), &format!("{ctx}[]"))?,
        None => T::Prim("unknown"),
    })))
}

fn object(o: &serde_json::Map<String, Value>, hint: &str, ctx: &str) -> Result<T, String> {
    let Some(props) = o.get("properties").and_then(Value::as_object) else {
        return Ok(T::Map(Box::new(match o.get("additionalProperties") {
            Some(ap @ Value::Object(_)) => conv(ap, &format!("{hint}Value"), ctx)?,
            _ => T::Prim("unknown"),
        })));
    };
    let required: Vec<&str> = o
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, schema) in props {
        out.push(Prop {
            name: name.clone(),
            // A required name that is not a declared property (a spec defect) is dropped.
            required: required.contains(&name.as_str()),
            ty: conv(schema, &pascal(name), &format!("{ctx}.{name}"))?,
        });
    }
    Ok(T::Obj(Obj {
        props: out,
        hint: hint.to_string(),
    }))
}

/// `TunnelMethod` + the first single-valued string const of the variant (`NO_TUNNEL`)
/// → `TunnelMethodNOTUNNEL`, else the variant's position.
fn variant_hint(v: &Value, parent: &str, i: usize) -> String {
    let tag = v
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|p| {
            p.values().find_map(|s| {
                let c = s.get("const").and_then(Value::as_str).or_else(|| {
                    match s.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
                        Some([Value::String(one)]) => Some(one.as_str()),
                        _ => None,
                    }
                })?;
                let p = pascal(c);
                (p != "T").then_some(p)
            })
        });
    match tag {
        Some(t) => format!("{parent}{t}"),
        None => format!("{parent}{}", i + 1),
    }
}

/// Renders types; shapes listed in `names` are written by name.
struct Renderer<'a> {
    names: &'a HashMap<String, String>,
}

impl Renderer<'_> {
    fn inline(&self, t: &T) -> String {
        match t {
            T::Prim(p) => (*p).to_string(),
            T::Lit(v) => v.join(" | "),
            T::Array(items) => {
                let inner = self.named(items);
                if matches!(**items, T::Lit(ref v) if v.len() > 1)
                    || matches!(**items, T::Union(..))
                {
                    format!("Array<{inner}>")
                } else {
                    format!("{inner}[]")
                }
            }
            T::Map(v) => format!("{{ [key: string]: {} }}", self.named(v)),
            T::Obj(o) => {
                if o.props.is_empty() {
                    return "{}".into();
                }
                let body: Vec<String> = o
                    .props
                    .iter()
                    .map(|p| {
                        format!(
                            "{}{}: {}",
                            key(&p.name).unwrap_or_else(|_| p.name.clone()),
                            if p.required { "" } else { "?" },
                            self.named(&p.ty)
                        )
                    })
                    .collect();
                format!("{{ {} }}", body.join("; "))
            }
            T::Union(ts, _) => {
                let mut parts: Vec<String> = Vec::new();
                for t in ts {
                    let s = self.named(t);
                    if !parts.contains(&s) {
                        parts.push(s);
                    }
                }
                parts.join(" | ")
            }
        }
    }

    fn named(&self, t: &T) -> String {
        if matches!(t, T::Obj(_) | T::Union(..)) {
            let full = Renderer {
                names: &HashMap::new(),
            }
            .inline(t);
            if let Some(n) = self.names.get(&full) {
                return n.clone();
            }
        }
        self.inline(t)
    }
}

/// Counts the fully inline form of every object and union shape, and remembers the first hint.
fn count(t: &T, seen: &mut BTreeMap<String, (usize, usize, String)>, order: &mut usize) {
    let plain = Renderer {
        names: &HashMap::new(),
    };
    match t {
        T::Array(i) | T::Map(i) => count(i, seen, order),
        T::Obj(o) => {
            for p in &o.props {
                count(&p.ty, seen, order);
            }
            note(plain.inline(t), &o.hint, seen, order);
        }
        T::Union(ts, hint) => {
            for v in ts {
                count(v, seen, order);
            }
            note(plain.inline(t), hint, seen, order);
        }
        T::Prim(_) | T::Lit(_) => {}
    }
}

fn note(
    full: String,
    hint: &str,
    seen: &mut BTreeMap<String, (usize, usize, String)>,
    order: &mut usize,
) {
    let e = seen.entry(full).or_insert_with(|| {
        *order += 1;
        (0, *order, hint.to_string())
    });
    e.0 += 1;
}

struct Family<'a> {
    /// `sourceType` / `destinationType`.
    key: &'a str,
    /// `Source` / `Destination`.
    noun: &'a str,
    /// Interface name, discriminator value, converted object (discriminator forced required).
    connectors: Vec<(String, String, Obj)>,
}

fn family<'a>(doc: &Value, union: &str, key: &'a str, noun: &'a str) -> Result<Family<'a>, String> {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("no components/schemas")?;
    let variants = schemas
        .get(union)
        .and_then(|u| u.get("oneOf"))
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{union} is not a oneOf"))?;
    let mut connectors = Vec::new();
    let mut seen_values = BTreeSet::new();
    for v in variants {
        let r = v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .ok_or_else(|| format!("{union}: variant without a local $ref"))?;
        let schema = schemas
            .get(r)
            .ok_or_else(|| format!("{union}: {r} not found"))?;
        let name = pascal(r);
        let disc = schema
            .pointer(&format!("/properties/{key}"))
            .ok_or_else(|| format!("{r}: no {key} property"))?;
        let value = disc
            .get("const")
            .and_then(Value::as_str)
            .or_else(|| match disc.get("enum").and_then(Value::as_array) {
                Some(e) if e.len() == 1 => e.first().and_then(Value::as_str),
                _ => None,
            })
            .ok_or_else(|| format!("{r}: {key} is not a single string constant"))?;
        if !seen_values.insert(value.to_string()) {
            return Err(format!("{union}: two connectors with {key} {value:?}"));
        }
        let T::Obj(mut obj) = conv(schema, &name, r)? else {
            return Err(format!("{r}: not an object schema"));
        };
        // The discriminator is what makes the union checkable: always required here. (A few
        // connectors leave it optional in the spec; a configuration without it goes through
        // the explicit Custom… type.)
        // It also goes first, where a reader looks for it.
        let at = obj
            .props
            .iter()
            .position(|p| p.name == key)
            .ok_or_else(|| format!("{r}: no {key} property"))?;
        let mut d = obj.props.remove(at);
        d.required = true;
        obj.props.insert(0, d);
        connectors.push((name, value.to_string(), obj));
    }
    connectors.sort_by(|a, b| a.0.cmp(&b.0));
    for w in connectors.windows(2) {
        if let [a, b] = w {
            if a.0 == b.0 {
                return Err(format!("{union}: two connectors named {}", a.0));
            }
        }
    }
    Ok(Family {
        key,
        noun,
        connectors,
    })
}

/// Names of the hand-shaped declarations at the top of the file.
fn fixed_names(f: &Family) -> Vec<String> {
    let n = f.noun;
    vec![
        format!("{n}Configuration"),
        format!("{n}Type"),
        format!("{n}ConfigurationFor"),
        format!("Custom{n}Configuration"),
        format!("{n}ConfigurationInput"),
        format!("{n}ConfigurationPatch"),
        format!("Any{n}Configuration"),
    ]
}

fn header(o: &mut String, f: &Family) {
    let (n, k) = (f.noun, f.key);
    let lower = n.to_ascii_lowercase();
    let _ = writeln!(
        o,
        "/** The configuration of a {lower} connector this package knows, told apart by `{k}`. */"
    );
    let _ = writeln!(o, "export type {n}Configuration =");
    for (name, _, _) in &f.connectors {
        let _ = writeln!(o, "  | {name}");
    }
    o.push_str(";\n\n");
    let _ = writeln!(o, "/** Every `{k}` this package knows. */");
    let _ = writeln!(o, "export type {n}Type = {n}Configuration[\"{k}\"];\n");
    let _ = writeln!(
        o,
        "/** The configuration interface of the known connector whose `{k}` is `T`. */"
    );
    let _ = writeln!(
        o,
        "export type {n}ConfigurationFor<T extends {n}Type> = Extract<{n}Configuration, {{ {k}: T }}>;\n"
    );
    let _ = writeln!(
        o,
        "/** The unchecked configuration of a connector named by `definitionId` instead of `{k}`\n * (a custom connector, or one newer than this package). Without `{k}` nothing can be\n * checked; a value typed `Record<string, unknown>` is accepted here too. `{k}` is kept\n * `undefined` so that the union stays keyed by it (typos after a known `{k}` stay errors,\n * and the compiler finds the member by key instead of trying all of them). */"
    );
    let _ = writeln!(
        o,
        "export interface Custom{n}Configuration {{\n  {k}?: undefined;\n  [key: string]: unknown;\n}}\n"
    );
    let _ = writeln!(
        o,
        "/** What create and put requests accept: a checked known connector or an explicit custom one. */"
    );
    let _ = writeln!(
        o,
        "export type {n}ConfigurationInput = {n}Configuration | Custom{n}Configuration;\n"
    );
    let _ = writeln!(
        o,
        "/** What patch requests accept: a top-level subset of a known connector's keys (with its\n * `{k}`), or an explicit custom configuration. (`Partial` distributes over the union, and\n * `& {{ {k}: {{}} }}` makes each member's discriminator required again.) */"
    );
    let _ = writeln!(
        o,
        "export type {n}ConfigurationPatch = (Partial<{n}Configuration> & {{ {k}: {{}} }}) | Custom{n}Configuration;\n"
    );
    let _ = writeln!(
        o,
        "/** A configuration as the server returns it: a known connector's, or one this package does not\n * know, possibly without `{k}`. Narrow with a cast to `{n}ConfigurationFor<…>`. */"
    );
    let _ = writeln!(
        o,
        "export type Any{n}Configuration = {n}Configuration | {{ {k}?: string; [key: string]: unknown }};\n"
    );
}

/// The whole `connectors.d.ts`. `reserved`: names taken elsewhere in the package's types.
pub fn emit(doc: &Value, reserved: &BTreeSet<String>) -> Result<(String, String), String> {
    let families = [
        family(doc, "SourceConfiguration", "sourceType", "Source")?,
        family(
            doc,
            "DestinationConfiguration",
            "destinationType",
            "Destination",
        )?,
    ];

    // Names already used: connectors, the fixed declarations, the other generated file.
    let mut used: BTreeSet<String> = reserved.clone();
    for f in &families {
        for n in fixed_names(f) {
            // A clash would be resolved silently by `export *` in favour of generated.d.ts.
            if !used.insert(n.clone()) {
                return Err(format!("{n} is also a schema name"));
            }
        }
        for (name, _, _) in &f.connectors {
            if !used.insert(name.clone()) {
                return Err(format!("connector name {name} collides with another name"));
            }
        }
    }

    // Shared shapes: counted over every nested type of every connector.
    let mut seen: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    let mut order = 0;
    for f in &families {
        for (_, _, obj) in &f.connectors {
            for p in &obj.props {
                count(&p.ty, &mut seen, &mut order);
            }
        }
    }
    let mut shared: Vec<(usize, String, String)> = seen
        .into_iter()
        .filter(|(full, (n, _, _))| *n >= SHARE_MIN_COUNT && full.len() >= SHARE_MIN_LEN)
        .map(|(full, (_, first, hint))| (first, full, hint))
        .collect();
    shared.sort();
    let mut names: HashMap<String, String> = HashMap::new();
    // Kept in first-occurrence order for emission.
    let mut shared_list: Vec<(String, String)> = Vec::new();
    for (_, full, hint) in shared {
        let mut name = hint.clone();
        let mut i = 2;
        while used.contains(&name) {
            name = format!("{hint}{i}");
            i += 1;
        }
        used.insert(name.clone());
        names.insert(full.clone(), name.clone());
        shared_list.push((name, full));
    }

    // Re-find the T of each shared shape to render it with inner names.
    let mut shapes: HashMap<String, T> = HashMap::new();
    for f in &families {
        for (_, _, obj) in &f.connectors {
            for p in &obj.props {
                collect(&p.ty, &names, &mut shapes);
            }
        }
    }

    let r = Renderer { names: &names };
    let mut o = String::new();
    o.push_str(
        "// Generated by `cargo run -p airbyte-codegen` from the Airbyte OpenAPI document.\n\
         // Do not edit by hand. Connector configurations: types only, nothing of this reaches the wasm.\n\n",
    );
    for f in &families {
        header(&mut o, f);
    }
    for f in &families {
        for (name, _, obj) in &f.connectors {
            let _ = writeln!(o, "export interface {name} {{");
            for p in &obj.props {
                let _ = writeln!(
                    o,
                    "  {}{}: {};",
                    key(&p.name)?,
                    if p.required { "" } else { "?" },
                    r.named(&p.ty)
                );
            }
            o.push_str("}\n\n");
        }
    }
    let _ = writeln!(
        o,
        "// Shapes shared by several connectors. Not exported (their names are not stable);\n\
         // reach them by indexed access, e.g. `SourceConfigurationFor<\"postgres\">[\"tunnel_method\"]`.\n\
         export {{}};\n"
    );
    for (name, full) in &shared_list {
        let t = shapes
            .get(full)
            .ok_or_else(|| format!("shared shape {name} not found again"))?;
        match t {
            T::Obj(obj) if !obj.props.is_empty() => {
                let _ = writeln!(o, "interface {name} {{");
                for p in &obj.props {
                    let _ = writeln!(
                        o,
                        "  {}{}: {};",
                        key(&p.name)?,
                        if p.required { "" } else { "?" },
                        r.named(&p.ty)
                    );
                }
                o.push_str("}\n\n");
            }
            other => {
                let _ = writeln!(o, "type {name} = {};\n", r.inline(other));
            }
        }
    }
    let stats = format!(
        "{} source and {} destination connectors, {} shared shapes",
        families[0].connectors.len(),
        families[1].connectors.len(),
        shared_list.len()
    );
    Ok((o, stats))
}

fn collect(t: &T, names: &HashMap<String, String>, out: &mut HashMap<String, T>) {
    match t {
        T::Array(i) | T::Map(i) => collect(i, names, out),
        T::Obj(o) => o.props.iter().for_each(|p| collect(&p.ty, names, out)),
        T::Union(ts, _) => ts.iter().for_each(|v| collect(v, names, out)),
        T::Prim(_) | T::Lit(_) => return,
    }
    let full = Renderer {
        names: &HashMap::new(),
    }
    .inline(t);
    if names.contains_key(&full) && !out.contains_key(&full) {
        out.insert(full, t.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("source-google-sheets"), "SourceGoogleSheets");
        assert_eq!(pascal("source-100ms"), "Source100ms");
        assert_eq!(pascal("OAuth2.0"), "OAuth20");
        assert_eq!(pascal("tunnel_method"), "TunnelMethod");
        assert_eq!(pascal("3d"), "T3d");
    }

    fn one(schema: Value) -> String {
        let t = conv(&schema, "X", "x").unwrap();
        Renderer {
            names: &HashMap::new(),
        }
        .inline(&t)
    }

    #[test]
    fn node_conversions() {
        assert_eq!(one(json!({"type": "string"})), "string");
        assert_eq!(one(json!({"type": ["string", "null"]})), "string | null");
        assert_eq!(one(json!({"type": "integer", "enum": [1, 7]})), "1 | 7");
        assert_eq!(one(json!({"const": "CDC", "enum": ["CDC"]})), "\"CDC\"");
        // const and enum disagree: the type wins.
        assert_eq!(
            one(json!({"type": "integer", "const": 50, "enum": [null]})),
            "number"
        );
        assert_eq!(
            one(json!({"type": "array", "enum": ["a", "b"]})),
            "Array<\"a\" | \"b\">"
        );
        assert_eq!(one(json!({"type": "array"})), "unknown[]");
        assert_eq!(one(json!({"type": "object"})), "{ [key: string]: unknown }");
        assert_eq!(
            one(
                json!({"type": "object", "required": ["a", "zz"], "properties": {"a": {"type": "boolean"}, "b-c": {"type": "number"}}})
            ),
            "{ a: boolean; \"b-c\"?: number }"
        );
        assert_eq!(
            one(json!({"type": "object", "oneOf": [
                {"properties": {"m": {"const": "A"}}, "required": ["m"]},
                {"type": "object", "properties": {"m": {"const": "B"}, "k": {"type": "string"}}}
            ]})),
            "{ m: \"A\" } | { m?: \"B\"; k?: string }"
        );
        assert_eq!(one(json!({"query": {"type": "string"}})), "unknown");
    }

    #[test]
    fn variant_hints_use_the_const() {
        let v = json!({"properties": {"x": {"type": "string"}, "m": {"const": "SSH_KEY_AUTH"}}});
        assert_eq!(variant_hint(&v, "Tunnel", 0), "TunnelSSHKEYAUTH");
        assert_eq!(variant_hint(&json!({}), "Tunnel", 1), "Tunnel2");
    }

    fn doc() -> Value {
        let tunnel = json!({"type": "object", "oneOf": [
            {"type": "object", "required": ["m"], "properties": {"m": {"const": "NONE", "enum": ["NONE"]}}},
            {"type": "object", "required": ["m", "host", "user"], "properties": {"m": {"const": "SSH", "enum": ["SSH"]}, "host": {"type": "string"}, "port": {"type": "integer"}, "user": {"type": "string"}, "key_path": {"type": "string"}}}
        ]});
        json!({"components": {"schemas": {
            "SourceConfiguration": {"oneOf": [
                {"$ref": "#/components/schemas/source-b"},
                {"$ref": "#/components/schemas/source-a"}
            ]},
            "DestinationConfiguration": {"oneOf": [{"$ref": "#/components/schemas/destination-x"}]},
            "source-a": {"type": "object", "required": ["host"], "properties": {
                "sourceType": {"const": "a", "enum": ["a"], "type": "string"},
                "host": {"type": "string"}, "tunnel": tunnel.clone()}},
            "source-b": {"type": "object", "properties": {
                "sourceType": {"const": "b", "enum": ["b"], "type": "string"},
                "tunnel": tunnel}},
            "destination-x": {"type": "object", "required": ["destinationType"], "properties": {
                "destinationType": {"const": "x", "enum": ["x"], "type": "string"},
                "mode": {"type": "string", "enum": ["append", "overwrite"]}}}
        }}})
    }

    #[test]
    fn whole_file_shape() {
        let reserved = BTreeSet::from(["Tunnel".to_string()]);
        let (dts, stats) = emit(&doc(), &reserved).unwrap();
        assert_eq!(
            stats,
            "2 source and 1 destination connectors, 2 shared shapes"
        );
        // Sorted by name, discriminator forced required, shared shapes named and used.
        assert!(dts.contains("export type SourceConfiguration =\n  | SourceA\n  | SourceB\n;"));
        assert!(dts
            .contains("export interface SourceB {\n  sourceType: \"b\";\n  tunnel?: Tunnel2;\n}"));
        assert!(dts.contains(
            "export interface SourceA {\n  sourceType: \"a\";\n  host: string;\n  tunnel?: Tunnel2;\n}"
        ));
        assert!(dts.contains("\ntype Tunnel2 = { m: \"NONE\" } | TunnelSSH;"));
        assert!(dts.contains(
            "\ninterface TunnelSSH {\n  m: \"SSH\";\n  host: string;\n  port?: number;\n  user: string;\n  key_path?: string;\n}"
        ));
        assert!(dts.contains(
            "export interface DestinationX {\n  destinationType: \"x\";\n  mode?: \"append\" | \"overwrite\";\n}"
        ));
        assert!(dts.contains("export interface CustomSourceConfiguration {\n  sourceType?: undefined;\n  [key: string]: unknown;\n}"));
        // No index signature on connector interfaces.
        for block in dts.split("export interface ").skip(1) {
            if !block.starts_with("Custom") && !block.starts_with("Any") {
                assert!(!block.contains("[key: string]"), "{block}");
            }
        }
        // Deterministic.
        assert_eq!(emit(&doc(), &reserved).unwrap().0, dts);
    }

    #[test]
    fn name_clashes_with_schemas_are_refused() {
        let reserved = BTreeSet::from(["SourceType".to_string()]);
        assert!(emit(&doc(), &reserved).unwrap_err().contains("SourceType"));
        let reserved = BTreeSet::from(["SourceA".to_string()]);
        assert!(emit(&doc(), &reserved).unwrap_err().contains("SourceA"));
    }

    #[test]
    fn duplicate_discriminators_are_refused() {
        let mut d = doc();
        d["components"]["schemas"]["source-b"]["properties"]["sourceType"] = json!({"const": "a"});
        assert!(emit(&d, &BTreeSet::new())
            .unwrap_err()
            .contains("two connectors"));
    }
}
