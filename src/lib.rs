//! airbyte-api-wasm: the wasm client (JS interop). See `docs/DESIGN.md`.
