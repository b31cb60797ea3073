//! The shape of the Airbyte API as static tables.
//!
//! `generated.rs` (written by `cargo run -p airbyte-codegen`) fills these types from
//! `../shared/airbyte-api/api_sdk.yaml`. Everything else in the workspace (the wasm client,
//! the emulator, the TypeScript declarations) reads the API's shape from here.

/// Index into [`crate::generated::SCHEMAS`].
pub type SchemaId = u16;

/// The type of a value: a property, a parameter, an array item or a whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A JSON string; the format is only enforced on requests.
    String(StrFormat),
    /// A JSON integer with optional inclusive bounds. The bounds sit behind a reference so that
    /// `Ty` stays three words on wasm32 (two inline `Option<i64>` made every `Ty`, and so every
    /// property and parameter in the tables, 40 bytes).
    Integer {
        format: IntFormat,
        bounds: &'static IntBounds,
    },
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A JSON array.
    Array { items: &'static Ty, min_items: u32 },
    /// A named schema.
    Ref(SchemaId),
    /// A string enum written inline on a property (named enums are [`Kind::Enum`]).
    Enum(&'static [&'static str]),
    /// Any JSON value (the spec's `{}`).
    Any,
    /// Any JSON object, passed through untouched (connector configurations, manifests,
    /// OAuth credential configurations).
    AnyObject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrFormat {
    Plain,
    Uuid,
    DateTime,
    Email,
    Uri,
}

/// Inclusive bounds of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntBounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl IntBounds {
    /// No bounds.
    pub const NONE: IntBounds = IntBounds {
        min: None,
        max: None,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    Int32,
    Int64,
}

/// A named schema of `components/schemas`.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub name: &'static str,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// An object with known properties. `additional` is false only where the spec says
    /// `additionalProperties: false`.
    Object {
        props: &'static [Prop],
        additional: bool,
    },
    /// A string enum.
    Enum(&'static [&'static str]),
    /// `oneOf` over named schemas, optionally with a discriminator property.
    OneOf {
        variants: &'static [SchemaId],
        discriminator: Option<Discriminator>,
    },
    /// Anything else: `type: array` at the top, a `$ref` alias, a primitive, `{}`.
    Alias(Ty),
}

#[derive(Debug, Clone, Copy)]
pub struct Discriminator {
    pub property: &'static str,
    pub mapping: &'static [(&'static str, SchemaId)],
}

#[derive(Debug, Clone, Copy)]
pub struct Prop {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How the caller's argument maps onto the HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestShape {
    /// No argument but the per-call options (getHealthCheck, listOrganizationsForUser).
    None,
    /// The argument is the JSON body itself (createConnection, createJob, …).
    Body,
    /// The argument is an object of path and query parameters, plus the body under
    /// [`Body::arg`] (e.g. `connectionPatchRequest`).
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLoc {
    Path,
    Query,
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub location: ParamLoc,
    pub ty: Ty,
    pub required: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Body {
    pub schema: SchemaId,
    /// lowerCamel name of the body schema: the key under which a [`RequestShape::Object`]
    /// request carries the body.
    pub arg: &'static str,
    pub required: bool,
}

/// What a 2xx response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// A JSON body of this schema.
    Json(SchemaId),
    /// No body (204, or the health check).
    Empty,
    /// A JSON body the spec leaves open (initiateOAuth, OAuth-credentials PUTs); may be empty.
    OpenJson,
}

#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The spec's operationId, also the JS method name.
    pub id: &'static str,
    /// The client property the method hangs off, e.g. `connections`, `declarativeSourceDefinitions`.
    pub group: &'static str,
    pub method: Method,
    /// Path template relative to the server URL, e.g. `/connections/{connectionId}`.
    pub path: &'static str,
    pub shape: RequestShape,
    pub params: &'static [Param],
    pub body: Option<Body>,
    /// The documented success status (200 or 204).
    pub success_status: u16,
    pub response: ResponseKind,
    /// False only for operations with `security: []` (getHealthCheck).
    pub auth: bool,
}
