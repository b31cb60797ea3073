//! A WebAssembly harness that times `scan::accepts` alone (no wasm-bindgen, no JS objects):
//! `scripts/scanbench.sh` builds it for wasm32 and `scripts/scanbench.mjs` loads it, copies a
//! body in with [`body_alloc`] and times [`scan_repeat`]. Natively it is only compiled.

use airbyte_core::validate::ref_ty;
use airbyte_core::{scan, schema_id};
use std::cell::RefCell;
use std::hint::black_box;

thread_local! {
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A zeroed buffer of `len` bytes for the body; the caller writes the UTF-8 text into it.
#[no_mangle]
pub extern "C" fn body_alloc(len: usize) -> *mut u8 {
    BODY.with_borrow_mut(|b| {
        b.clear();
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

/// Runs the scanner `n` times over the body against `ConnectionsResponse` (`schema` 0) or
/// `ConnectionResponse` (1); returns how many runs accepted it, or `u32::MAX` if the body is
/// not UTF-8 or the schema unknown.
#[no_mangle]
pub extern "C" fn scan_repeat(schema: u32, n: u32) -> u32 {
    let name = match schema {
        0 => "ConnectionsResponse",
        1 => "ConnectionResponse",
        _ => return u32::MAX,
    };
    let Some(ty) = schema_id(name).and_then(ref_ty) else {
        return u32::MAX;
    };
    BODY.with_borrow(|b| {
        let Ok(text) = std::str::from_utf8(b) else {
            return u32::MAX;
        };
        let mut ok = 0;
        for _ in 0..n {
            if scan::accepts(black_box(ty), black_box(text)) {
                ok += 1;
            }
        }
        ok
    })
}
