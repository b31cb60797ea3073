//! One validator, three modes: requests built by the client, requests received by the
//! emulator, and responses. [`validate_value`] walks a `serde_json::Value`;
//! [`validate_json`] checks JSON text while parsing it, without building a `Value`. Both apply
//! the same rules in the same order and report the same first error. For responses,
//! [`validate_json`] first tries the byte scanner of [`crate::scan`], which can only say
//! "valid" or "not sure"; the streaming serde validator ([`validate_json_exact`]) decides
//! everything else.

use crate::spec::{IntFormat, Kind, Prop, Schema, StrFormat, Ty};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// What the validator is strict about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Keys an object schema does not define are errors (outside opaque objects).
    pub reject_unknown_keys: bool,
    /// `uuid`, `date-time`, `email` and `uri` strings are checked.
    pub check_formats: bool,
    /// Enum values outside the spec's list are errors.
    pub strict_enums: bool,
}

/// What the client checks before sending: everything.
pub const CLIENT_REQUEST: Mode = Mode {
    reject_unknown_keys: true,
    check_formats: true,
    strict_enums: true,
};
/// What the emulator checks on incoming requests: unknown keys are ignored.
pub const SERVER_REQUEST: Mode = Mode {
    reject_unknown_keys: false,
    check_formats: true,
    strict_enums: true,
};
/// What the client checks on responses: shape and types only; unknown keys and unknown
/// enum values are kept.
pub const RESPONSE: Mode = Mode {
    reject_unknown_keys: false,
    check_formats: false,
    strict_enums: false,
};

/// Values nested deeper than this are rejected (instead of recursing further).
pub const MAX_DEPTH: u32 = 64;

/// Prefix the JS wrapper puts on values JSON cannot carry (`"\u{0}invalid:bigint"`).
pub const INVALID_MARKER: &str = "\u{0}invalid:";

/// The first mismatch found. `path` is dotted from the root (`data[3].connectionId`), empty
/// for the root itself; `message` never contains the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl Invalid {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for Invalid {}

// ---------------------------------------------------------------------------------------------
// Paths: a chain of segments on the stack, rendered only when an error is reported.

#[derive(Clone, Copy)]
pub(crate) enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    seg: Seg<'a>,
    parent: Option<&'a Path<'a>>,
}

impl<'a> Path<'a> {
    pub(crate) const ROOT: Path<'static> = Path {
        seg: Seg::Root,
        parent: None,
    };
    /// A root that renders as `prefix` (e.g. the body argument's name).
    pub(crate) fn named(prefix: &'a str) -> Path<'a> {
        if prefix.is_empty() {
            Path {
                seg: Seg::Root,
                parent: None,
            }
        } else {
            Path {
                seg: Seg::Key(prefix),
                parent: None,
            }
        }
    }
    fn key<'b>(&'b self, k: &'b str) -> Path<'b> {
        Path {
            seg: Seg::Key(k),
            parent: Some(self),
        }
    }
    fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            seg: Seg::Index(i),
            parent: Some(self),
        }
    }
    pub(crate) fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for s in segs.iter().rev() {
            match s {
                Seg::Root => {}
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
    fn err(&self, message: impl Into<String>) -> Invalid {
        Invalid::new(self.render(), message)
    }
}

// ---------------------------------------------------------------------------------------------
// Types resolved through named schemas and aliases.

#[derive(Clone, Copy)]
enum Res {
    Str(StrFormat),
    Int(IntFormat, Option<i64>, Option<i64>),
    Number,
    Boolean,
    Array(&'static Ty, u32),
    Object(&'static [Prop], bool),
    Enum(&'static [&'static str]),
    OneOf(&'static Schema),
    Any,
    AnyObject,
}

impl Res {
    fn expected(self) -> &'static str {
        match self {
            Res::Str(_) | Res::Enum(_) => "string",
            Res::Int(..) => "integer",
            Res::Number => "number",
            Res::Boolean => "boolean",
            Res::Array(..) => "array",
            Res::Object(..) | Res::OneOf(_) | Res::AnyObject => "object",
            Res::Any => "JSON value",
        }
    }
}

fn resolve(ty: &Ty) -> Result<Res, &'static str> {
    let mut ty: Ty = *ty;
    // Alias chains are short; the bound only guards against a malformed table.
    for _ in 0..16 {
        let res = match ty {
            Ty::String(f) => Res::Str(f),
            Ty::Integer { format, bounds } => Res::Int(format, bounds.min, bounds.max),
            Ty::Number => Res::Number,
            Ty::Boolean => Res::Boolean,
            Ty::Array { items, min_items } => Res::Array(items, min_items),
            Ty::Enum(v) => Res::Enum(v),
            Ty::Any => Res::Any,
            Ty::AnyObject => Res::AnyObject,
            Ty::Ref(id) => {
                let s = crate::schema(id).ok_or("schema table is inconsistent")?;
                match &s.kind {
                    Kind::Object { props, additional } => Res::Object(props, *additional),
                    Kind::Enum(v) => Res::Enum(v),
                    Kind::OneOf { .. } => Res::OneOf(s),
                    Kind::Alias(t) => {
                        ty = *t;
                        continue;
                    }
                }
            }
        };
        return Ok(res);
    }
    Err("schema alias chain too long")
}

/// The JSON type of a value, as error messages name it.
pub(crate) fn got_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// "bigint" for `"\u{0}invalid:bigint"`, if `s` carries the marker.
fn marker(s: &str) -> Option<&'static str> {
    let rest = s.strip_prefix(INVALID_MARKER)?;
    Some(match rest {
        "bigint" => "bigint",
        "function" => "function",
        "symbol" => "symbol",
        "undefined" => "undefined",
        _ => "a value JSON cannot represent",
    })
}

fn check_str(s: &str, res: Res, mode: Mode, path: &Path) -> Result<(), Invalid> {
    if let Some(what) = marker(s) {
        return Err(wrong_type(path, res, what));
    }
    match res {
        Res::Str(f) => {
            if mode.check_formats {
                check_format(s, f).map_err(|m| path.err(m))?;
            }
            Ok(())
        }
        Res::Enum(values) => {
            if mode.strict_enums && !values.contains(&s) {
                Err(path.err(enum_message(values)))
            } else {
                Ok(())
            }
        }
        Res::Any => Ok(()),
        other => Err(wrong_type(path, other, "string")),
    }
}

/// "expected <what `res` wants>, got <got>" at `path` (out of line: error path only, and the
/// validator's string check runs on every request and on the first call).
#[cold]
#[inline(never)]
fn wrong_type(path: &Path, res: Res, got: &str) -> Invalid {
    path.err(format!("expected {}, got {got}", res.expected()))
}

fn enum_message(values: &[&str]) -> String {
    if values.len() <= 10 {
        let list: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        format!("expected one of {}", list.join(", "))
    } else {
        "is not one of the allowed values".into()
    }
}

fn check_format(s: &str, f: StrFormat) -> Result<(), &'static str> {
    let ok = match f {
        StrFormat::Plain => true,
        StrFormat::Uuid => is_uuid(s),
        StrFormat::DateTime => is_date_time(s),
        StrFormat::Email => is_email(s),
        StrFormat::Uri => is_uri(s),
    };
    if ok {
        Ok(())
    } else {
        Err(match f {
            StrFormat::Uuid => "expected a UUID",
            StrFormat::DateTime => "expected an RFC 3339 date-time",
            StrFormat::Email => "expected an email address",
            _ => "expected an absolute URI",
        })
    }
}

/// 8-4-4-4-12 hexadecimal digits, either case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `t`/`z` accepted in lower case.
#[inline(never)]
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(date) = b.get(..10) else {
        return false;
    };
    let date_ok = digits(date.get(..4).unwrap_or_default())
        && date.get(4) == Some(&b'-')
        && digits(date.get(5..7).unwrap_or_default())
        && date.get(7) == Some(&b'-')
        && digits(date.get(8..10).unwrap_or_default());
    if !date_ok || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    let Some(time) = b.get(11..) else {
        return false;
    };
    let hms = time.get(..8).unwrap_or_default();
    let time_ok = hms.len() == 8
        && digits(hms.get(..2).unwrap_or_default())
        && hms.get(2) == Some(&b':')
        && digits(hms.get(3..5).unwrap_or_default())
        && hms.get(5) == Some(&b':')
        && digits(hms.get(6..8).unwrap_or_default());
    if !time_ok {
        return false;
    }
    let mut rest = time.get(8..).unwrap_or_default();
    if rest.first() == Some(&b'.') {
        let frac = rest
            .iter()
            .skip(1)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if frac == 0 {
            return false;
        }
        rest = rest.get(1 + frac..).unwrap_or_default();
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `local@domain`, both parts non-empty, no whitespace, one `@`.
#[inline(never)]
pub fn is_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => {
            !l.is_empty() && !d.is_empty() && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

/// `scheme:rest` with an RFC 3986 scheme and no whitespace.
#[inline(never)]
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

enum Num {
    U(u64),
    I(i64),
    F(f64),
}

fn check_num(n: Num, res: Res, path: &Path) -> Result<(), Invalid> {
    match res {
        Res::Number | Res::Any => Ok(()),
        Res::Int(format, min, max) => {
            let name = match format {
                IntFormat::Int32 => "32-bit",
                IntFormat::Int64 => "64-bit",
            };
            let outside = || path.err(format!("is outside the {name} integer range"));
            // Everything outside i64 is outside both ranges.
            let v: i64 = match n {
                Num::U(u) => i64::try_from(u).map_err(|_| outside())?,
                Num::I(i) => i,
                Num::F(f) => {
                    if !f.is_finite() || f.fract() != 0.0 {
                        return Err(path.err("expected integer, got a fractional number"));
                    }
                    if f.abs() > 1e19 {
                        return Err(path.err("is outside the 64-bit integer range"));
                    }
                    // Integral and exact: -2^63 <= f < 2^63 is exactly the i64 range.
                    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
                        return Err(outside());
                    }
                    f as i64
                }
            };
            if format == IntFormat::Int32 && i32::try_from(v).is_err() {
                return Err(outside());
            }
            if let Some(m) = min {
                if v < m {
                    return Err(path.err(format!("must be at least {m}")));
                }
            }
            if let Some(m) = max {
                if v > m {
                    return Err(path.err(format!("must be at most {m}")));
                }
            }
            Ok(())
        }
        other => Err(path.err(format!("expected {}, got number", other.expected()))),
    }
}

fn find_prop<'p>(props: &'p [Prop], key: &str) -> Option<(usize, &'p Prop)> {
    props.iter().enumerate().find(|(_, p)| p.name == key)
}

fn too_deep(path: &Path) -> Invalid {
    path.err(format!("nesting deeper than {MAX_DEPTH} levels"))
}

// ---------------------------------------------------------------------------------------------
// Value walker.

/// A scalar read straight from JSON text (see [`crate::request::prepare_flat`]).
#[derive(Clone, Copy)]
pub(crate) enum Scalar<'a> {
    Str(&'a str),
    Uint(u64),
    Bool,
}

/// Whether [`check_at`] accepts the scalar `v` (as the `Value` serde_json would parse it) at
/// the top level; the same steps, without building a `Value` or wording an error.
pub(crate) fn accepts_scalar(ty: &Ty, v: Scalar, mode: Mode) -> bool {
    let Ok(res) = resolve(ty) else {
        return false;
    };
    match v {
        Scalar::Str(s) => check_str(s, res, mode, &Path::ROOT).is_ok(),
        Scalar::Uint(_) if matches!(res, Res::Any) => true,
        Scalar::Uint(u) => check_num(Num::U(u), res, &Path::ROOT).is_ok(),
        Scalar::Bool => matches!(res, Res::Any | Res::Boolean),
    }
}

/// Checks `v` against `ty`; the first mismatch is returned.
pub fn validate_value(ty: &Ty, v: &Value, mode: Mode) -> Result<(), Invalid> {
    check_value(ty, v, mode, &Path::ROOT, 1, false)
}

/// Like [`validate_value`], with error paths starting at `prefix` (e.g. `connectionPatchRequest`).
pub fn validate_value_at(ty: &Ty, v: &Value, mode: Mode, prefix: &str) -> Result<(), Invalid> {
    check_value(ty, v, mode, &Path::named(prefix), 1, false)
}

/// [`validate_value_at`] where `null` may stand for an absent optional value.
pub(crate) fn check_at(
    ty: &Ty,
    v: &Value,
    mode: Mode,
    prefix: &str,
    null_ok: bool,
) -> Result<(), Invalid> {
    check_value(ty, v, mode, &Path::named(prefix), 1, null_ok)
}

fn check_value(
    ty: &Ty,
    v: &Value,
    mode: Mode,
    path: &Path,
    depth: u32,
    null_ok: bool,
) -> Result<(), Invalid> {
    if depth > MAX_DEPTH {
        return Err(too_deep(path));
    }
    let res = resolve(ty).map_err(|m| path.err(m))?;
    if null_ok && v.is_null() {
        return Ok(());
    }
    check_res(res, v, mode, path, depth)
}

fn check_res(res: Res, v: &Value, mode: Mode, path: &Path, depth: u32) -> Result<(), Invalid> {
    match (res, v) {
        (_, Value::String(s)) => check_str(s, res, mode, path),
        (Res::Any, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_any(item, &path.index(i), depth + 1)?;
            }
            Ok(())
        }
        (Res::Any | Res::AnyObject, Value::Object(map)) => {
            for (k, item) in map {
                check_any(item, &path.key(k), depth + 1)?;
            }
            Ok(())
        }
        (Res::Any, _) => Ok(()),
        (Res::Boolean, Value::Bool(_)) => Ok(()),
        (_, Value::Number(n)) => {
            let num = if let Some(u) = n.as_u64() {
                Num::U(u)
            } else if let Some(i) = n.as_i64() {
                Num::I(i)
            } else {
                Num::F(n.as_f64().unwrap_or(f64::NAN))
            };
            check_num(num, res, path)
        }
        (Res::Array(items_ty, min), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(items_ty, item, mode, &path.index(i), depth + 1, false)?;
            }
            check_min_items(items.len(), min, path)
        }
        (Res::Object(props, additional), Value::Object(map)) => {
            for (k, item) in map {
                let p = path.key(k);
                match find_prop(props, k) {
                    Some((_, prop)) => {
                        check_value(&prop.ty, item, mode, &p, depth + 1, !prop.required)?;
                    }
                    None => {
                        if mode.reject_unknown_keys || !additional {
                            return Err(p.err("unknown field"));
                        }
                        // Ignored, but still depth- and marker-checked like the streaming walk.
                        check_any(item, &p, depth + 1)?;
                    }
                }
            }
            for prop in props.iter().filter(|p| p.required) {
                if !map.contains_key(prop.name) {
                    return Err(path.key(prop.name).err("missing required field"));
                }
            }
            Ok(())
        }
        (Res::OneOf(schema), Value::Object(map)) => check_one_of(schema, v, map, mode, path, depth),
        (res, v) => Err(path.err(format!("expected {}, got {}", res.expected(), got_name(v)))),
    }
}

fn check_min_items(len: usize, min: u32, path: &Path) -> Result<(), Invalid> {
    if (len as u64) < u64::from(min) {
        Err(path.err(format!(
            "expected at least {min} item{}",
            if min == 1 { "" } else { "s" }
        )))
    } else {
        Ok(())
    }
}

/// Inside opaque values only the depth and the JS marker are checked.
fn check_any(v: &Value, path: &Path, depth: u32) -> Result<(), Invalid> {
    if depth > MAX_DEPTH {
        return Err(too_deep(path));
    }
    check_res(Res::Any, v, RESPONSE, path, depth)
}

fn check_one_of(
    schema: &'static Schema,
    v: &Value,
    map: &serde_json::Map<String, Value>,
    mode: Mode,
    path: &Path,
    depth: u32,
) -> Result<(), Invalid> {
    let Kind::OneOf {
        variants,
        discriminator,
    } = &schema.kind
    else {
        return Err(path.err("schema table is inconsistent"));
    };
    if let Some(d) = discriminator {
        let dp = path.key(d.property);
        let tag = match map.get(d.property) {
            None | Some(Value::Null) => return Err(dp.err("missing required field")),
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(dp.err(format!("expected string, got {}", got_name(other))));
            }
        };
        if let Some(what) = marker(tag) {
            return Err(dp.err(format!("expected string, got {what}")));
        }
        return match d.mapping.iter().find(|(k, _)| *k == tag.as_str()) {
            Some((_, id)) => {
                let ty = variant_ty(*id, path)?;
                check_res(resolve(ty).map_err(|m| path.err(m))?, v, mode, path, depth)
            }
            None if mode.strict_enums => {
                let keys: Vec<&str> = d.mapping.iter().map(|(k, _)| *k).collect();
                Err(dp.err(enum_message(&keys)))
            }
            None => Ok(()),
        };
    }
    let mut first = None;
    for id in variants.iter() {
        let ty = variant_ty(*id, path)?;
        match check_res(resolve(ty).map_err(|m| path.err(m))?, v, mode, path, depth) {
            Ok(()) => return Ok(()),
            Err(e) => {
                if first.is_none() {
                    first = Some(e);
                }
            }
        }
    }
    Err(first.unwrap_or_else(|| path.err("no variant of this type matches")))
}

/// A `&'static Ty` naming schema `id`; the variants table holds ids, not types.
fn variant_ty(id: crate::spec::SchemaId, path: &Path) -> Result<&'static Ty, Invalid> {
    REF_TYS
        .get(usize::from(id))
        .ok_or_else(|| path.err("schema table is inconsistent"))
}

/// `Ty::Ref(i)` for every schema, so that a `&'static Ty` exists for each.
static REF_TYS: [Ty; crate::generated::SCHEMA_COUNT] = {
    let mut a = [Ty::Any; crate::generated::SCHEMA_COUNT];
    let mut i = 0;
    while i < crate::generated::SCHEMA_COUNT {
        a[i] = Ty::Ref(i as u16);
        i += 1;
    }
    a
};

/// A `&'static Ty` referring to the named schema with this id.
pub fn ref_ty(id: crate::spec::SchemaId) -> Option<&'static Ty> {
    REF_TYS.get(usize::from(id))
}

// ---------------------------------------------------------------------------------------------
// Streaming validator.

struct Ctx {
    mode: Mode,
    err: RefCell<Option<Invalid>>,
}

impl Ctx {
    fn fail<E: de::Error>(&self, e: Invalid) -> E {
        if let Ok(mut slot) = self.err.try_borrow_mut() {
            if slot.is_none() {
                *slot = Some(e);
            }
        }
        E::custom("invalid")
    }
}

/// Checks JSON text against `ty` while parsing it. Malformed JSON and trailing garbage are
/// reported with an empty path.
///
/// In [`RESPONSE`] mode the byte scanner of [`crate::scan`] runs first; when it cannot vouch
/// for the text, [`validate_json_exact`] decides (and words the error). The result is the
/// same either way.
pub fn validate_json(ty: &Ty, text: &str, mode: Mode) -> Result<(), Invalid> {
    if mode == RESPONSE && crate::scan::accepts(ty, text) {
        return Ok(());
    }
    validate_json_exact(ty, text, mode)
}

/// [`validate_json`] without the fast path: the streaming serde validator alone.
pub fn validate_json_exact(ty: &Ty, text: &str, mode: Mode) -> Result<(), Invalid> {
    let ctx = Ctx {
        mode,
        err: RefCell::new(None),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = TySeed {
        res: None,
        ty: *ty,
        ctx: &ctx,
        path: &Path::ROOT,
        depth: 1,
        null_ok: false,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    match result {
        Ok(()) => Ok(()),
        Err(e) => match ctx.err.into_inner() {
            // A schema error was found first; malformed text still wins, as it would if the
            // text were parsed before being checked (failure path only: a second pass).
            Some(inv) => match syntax_only(text) {
                Ok(()) => Err(inv),
                Err(e) => Err(Invalid::new("", syntax_message(&e))),
            },
            None => Err(Invalid::new("", syntax_message(&e))),
        },
    }
}

fn syntax_only(text: &str) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    de::IgnoredAny::deserialize(&mut de)?;
    de.end()
}

fn syntax_message(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "JSON ends early",
        Category::Syntax => "malformed JSON",
        Category::Io | Category::Data => "unreadable JSON",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

struct TySeed<'c, 'p> {
    /// Already-resolved type (oneOf variants, opaque subtrees); `ty` otherwise.
    res: Option<Res>,
    ty: Ty,
    ctx: &'c Ctx,
    path: &'p Path<'p>,
    depth: u32,
    /// `null` is accepted (an optional property).
    null_ok: bool,
}

impl<'de> DeserializeSeed<'de> for TySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.depth > MAX_DEPTH {
            return Err(self.ctx.fail(too_deep(self.path)));
        }
        let res = match self.res {
            Some(r) => r,
            None => resolve(&self.ty).map_err(|m| self.ctx.fail(self.path.err(m)))?,
        };
        if let Res::OneOf(_) = res {
            // Variants are chosen by looking at the whole object: buffer this subtree.
            let v = Value::deserialize(d)?;
            if v.is_null() && self.null_ok {
                return Ok(());
            }
            return check_res(res, &v, self.ctx.mode, self.path, self.depth)
                .map_err(|e| self.ctx.fail(e));
        }
        d.deserialize_any(TyVisitor { res, seed: self })
    }
}

use serde::Deserialize;

struct TyVisitor<'c, 'p> {
    res: Res,
    seed: TySeed<'c, 'p>,
}

impl TyVisitor<'_, '_> {
    fn mismatch<E: de::Error>(&self, got: &str) -> E {
        self.seed.ctx.fail(
            self.seed
                .path
                .err(format!("expected {}, got {got}", self.res.expected())),
        )
    }
    fn num<E: de::Error>(&self, n: Num) -> Result<(), E> {
        check_num(n, self.res, self.seed.path).map_err(|e| self.seed.ctx.fail(e))
    }
}

/// A map key, borrowed when the input allows.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KV;
        impl<'de> Visitor<'de> for KV {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
        }
        d.deserialize_str(KV)
    }
}

impl<'de> Visitor<'de> for TyVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.seed.null_ok || matches!(self.res, Res::Any) {
            Ok(())
        } else {
            Err(self.mismatch("null"))
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        if matches!(self.res, Res::Boolean | Res::Any) {
            Ok(())
        } else {
            Err(self.mismatch("boolean"))
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.num(Num::U(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.num(Num::I(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.num(Num::F(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        check_str(v, self.res, self.seed.ctx.mode, self.seed.path)
            .map_err(|e| self.seed.ctx.fail(e))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (items_res, items_ty, min) = match self.res {
            Res::Array(t, min) => (None, *t, min),
            Res::Any => (Some(Res::Any), Ty::Any, 0),
            _ => return Err(self.mismatch("array")),
        };
        let mut i = 0usize;
        loop {
            let p = self.seed.path.index(i);
            let seed = TySeed {
                res: items_res,
                ty: items_ty,
                ctx: self.seed.ctx,
                path: &p,
                depth: self.seed.depth + 1,
                null_ok: false,
            };
            match seq.next_element_seed(seed)? {
                Some(()) => i += 1,
                None => break,
            }
        }
        check_min_items(i, min, self.seed.path).map_err(|e| self.seed.ctx.fail(e))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mode = self.seed.ctx.mode;
        let (props, additional): (&'static [Prop], bool) = match self.res {
            Res::Object(props, additional) => (props, additional),
            Res::Any | Res::AnyObject => (&[], true),
            _ => return Err(self.mismatch("object")),
        };
        let opaque = matches!(self.res, Res::Any | Res::AnyObject);
        let mut seen: u64 = 0;
        while let Some(key) = map.next_key::<Key>()? {
            let k = key.as_str();
            let p = self.seed.path.key(k);
            let (res, ty, null_ok) = if opaque {
                (Some(Res::Any), Ty::Any, true)
            } else {
                match find_prop(props, k) {
                    Some((i, prop)) => {
                        if i < 64 {
                            seen |= 1 << i;
                        }
                        (None, prop.ty, !prop.required)
                    }
                    None => {
                        if mode.reject_unknown_keys || !additional {
                            return Err(self.seed.ctx.fail(p.err("unknown field")));
                        }
                        // Ignored, but still parsed (and depth-checked like the rest).
                        (Some(Res::Any), Ty::Any, true)
                    }
                }
            };
            map.next_value_seed(TySeed {
                res,
                ty,
                ctx: self.seed.ctx,
                path: &p,
                depth: self.seed.depth + 1,
                null_ok,
            })?;
        }
        for (i, prop) in props.iter().enumerate() {
            if prop.required && i < 64 && seen & (1 << i) == 0 {
                return Err(self
                    .seed
                    .ctx
                    .fail(self.seed.path.key(prop.name).err("missing required field")));
            }
        }
        Ok(())
    }
}
