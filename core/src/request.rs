//! Turns a caller's argument into the HTTP request the official SDKs would send.

use crate::spec::{Body, Method, Operation, Param, ParamLoc, RequestShape, Ty};
use crate::validate::{self, Invalid, Scalar, CLIENT_REQUEST};
use serde_json::{Map, Value};

/// An HTTP request ready to send, relative to the server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub method: Method,
    /// The path with parameters substituted and percent-encoded, e.g. `/connections/a%20b`.
    pub path: String,
    /// Query pairs in parameter order, not yet encoded (see [`encode_query`]).
    pub query: Vec<(&'static str, String)>,
    /// Compact JSON body, when the operation has one and it was given.
    pub body: Option<String>,
}

/// Validates `arg` in [`CLIENT_REQUEST`] mode and encodes it per the wire format.
pub fn prepare(op: &Operation, arg: Option<&Value>) -> Result<Prepared, Invalid> {
    let mut out = Prepared {
        method: op.method,
        path: String::new(),
        query: Vec::new(),
        body: None,
    };
    match op.shape {
        RequestShape::None => {
            if arg.is_some() {
                return Err(Invalid::new("", "this operation takes no argument"));
            }
        }
        RequestShape::Body => {
            let body = op
                .body
                .ok_or_else(|| Invalid::new("", "operation table is inconsistent"))?;
            match arg {
                // The body is the whole argument: ask for it whenever it has required fields,
                // even where the spec marks the body itself optional (createSource, …).
                None if body.required || has_required(&body) => {
                    return Err(missing_body(&body, ""))
                }
                None => {}
                Some(v) => {
                    validate::check_at(body_ty(&body)?, v, CLIENT_REQUEST, "", false)?;
                    out.body = Some(to_json(v)?);
                }
            }
        }
        RequestShape::Object => {
            let empty = Map::new();
            let map = match arg {
                None => &empty,
                Some(Value::Object(m)) => m,
                Some(other) => {
                    return Err(Invalid::new(
                        "",
                        format!("expected object, got {}", crate::validate::got_name(other)),
                    ))
                }
            };
            // Caller's key order, so the first bad key is the first reported.
            for (k, v) in map {
                if let Some(p) = op.params.iter().find(|p| p.name == k) {
                    validate::check_at(&p.ty, v, CLIENT_REQUEST, p.name, !p.required)?;
                } else if let Some(b) = op.body.as_ref().filter(|b| b.arg == k) {
                    validate::check_at(body_ty(b)?, v, CLIENT_REQUEST, b.arg, !b.required)?;
                } else {
                    return Err(Invalid::new(k.clone(), "unknown field"));
                }
            }
            for p in op.params.iter().filter(|p| p.required) {
                if present(map.get(p.name)).is_none() {
                    return Err(Invalid::new(p.name, "missing required field"));
                }
            }
            if let Some(b) = &op.body {
                match present(map.get(b.arg)) {
                    Some(v) => out.body = Some(to_json(v)?),
                    None if b.required => {
                        return Err(Invalid::new(b.arg, "missing required field"))
                    }
                    None => {}
                }
            }
            for p in op.params.iter().filter(|p| p.location == ParamLoc::Query) {
                match present(map.get(p.name)) {
                    Some(Value::Array(items)) => {
                        for item in items {
                            out.query.push((p.name, scalar(item, p.name)?));
                        }
                    }
                    Some(v) => out.query.push((p.name, scalar(v, p.name)?)),
                    None => {}
                }
            }
            out.path = fill_path(op, map)?;
            return Ok(out);
        }
    }
    out.path = fill_path(op, &Map::new())?;
    Ok(out)
}

/// [`prepare`] for the usual argument, straight from its JSON text: a flat object, as
/// `JSON.stringify` writes it, of parameters whose values are strings without escapes,
/// non-negative integers below 10^18 or booleans, and no body. `None` whenever the argument is
/// anything else or [`prepare`] would report an error: [`prepare`] then decides (and words the
/// error). When it returns `Some`, it is what [`prepare`] returns for the parsed argument.
pub fn prepare_flat(op: &Operation, text: &str) -> Option<Prepared> {
    if op.shape != RequestShape::Object || op.body.is_some_and(|b| b.required) {
        return None;
    }
    // (parameter, value as sent), in the caller's order.
    let mut args: Vec<(&str, &str)> = Vec::new();
    let mut rest = text.strip_prefix('{')?;
    if rest != "}" {
        loop {
            let (k, r) = flat_string(rest)?;
            let r = r.strip_prefix(':')?;
            let (sent, checked, r) = if r.starts_with('"') {
                let (v, r) = flat_string(r)?;
                (v, Scalar::Str(v), r)
            } else {
                let (v, r) = r.split_at_checked(r.find([',', '}'])?)?;
                (v, flat_literal(v)?, r)
            };
            // A repeated key is left to serde_json (its last value wins).
            if args.iter().any(|a| a.0 == k) {
                return None;
            }
            let p = op.params.iter().find(|p| p.name == k)?;
            if !validate::accepts_scalar(&p.ty, checked, CLIENT_REQUEST) {
                return None;
            }
            args.push((p.name, sent));
            match r.strip_prefix(',') {
                Some(r) => rest = r,
                None if r == "}" => break,
                None => return None,
            }
        }
    }
    let get = |name: &str| args.iter().find(|a| a.0 == name).map(|a| a.1);
    if op
        .params
        .iter()
        .any(|p| p.required && get(p.name).is_none())
    {
        return None;
    }
    let mut query = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLoc::Query) {
        if let Some(v) = get(p.name) {
            query.push((p.name, v.to_string()));
        }
    }
    let path = fill_path_with(op, &|p| match get(p.name) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(Invalid::new("", "")),
    })
    .ok()?;
    Some(Prepared {
        method: op.method,
        path,
        query,
        body: None,
    })
}

/// The JSON string at the start of `s` (which must begin with its opening quote): its text and
/// what follows it, when it has no escapes or control characters (its text is then the string).
fn flat_string(s: &str) -> Option<(&str, &str)> {
    let s = s.strip_prefix('"')?;
    let end = s
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
    let (v, r) = s.split_at_checked(end)?;
    Some((v, r.strip_prefix('"')?))
}

/// `true`, `false` or a non-negative integer without leading zeros below 10^18 (its text is
/// what [`scalar`] writes for it).
fn flat_literal(v: &str) -> Option<Scalar<'_>> {
    match v {
        "true" | "false" => Some(Scalar::Bool),
        _ if !v.is_empty()
            && v.len() <= 18
            && v.bytes().all(|b| b.is_ascii_digit())
            && (v == "0" || !v.starts_with('0')) =>
        {
            // At most 18 digits: no overflow.
            Some(Scalar::Uint(
                v.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')),
            ))
        }
        _ => None,
    }
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

fn body_ty(b: &Body) -> Result<&'static Ty, Invalid> {
    validate::ref_ty(b.schema).ok_or_else(|| Invalid::new("", "operation table is inconsistent"))
}

fn has_required(b: &Body) -> bool {
    crate::schema(b.schema).is_some_and(|s| match &s.kind {
        crate::spec::Kind::Object { props, .. } => props.iter().any(|p| p.required),
        _ => false,
    })
}

/// The error for a missing body: it names the body's first required field.
fn missing_body(b: &Body, prefix: &str) -> Invalid {
    let first = crate::schema(b.schema).and_then(|s| match &s.kind {
        crate::spec::Kind::Object { props, .. } => props.iter().find(|p| p.required),
        _ => None,
    });
    match first {
        Some(p) if prefix.is_empty() => Invalid::new(p.name, "missing required field"),
        Some(p) => Invalid::new(format!("{prefix}.{}", p.name), "missing required field"),
        None => Invalid::new(prefix, "missing request body"),
    }
}

fn to_json(v: &Value) -> Result<String, Invalid> {
    serde_json::to_string(v).map_err(|_| Invalid::new("", "the body cannot be written as JSON"))
}

/// The text of a validated scalar parameter value.
fn scalar(v: &Value, name: &str) -> Result<String, Invalid> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(if *b { "true" } else { "false" }.to_string()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(i.to_string())
            } else if let Some(u) = n.as_u64() {
                Ok(u.to_string())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18 {
                    Ok((f as i64).to_string())
                } else {
                    // serde_json's own number printer (ryu), already in the wasm.
                    Ok(n.to_string())
                }
            }
        }
        other => Err(Invalid::new(
            name,
            format!(
                "expected a single value, got {}",
                crate::validate::got_name(other)
            ),
        )),
    }
}

fn fill_path(op: &Operation, map: &Map<String, Value>) -> Result<String, Invalid> {
    fill_path_with(op, &|p| {
        let v = present(map.get(p.name))
            .ok_or_else(|| Invalid::new(p.name, "missing required field"))?;
        scalar(v, p.name)
    })
}

/// The path of `op` with each parameter replaced by `text(param)`, percent-encoded.
fn fill_path_with(
    op: &Operation,
    // `dyn`: one copy of the loop for both readers of the argument.
    text: &dyn Fn(&Param) -> Result<String, Invalid>,
) -> Result<String, Invalid> {
    let mut out = String::with_capacity(op.path.len() + 40);
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let after = after.get(1..).unwrap_or_default();
        let close = after
            .find('}')
            .ok_or_else(|| Invalid::new("", "operation table is inconsistent"))?;
        let (name, tail) = after.split_at(close);
        let param: Option<&Param> = op
            .params
            .iter()
            .find(|p| p.name == name && p.location == ParamLoc::Path);
        let param = param.ok_or_else(|| Invalid::new("", "operation table is inconsistent"))?;
        let text = text(param)?;
        if text.is_empty() {
            return Err(Invalid::new(param.name, "must not be empty"));
        }
        percent_encode_into(&text, &mut out);
        rest = tail.get(1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// Appends `s` with every byte but the unreserved `A-Za-z0-9-._~` percent-encoded.
pub fn percent_encode_into(s: &str, out: &mut String) {
    fn hex(n: u8) -> char {
        char::from(if n < 10 { b'0' + n } else { b'A' + (n - 10) })
    }
    // Runs of unreserved bytes are copied whole (a UUID is one run). A run starts after an
    // escaped byte; one that starts inside a multi-byte character is empty (its next byte is
    // escaped too), and `get` gives "" for it.
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            continue;
        }
        out.push_str(s.get(run..i).unwrap_or_default());
        out.push('%');
        out.push(hex(b >> 4));
        out.push(hex(b & 15));
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
}

/// `s` percent-encoded (everything but unreserved characters).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_encode_into(s, &mut out);
    out
}

/// `k=v&k=v`, keys and values percent-encoded, no leading `?`.
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(k.as_ref(), &mut out);
        out.push('=');
        percent_encode_into(v.as_ref(), &mut out);
    }
    out
}
