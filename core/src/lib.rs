//! Pure-Rust heart of airbyte-api-wasm: the API's shape as tables, validation, wire encoding,
//! error-body parsing and token expiry. No JavaScript here; see `docs/DESIGN.md`.

pub mod generated;
pub mod problem;
pub mod request;
pub mod retry;
pub mod scan;
pub mod spec;
pub mod token;
pub mod validate;

use spec::{Operation, Schema, SchemaId};

/// The schema with this id, if any.
pub fn schema(id: SchemaId) -> Option<&'static Schema> {
    generated::SCHEMAS.get(usize::from(id))
}

/// The id of the schema with this spec name (`ConnectionResponse`, …).
pub fn schema_id(name: &str) -> Option<SchemaId> {
    generated::SCHEMAS
        .binary_search_by(|s| s.name.cmp(name))
        .ok()
        .and_then(|i| SchemaId::try_from(i).ok())
}

/// The operation with this operationId and its index in [`generated::OPERATIONS`].
pub fn operation(id: &str) -> Option<(usize, &'static Operation)> {
    generated::OPERATIONS
        .iter()
        .enumerate()
        .find(|(_, op)| op.id == id)
}
