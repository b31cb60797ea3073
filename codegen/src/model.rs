//! The API model the generators work from: the schemas reached from the operations and the
//! operations themselves, read out of the OpenAPI document (as a `serde_json::Value`).

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Connector configurations and the like: opaque JSON objects, their `oneOf` is not walked.
pub const OPAQUE_OBJECTS: &[&str] = &[
    "SourceConfiguration",
    "DestinationConfiguration",
    "OAuthCredentialsConfiguration",
    "DeclarativeManifest",
];
/// Schemas taken as "any JSON value".
pub const ANY_SCHEMAS: &[&str] = &["OAuthConfiguration"];

#[derive(Debug, Clone, PartialEq)]
pub enum StrFmt {
    Plain,
    Uuid,
    DateTime,
    Email,
    Uri,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GTy {
    String(StrFmt),
    Integer {
        int64: bool,
        min: Option<i64>,
        max: Option<i64>,
    },
    Number,
    Boolean,
    Array(Box<GTy>, u32),
    Ref(String),
    Enum(Vec<String>),
    Any,
    AnyObject,
}

#[derive(Debug, Clone)]
pub struct GProp {
    pub name: String,
    pub ty: GTy,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub enum GKind {
    Object {
        props: Vec<GProp>,
        additional: bool,
    },
    Enum(Vec<String>),
    OneOf {
        variants: Vec<String>,
        discriminator: Option<(String, Vec<(String, String)>)>,
    },
    Alias(GTy),
}

#[derive(Debug, Clone)]
pub struct GSchema {
    pub name: String,
    pub kind: GKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    None,
    Body,
    Object,
}

impl Shape {
    /// The name `operations.js` gives the shape (what `client.js` reads).
    pub fn js_name(self) -> &'static str {
        match self {
            Shape::None => "none",
            Shape::Body => "body",
            Shape::Object => "object",
        }
    }
}

#[derive(Debug, Clone)]
pub struct GParam {
    pub name: String,
    pub in_path: bool,
    pub ty: GTy,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct GBody {
    pub schema: String,
    pub arg: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GResponse {
    Json(String),
    Empty,
    OpenJson,
}

#[derive(Debug, Clone)]
pub struct GOperation {
    pub id: String,
    pub group: String,
    pub method: String,
    pub path: String,
    pub shape: Shape,
    pub params: Vec<GParam>,
    pub body: Option<GBody>,
    pub success_status: u16,
    pub response: GResponse,
    pub auth: bool,
}

pub struct Model {
    /// Sorted by name; a schema's id is its index here.
    pub schemas: Vec<GSchema>,
    pub operations: Vec<GOperation>,
}

impl Model {
    pub fn id_of(&self, name: &str) -> Result<usize, String> {
        self.schemas
            .binary_search_by(|s| s.name.as_str().cmp(name))
            .map_err(|_| format!("schema {name} was referenced but not collected"))
    }
    pub fn schema(&self, name: &str) -> Option<&GSchema> {
        self.id_of(name).ok().and_then(|i| self.schemas.get(i))
    }
}

/// lowerCamel: the first character lower-cased.
pub fn lower_camel(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

fn ref_name(r: &str) -> Result<String, String> {
    r.strip_prefix("#/components/schemas/")
        .map(str::to_string)
        .ok_or_else(|| format!("unsupported $ref {r}"))
}

struct Builder<'a> {
    components: &'a serde_json::Map<String, Value>,
    reached: BTreeMap<String, GKind>,
    pending: Vec<String>,
    queued: BTreeSet<String>,
}

impl<'a> Builder<'a> {
    fn want(&mut self, name: &str) {
        if self.queued.insert(name.to_string()) {
            self.pending.push(name.to_string());
        }
    }

    fn ty(&mut self, s: &Value, ctx: &str) -> Result<GTy, String> {
        let obj = s
            .as_object()
            .ok_or_else(|| format!("{ctx}: schema is not an object"))?;
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let n = ref_name(r)?;
            self.want(&n);
            return Ok(GTy::Ref(n));
        }
        if let Some(e) = obj.get("enum") {
            return Ok(GTy::Enum(enum_values(e, ctx)?));
        }
        match obj.get("type").and_then(Value::as_str) {
            Some("string") => Ok(GTy::String(str_fmt(obj.get("format")))),
            Some("integer") => {
                let fmt = obj.get("format").and_then(Value::as_str).unwrap_or("int64");
                Ok(GTy::Integer {
                    int64: fmt != "int32",
                    min: obj.get("minimum").and_then(Value::as_i64),
                    max: obj.get("maximum").and_then(Value::as_i64),
                })
            }
            Some("number") => Ok(GTy::Number),
            Some("boolean") => Ok(GTy::Boolean),
            Some("array") => {
                let items = obj
                    .get("items")
                    .ok_or_else(|| format!("{ctx}: array without items"))?;
                let it = self.ty(items, ctx)?;
                let min = obj.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                Ok(GTy::Array(Box::new(it), min as u32))
            }
            Some("object") if !obj.contains_key("properties") && !obj.contains_key("oneOf") => {
                Ok(GTy::AnyObject)
            }
            None if obj
                .keys()
                .all(|k| k == "description" || k == "title" || k.starts_with("x-")) =>
            {
                Ok(GTy::Any)
            }
            other => Err(format!(
                "{ctx}: unsupported inline schema (type {other:?}); name it in components"
            )),
        }
    }

    fn named(&mut self, name: &str) -> Result<GKind, String> {
        if OPAQUE_OBJECTS.contains(&name) {
            return Ok(GKind::Alias(GTy::AnyObject));
        }
        if ANY_SCHEMAS.contains(&name) {
            return Ok(GKind::Alias(GTy::Any));
        }
        let s = self
            .components
            .get(name)
            .ok_or_else(|| format!("schema {name} not found"))?
            .clone();
        let obj = s
            .as_object()
            .ok_or_else(|| format!("{name}: not an object"))?;
        if let Some(one) = obj.get("oneOf").and_then(Value::as_array) {
            let mut variants = Vec::new();
            for v in one {
                let r = v
                    .get("$ref")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{name}: oneOf variant without $ref"))?;
                let n = ref_name(r)?;
                self.want(&n);
                variants.push(n);
            }
            let discriminator = match obj.get("discriminator") {
                None => None,
                Some(d) => {
                    let prop = d
                        .get("propertyName")
                        .and_then(Value::as_str)
                        .ok_or_else(|| format!("{name}: discriminator without propertyName"))?;
                    let mut mapping = Vec::new();
                    if let Some(m) = d.get("mapping").and_then(Value::as_object) {
                        for (k, v) in m {
                            let r = v
                                .as_str()
                                .ok_or_else(|| format!("{name}: bad discriminator mapping"))?;
                            mapping.push((k.clone(), ref_name(r)?));
                        }
                    }
                    Some((prop.to_string(), mapping))
                }
            };
            return Ok(GKind::OneOf {
                variants,
                discriminator,
            });
        }
        if let Some(e) = obj.get("enum") {
            return Ok(GKind::Enum(enum_values(e, name)?));
        }
        if obj.get("type").and_then(Value::as_str) == Some("object")
            || obj.contains_key("properties")
        {
            let required: Vec<&str> = obj
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut props = Vec::new();
            if let Some(p) = obj.get("properties").and_then(Value::as_object) {
                for (pn, ps) in p {
                    let ty = self.ty(ps, &format!("{name}.{pn}"))?;
                    props.push(GProp {
                        name: pn.clone(),
                        ty,
                        // A `required` entry that is not a property (spec defect) is dropped
                        // simply by never being looked at.
                        required: required.contains(&pn.as_str()),
                    });
                }
            }
            let additional = obj.get("additionalProperties") != Some(&Value::Bool(false));
            return Ok(GKind::Object { props, additional });
        }
        Ok(GKind::Alias(self.ty(&s, name)?))
    }
}

fn enum_values(e: &Value, ctx: &str) -> Result<Vec<String>, String> {
    e.as_array()
        .ok_or_else(|| format!("{ctx}: enum is not a list"))?
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{ctx}: non-string enum value"))
        })
        .collect()
}

fn str_fmt(f: Option<&Value>) -> StrFmt {
    match f
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("uuid") => StrFmt::Uuid,
        Some("date-time") => StrFmt::DateTime,
        Some("email") => StrFmt::Email,
        Some("uri") => StrFmt::Uri,
        _ => StrFmt::Plain,
    }
}

pub fn build(doc: &Value) -> Result<Model, String> {
    let components = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("no components/schemas")?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no paths")?;
    let mut b = Builder {
        components,
        reached: BTreeMap::new(),
        pending: Vec::new(),
        queued: BTreeSet::new(),
    };
    let mut ops = Vec::new();
    for (path, item) in paths {
        let item = item.as_object().ok_or("path item not an object")?;
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // Document order, which is also the order of the methods in each group.
        for (m, op) in item {
            if METHODS.contains(&m.as_str()) {
                ops.push(operation(&mut b, doc, path, m, op, &shared)?);
            }
        }
    }
    while let Some(n) = b.pending.pop() {
        let k = b.named(&n)?;
        b.reached.insert(n, k);
    }
    let schemas = b
        .reached
        .into_iter()
        .map(|(name, kind)| GSchema { name, kind })
        .collect();
    Ok(Model {
        schemas,
        operations: ops,
    })
}

fn operation(
    b: &mut Builder,
    doc: &Value,
    path: &str,
    method: &str,
    op: &Value,
    shared: &[Value],
) -> Result<GOperation, String> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{method} {path}: no operationId"))?
        .to_string();
    let group = lower_camel(
        op.get("x-speakeasy-group")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{id}: no x-speakeasy-group"))?,
    );
    // Path-item parameters first, an operation parameter of the same name and location
    // replacing its path-item twin in place.
    let mut raw: Vec<Value> = shared.to_vec();
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
        match raw.iter().position(|q| key(q) == key(&p)) {
            Some(i) => raw[i] = p,
            None => raw.push(p),
        }
    }
    let mut params = Vec::new();
    for p in &raw {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{id}: parameter without name"))?;
        let loc = p.get("in").and_then(Value::as_str).unwrap_or("");
        let in_path = match loc {
            "path" => true,
            "query" => false,
            other => return Err(format!("{id}: unsupported parameter location {other}")),
        };
        let schema = p
            .get("schema")
            .ok_or_else(|| format!("{id}.{name}: no schema"))?;
        params.push(GParam {
            name: name.to_string(),
            in_path,
            ty: b.ty(schema, &format!("{id}.{name}"))?,
            required: in_path || p.get("required") == Some(&Value::Bool(true)),
        });
    }
    let body = match op.get("requestBody") {
        None => None,
        Some(rb) => {
            let r = rb
                .pointer("/content/application~1json/schema/$ref")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{id}: request body is not a JSON $ref"))?;
            let schema = ref_name(r)?;
            b.want(&schema);
            Some(GBody {
                arg: lower_camel(&schema),
                schema,
                required: rb.get("required") == Some(&Value::Bool(true)),
            })
        }
    };
    let shape = match (params.is_empty(), body.is_some()) {
        (true, false) => Shape::None,
        (true, true) => Shape::Body,
        _ => Shape::Object,
    };
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{id}: no responses"))?;
    let (status, resp) = responses
        .iter()
        .find(|(k, _)| k.starts_with('2'))
        .ok_or_else(|| format!("{id}: no 2xx response"))?;
    let success_status: u16 = status
        .parse()
        .map_err(|_| format!("{id}: bad status {status}"))?;
    let mut resp = resp.clone();
    if let Some(r) = resp.get("$ref").and_then(Value::as_str) {
        let ptr = r
            .strip_prefix('#')
            .ok_or_else(|| format!("{id}: external response ref"))?;
        resp = doc
            .pointer(ptr)
            .cloned()
            .ok_or_else(|| format!("{id}: dangling response ref {r}"))?;
    }
    let auth = op.get("security") != Some(&Value::Array(Vec::new()));
    let response = if success_status == 204 {
        GResponse::Empty
    } else {
        match resp.pointer("/content/application~1json/schema/$ref") {
            Some(r) => {
                let n = ref_name(r.as_str().ok_or("bad $ref")?)?;
                b.want(&n);
                GResponse::Json(n)
            }
            // The health check answers 200 with nothing; other open 200s carry some JSON.
            None if id == "getHealthCheck" => GResponse::Empty,
            None => GResponse::OpenJson,
        }
    };
    Ok(GOperation {
        id,
        group,
        method: method.to_string(),
        path: path.to_string(),
        shape,
        params,
        body,
        success_status,
        response,
        auth,
    })
}
