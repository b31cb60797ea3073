//! A fast, schema-driven byte scanner for response bodies.
//!
//! [`accepts`] walks the JSON text once, checking syntax and the response-mode rules at the
//! same time, and answers only "certainly valid" (`true`) or "not sure" (`false`). It never
//! produces an error message: [`crate::validate::validate_json`] runs the exact validator
//! whenever the scanner does not accept, so the scanner only has to be *sound* — whatever it
//! accepts, the exact validator accepts in [`crate::validate::RESPONSE`] mode. Rare inputs
//! (escaped keys, exponents, surrogate escapes, big numbers, deep nesting, …) are simply left
//! to the exact validator. Long arrays of alike objects are checked against a template learnt
//! from an earlier item (see "Item templates" below); in wasm the string loop uses SIMD.

use crate::generated::{SCHEMAS, SCHEMA_COUNT};
use crate::spec::{IntFormat, Kind, Prop, Schema, Ty};
use crate::validate::MAX_DEPTH;

/// True only if `text` is certainly valid against `ty` in response mode.
pub fn accepts(ty: &Ty, text: &str) -> bool {
    accepts_utf8(ty, text.as_bytes())
}

/// [`accepts`] on the UTF-8 bytes of a text, for a caller that knows they are UTF-8 (such as
/// `TextEncoder` output) and so need not check it first: the scanner passes bytes over 0x7F
/// inside strings as they are, so on bytes that are not UTF-8 its answer says nothing.
pub fn accepts_utf8(ty: &Ty, bytes: &[u8]) -> bool {
    let mut s = Scanner {
        b: bytes,
        i: 0,
        rec: Rec::Free,
        holes: Vec::new(),
        cap: 0,
    };
    s.document(ty).is_some()
}

// Item templates. The items of a long array of objects mostly have the same keys in the same
// order, the same nesting and the same punctuation; only scalar values differ. Once two items
// of at least `MIN_TEMPLATE` bytes have been scanned the ordinary way, the next one is scanned
// while recording its *holes*: the byte ranges of its scalar values, each with the check that
// accepted it (the plain-string shortcut, or `value` with a type, depth and nullability). The
// item's text outside the holes is the template's *literal* part. A later item is checked by
// comparing its bytes with the literal part and running, at each hole, the recorded check on
// the new item's bytes. That is sound: outside the holes the scanner's path is decided by the
// literal bytes alone (at a hole it looks only at whether the first byte is whitespace, and a
// value never starts with whitespace), so the new item reaches every hole in the state the
// template did, and each value in a hole passes a check the scanner itself runs in that state,
// which accepts only what is valid there. An item that does not fit is scanned the ordinary way
// and becomes the new template; arrays whose items rarely fit stop trying (`MAX_MISSES`).
// Nothing inside a `oneOf` is recorded or uses templates (its variants are tried and undone).

/// What the scanner does with holes and templates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rec {
    /// Not recording; arrays may learn templates.
    Free,
    /// Recording an item's holes; nested arrays do not learn templates of their own.
    Recording,
    /// Neither (inside a `oneOf`, or while an item is checked against a template).
    Frozen,
}

/// A scalar value in a recorded item, and the check that accepted it.
#[derive(Clone, Copy)]
struct Hole {
    start: usize,
    end: usize,
    /// `None`: the plain-string shortcut of [`Scanner::member`] and [`Scanner::array`];
    /// `Some`: [`Scanner::value`] with this type.
    ty: Option<Ty>,
    depth: u32,
    null_ok: bool,
}

/// Items with more holes than this are not used as templates (nor recorded further).
const MAX_HOLES: usize = 512;
/// Arrays whose items are shorter than this (in bytes) do not learn templates.
const MIN_TEMPLATE: usize = 64;
/// After this many items that did not fit its template, an array stops learning templates.
const MAX_MISSES: u32 = 8;

/// A type resolved through aliases, as far as the scanner distinguishes them.
#[derive(Clone, Copy)]
enum R {
    /// Strings and enums: any string is fine in response mode.
    Str,
    Int(IntFormat, Option<i64>, Option<i64>),
    Number,
    Boolean,
    Array(&'static Ty, u32),
    Object(u16, &'static [Prop], bool),
    OneOf(&'static Schema),
    Any,
    AnyObject,
}

fn resolve(ty: &Ty) -> Option<R> {
    let mut ty = *ty;
    for _ in 0..16 {
        return Some(match ty {
            Ty::String(_) | Ty::Enum(_) => R::Str,
            Ty::Integer { format, bounds } => R::Int(format, bounds.min, bounds.max),
            Ty::Number => R::Number,
            Ty::Boolean => R::Boolean,
            Ty::Array { items, min_items } => R::Array(items, min_items),
            Ty::Any => R::Any,
            Ty::AnyObject => R::AnyObject,
            Ty::Ref(id) => {
                let s = SCHEMAS.get(usize::from(id))?;
                match &s.kind {
                    Kind::Object { props, additional } => R::Object(id, props, *additional),
                    Kind::Enum(_) => R::Str,
                    Kind::OneOf { .. } => R::OneOf(s),
                    Kind::Alias(t) => {
                        ty = *t;
                        continue;
                    }
                }
            }
        });
    }
    None
}

/// Whether any string is a valid `ty` (strings and enums, named or not; aliases are not
/// followed).
#[inline(always)]
fn stringy(ty: &Ty) -> bool {
    match ty {
        Ty::String(_) | Ty::Enum(_) => true,
        Ty::Ref(id) => matches!(
            SCHEMAS.get(usize::from(*id)).map(|s| &s.kind),
            Some(Kind::Enum(_))
        ),
        _ => false,
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
const LO: u64 = 0x0101_0101_0101_0101;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
const HI: u64 = 0x8080_8080_8080_8080;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
/// How many of the 8 bytes of `w` (little-endian) come before the first `"`, `\` or control
/// character (< 0x20); 8 if there is none. Borrows only run upwards from the first match, so
/// the lowest flagged byte is exact.
#[inline(always)]
fn plain_prefix(w: u64) -> usize {
    let q = w ^ (LO * u64::from(b'"'));
    let bs = w ^ (LO * u64::from(b'\\'));
    let found =
        (q.wrapping_sub(LO) & !q) | (bs.wrapping_sub(LO) & !bs) | (w.wrapping_sub(LO * 0x20) & !w);
    (found & HI).trailing_zeros() as usize / 8
}

/// The first position from `i` on holding a `"`, `\` or control character, or a position
/// close to the end of `b` (within 16 bytes) from which the caller goes on byte by byte.
/// Portable version: 8 bytes at a time ([`plain_prefix`]).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    if let Some(rest) = b.get(i..) {
        for chunk in rest.chunks_exact(8) {
            let n = plain_prefix(word8(chunk, 0));
            i += n;
            if n < 8 {
                break;
            }
        }
    }
    i
}

/// [`skip_plain`] with wasm SIMD: 16 bytes at a time while 16 remain (the last few bytes of
/// a body go byte by byte).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    use core::arch::wasm32::{
        u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128, v128_load, v128_or,
    };
    // A plain index loop: an iterator adapter here may be left out of line at opt-level z.
    while let Some(chunk) = b.get(i..i + 16) {
        // SAFETY: `chunk` is a slice of exactly 16 bytes, so the pointer is valid for a 16-byte
        // read; `v128_load` has no alignment requirement.
        let v = unsafe { v128_load(chunk.as_ptr().cast::<v128>()) };
        let special = v128_or(
            v128_or(
                u8x16_eq(v, u8x16_splat(b'"')),
                u8x16_eq(v, u8x16_splat(b'\\')),
            ),
            u8x16_lt(v, u8x16_splat(0x20)),
        );
        let mask = u8x16_bitmask(special);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    i
}

/// Per object schema, the mask of its required properties (the first 64; larger schemas are
/// left to the exact validator). Evaluated at compile time: the indexing cannot fail at run
/// time.
static REQUIRED: [u64; SCHEMA_COUNT] = {
    let mut masks = [0u64; SCHEMA_COUNT];
    let mut i = 0;
    while i < SCHEMA_COUNT {
        if let Kind::Object { props, .. } = SCHEMAS[i].kind {
            let mut j = 0;
            while j < props.len() && j < 64 {
                if props[j].required {
                    masks[i] |= 1 << j;
                }
                j += 1;
            }
        }
        i += 1;
    }
    masks
};

/// Byte equality without a `memcmp` call (keys are short): whole words, the last one
/// overlapping the one before, so there is no byte-by-byte tail.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 4 {
        return a == b;
    }
    if n < 8 {
        return word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4);
    }
    let mut i = 0;
    while i + 8 < n {
        if word8(a, i) != word8(b, i) {
            return false;
        }
        i += 8;
    }
    word8(a, n - 8) == word8(b, n - 8)
}

/// The 4 bytes of `s` at `i` as a word (0 past the end, which callers rule out).
#[inline(always)]
fn word4(s: &[u8], i: usize) -> u32 {
    s.get(i..i + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The 8 bytes of `s` at `i` as a word (0 past the end, which callers rule out).
#[inline(always)]
fn word8(s: &[u8], i: usize) -> u64 {
    s.get(i..i + 8)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    rec: Rec,
    /// The holes of the templates of the arrays being scanned, innermost last.
    holes: Vec<Hole>,
    /// While recording, holes beyond this many are not kept (the item is then no template):
    /// memory stays small whatever the body (wasm memory never shrinks).
    cap: usize,
}

impl Scanner<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if c > b' ' || !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.i += 1;
        }
    }

    /// `null`, `true` or `fals` (+ `e`), compared as one 4-byte word.
    fn lit(&mut self, word: &[u8; 4]) -> Option<()> {
        let got: [u8; 4] = self.b.get(self.i..self.i + 4)?.try_into().ok()?;
        if u32::from_le_bytes(got) != u32::from_le_bytes(*word) {
            return None;
        }
        self.i += 4;
        Some(())
    }

    fn document(&mut self, ty: &Ty) -> Option<()> {
        self.ws();
        self.value(ty, 1, false)?;
        self.ws();
        (self.i == self.b.len()).then_some(())
    }

    /// One value of type `ty` at nesting `depth` (the root is 1).
    fn value(&mut self, ty: &Ty, depth: u32, null_ok: bool) -> Option<()> {
        let start = self.i;
        self.value_r(resolve(ty)?, depth, null_ok)?;
        if self.rec == Rec::Recording && !matches!(self.b.get(start), Some(b'{' | b'[')) {
            self.push_hole(start, Some(*ty), depth, null_ok);
        }
        Some(())
    }

    /// Records a hole from `start` to the current position (only while recording).
    #[inline(always)]
    fn hole(&mut self, start: usize, ty: Option<Ty>, depth: u32, null_ok: bool) {
        if self.rec == Rec::Recording {
            self.push_hole(start, ty, depth, null_ok);
        }
    }

    #[inline(never)]
    fn push_hole(&mut self, start: usize, ty: Option<Ty>, depth: u32, null_ok: bool) {
        if self.holes.len() >= self.cap {
            return;
        }
        self.holes.push(Hole {
            start,
            end: self.i,
            ty,
            depth,
            null_ok,
        });
    }

    /// A plain string where [`Self::member`] or [`Self::array`] takes the shortcut.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<()> {
        let start = self.i;
        self.quick_string()?;
        self.hole(start, None, 0, false);
        Some(())
    }

    /// A string at the current `"`: most have no escapes, so the closing quote is the first
    /// special byte; the others go through [`Self::string`] (less code than
    /// [`Self::string_inline`] where strings are fewer).
    #[inline(always)]
    fn quick_string(&mut self) -> Option<()> {
        let j = skip_plain(self.b, self.i + 1);
        if matches!(self.b.get(j), Some(b'"')) {
            self.i = j + 1;
        } else {
            self.string()?;
        }
        Some(())
    }

    /// Checks the item at the current position against the template `t0..t1` whose holes
    /// are `self.holes[base..]`; on failure the position is left unchanged.
    #[inline(never)]
    fn fits(&mut self, t0: usize, t1: usize, base: usize) -> bool {
        let start = self.i;
        let saved = self.rec;
        self.rec = Rec::Frozen;
        let ok = self.fits_inner(t0, t1, base).is_some();
        self.rec = saved;
        if !ok {
            self.i = start;
        }
        ok
    }

    #[inline(always)]
    fn fits_inner(&mut self, t0: usize, t1: usize, base: usize) -> Option<()> {
        let mut t = t0;
        let mut k = base;
        while let Some(&h) = self.holes.get(k) {
            self.literal(t, h.start)?;
            match h.ty {
                None => {
                    if !self.plain_string_start() {
                        return None;
                    }
                    self.quick_string()?;
                }
                Some(ty) => self.value(&ty, h.depth, h.null_ok)?,
            }
            t = h.end;
            k += 1;
        }
        self.literal(t, t1)
    }

    /// The bytes at the current position equal `self.b[from..to]`; moves past them.
    #[inline(always)]
    fn literal(&mut self, from: usize, to: usize) -> Option<()> {
        let b = self.b;
        let want = b.get(from..to)?;
        let got = b.get(self.i..self.i + want.len())?;
        if !same(got, want) {
            return None;
        }
        self.i += want.len();
        Some(())
    }

    /// [`Self::value`] with a shortcut for the most common case, a string where one is due.
    #[inline(always)]
    fn member(&mut self, ty: &Ty, depth: u32, null_ok: bool) -> Option<()> {
        // The byte first: the schema lookup in `stringy` is only needed at a string.
        if self.plain_string_start() && stringy(ty) && depth <= MAX_DEPTH {
            return self.plain_string();
        }
        self.value(ty, depth, null_ok)
    }

    /// At a `"` that does not start with an escape (a string that is not the JS wrapper's
    /// NUL marker).
    #[inline(always)]
    fn plain_string_start(&self) -> bool {
        matches!(self.peek(), Some(b'"')) && !matches!(self.b.get(self.i + 1), Some(b'\\'))
    }

    #[inline(always)]
    fn value_r(&mut self, r: R, depth: u32, null_ok: bool) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => match r {
                R::Str | R::Any => {
                    // A string starting with NUL may be the JS wrapper's "invalid" marker.
                    if matches!(self.b.get(self.i + 1..self.i + 7), Some(b"\\u0000")) {
                        return None;
                    }
                    self.string().map(|_| ())
                }
                _ => None,
            },
            b'n' => {
                self.lit(b"null")?;
                (null_ok || matches!(r, R::Any)).then_some(())
            }
            b't' => {
                self.lit(b"true")?;
                matches!(r, R::Boolean | R::Any).then_some(())
            }
            b'f' => {
                self.i += 1;
                self.lit(b"alse")?;
                matches!(r, R::Boolean | R::Any).then_some(())
            }
            b'-' | b'0'..=b'9' => {
                let int = self.number()?;
                match r {
                    R::Number | R::Any => Some(()),
                    R::Int(format, min, max) => {
                        let v = int?;
                        let ok = (format == IntFormat::Int64 || i32::try_from(v).is_ok())
                            && min.is_none_or(|m| v >= m)
                            && max.is_none_or(|m| v <= m);
                        ok.then_some(())
                    }
                    _ => None,
                }
            }
            b'[' => {
                let (items, min) = match r {
                    R::Array(items, min) => (items, min),
                    R::Any => (&Ty::Any, 0),
                    _ => return None,
                };
                let n = self.array(items, depth)?;
                (n >= u64::from(min)).then_some(())
            }
            b'{' => match r {
                R::Object(id, props, additional) => self.object(id, props, additional, depth),
                R::Any | R::AnyObject => self.opaque_object(depth, None).map(|_| ()),
                R::OneOf(schema) => self.one_of(schema, depth),
                _ => None,
            },
            _ => None,
        }
    }

    /// A string starting at the current `"`; returns whether it had escapes. Escapes are
    /// checked as serde_json does; surrogate escapes are left to the exact validator.
    #[inline(never)]
    fn string(&mut self) -> Option<bool> {
        self.string_inline()
    }

    /// [`Self::string`], inlined where strings are most common.
    #[inline(always)]
    fn string_inline(&mut self) -> Option<bool> {
        let b = self.b;
        let mut i = self.i + 1;
        let mut escaped = false;
        loop {
            i = skip_plain(b, i);
            let c = *b.get(i)?;
            if c == b'"' {
                self.i = i + 1;
                return Some(escaped);
            }
            match c {
                b'\\' => {
                    escaped = true;
                    match *b.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                        b'u' => {
                            // Four hex digits; surrogates (D800-DFFF) are left to serde_json.
                            let hex = b.get(i + 2..i + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit)
                                || (matches!(hex.first(), Some(b'd' | b'D'))
                                    && !matches!(hex.get(1), Some(b'0'..=b'7')))
                            {
                                return None;
                            }
                            i += 6;
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
    }

    /// A number in serde_json's grammar: `Some(Some(v))` for a plain integer within `i64`,
    /// `Some(None)` for another valid number. Exponents and integer parts over 19 digits are
    /// left to the exact validator.
    fn number(&mut self) -> Option<Option<i64>> {
        let b = self.b;
        let mut i = self.i;
        let neg = matches!(b.get(i), Some(b'-'));
        if neg {
            i += 1;
        }
        let mut v: u64 = 0;
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                let digits = b.get(i..)?.iter().take_while(|c| c.is_ascii_digit());
                let mut n = 0;
                for &c in digits {
                    if n >= 19 {
                        return None;
                    }
                    v = v * 10 + u64::from(c - b'0');
                    n += 1;
                }
                i += n;
            }
            _ => return None,
        }
        let out = match b.get(i) {
            Some(b'0'..=b'9' | b'e' | b'E') => return None,
            Some(b'.') => {
                i += 1;
                let f = b
                    .get(i..)?
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                i += f;
                if f == 0 || f > 100 || matches!(b.get(i), Some(b'e' | b'E')) {
                    return None;
                }
                None
            }
            // -2^63 ..= 2^63 - 1; beyond that only Number and Any fields may accept it.
            _ if neg => (v <= 1 << 63).then(|| 0i64.wrapping_sub(v as i64)),
            _ => i64::try_from(v).ok(),
        };
        self.i = i;
        Some(out)
    }

    /// An array of `item`s; returns the number of items.
    fn array(&mut self, item: &Ty, depth: u32) -> Option<u64> {
        let string = stringy(item) && depth < MAX_DEPTH;
        self.i += 1;
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
            return Some(0);
        }
        let mut n = 0u64;
        loop {
            let item_start = self.i;
            if string && self.plain_string_start() {
                let start = self.i;
                self.quick_string()?;
                self.hole(start, None, 0, false);
            } else {
                self.value(item, depth + 1, false)?;
            }
            n += 1;
            if self.item_end()? {
                return Some(n);
            }
            // Two items so far, large enough to make a template worth it.
            if n >= 2 && !string && self.rec == Rec::Free && self.i - item_start >= MIN_TEMPLATE {
                return self.array_templated(item, depth, n);
            }
        }
    }

    /// After an array item: `,` (then the next item follows) or `]`; true at the end.
    #[inline(always)]
    fn item_end(&mut self) -> Option<bool> {
        self.list_end(b']')
    }

    /// The rest of an array after `n` items, using templates (see [`Hole`]); at an item.
    #[inline(never)]
    fn array_templated(&mut self, item: &Ty, depth: u32, mut n: u64) -> Option<u64> {
        // The template (its item's bounds; its holes are `self.holes[base..]`) and how many
        // items did not fit.
        let base = self.holes.len();
        let mut tpl: Option<(usize, usize)> = None;
        let mut misses = 0;
        loop {
            if !tpl.is_some_and(|(t0, t1)| self.fits(t0, t1, base)) {
                if tpl.is_some() {
                    misses += 1;
                }
                if misses < MAX_MISSES && matches!(self.peek(), Some(b'{')) {
                    self.holes.truncate(base);
                    self.cap = base + MAX_HOLES + 1;
                    let t0 = self.i;
                    self.rec = Rec::Recording;
                    let ok = self.value(item, depth + 1, false);
                    self.rec = Rec::Free;
                    ok?;
                    tpl = (self.holes.len() - base <= MAX_HOLES).then_some((t0, self.i));
                } else {
                    tpl = None;
                    self.value(item, depth + 1, false)?;
                }
            }
            n += 1;
            if self.item_end()? {
                self.holes.truncate(base);
                return Some(n);
            }
        }
    }

    /// The raw bytes of a key and whether it had escapes; leaves the position after the `:`.
    fn key(&mut self) -> Option<(usize, usize, bool)> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.i + 1;
        let escaped = self.string()?;
        let end = self.i - 1;
        self.colon()?;
        Some((start, end, escaped))
    }

    #[inline(always)]
    fn colon(&mut self) -> Option<()> {
        self.ws();
        if self.peek()? != b':' {
            return None;
        }
        self.i += 1;
        self.ws();
        Some(())
    }

    /// After a member: `,` (then the next key follows) or `}`; true at the end.
    #[inline(always)]
    fn member_end(&mut self) -> Option<bool> {
        self.list_end(b'}')
    }

    /// After an item or member: `,` (whitespace after it skipped) or `close`; true at the end.
    #[inline(always)]
    fn list_end(&mut self, close: u8) -> Option<bool> {
        self.ws();
        let c = self.peek()?;
        if c == b',' {
            self.i += 1;
            self.ws();
            Some(false)
        } else if c == close {
            self.i += 1;
            Some(true)
        } else {
            None
        }
    }

    /// `{`, whitespace, and true if the object is empty (`}` consumed).
    #[inline(always)]
    fn open_object(&mut self) -> Option<bool> {
        self.i += 1;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(true);
        }
        Some(false)
    }

    #[inline(never)]
    fn object(
        &mut self,
        id: u16,
        props: &'static [Prop],
        additional: bool,
        depth: u32,
    ) -> Option<()> {
        if props.len() > 64 {
            return None;
        }
        let mut seen = 0u64;
        let mut next = 0;
        if !self.open_object()? {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                // Servers send keys in a fixed order, mostly the spec's: look from the property
                // after the previous one on, wrapping around. A property name has no quotes or
                // escapes, so equal bytes followed by a quote are that very key.
                let at = self.i + 1;
                let mut x = next;
                let mut left = props.len();
                let found = loop {
                    if left == 0 {
                        break None;
                    }
                    if x >= props.len() {
                        x = 0;
                    }
                    let p = props.get(x)?;
                    let name = p.name.as_bytes();
                    if matches!(self.b.get(at + name.len()), Some(b'"'))
                        && same(self.b.get(at..at + name.len())?, name)
                    {
                        self.i = at + name.len() + 1;
                        break Some(p);
                    }
                    x += 1;
                    left -= 1;
                };
                match found {
                    Some(p) => {
                        self.colon()?;
                        seen |= 1 << x;
                        next = x + 1;
                        self.member(&p.ty, depth + 1, !p.required)?;
                    }
                    None => {
                        // Not a property, unless an escape spells one.
                        if self.key()?.2 || !additional {
                            return None;
                        }
                        self.value(&Ty::Any, depth + 1, true)?;
                    }
                }
                if self.member_end()? {
                    break;
                }
            }
        }
        let req = *REQUIRED.get(usize::from(id))?;
        (seen & req == req).then_some(())
    }

    /// An object whose members are all opaque values. With `want`, also the bounds of the
    /// string under that key, which must be given once, as a string, and without escapes (in
    /// any key, as an escaped key could spell it).
    #[inline(never)]
    fn opaque_object(&mut self, depth: u32, want: Option<&[u8]>) -> Option<Option<(usize, usize)>> {
        let mut tag = None;
        if !self.open_object()? {
            loop {
                let (ks, ke, escaped) = self.key()?;
                let is_tag = match want {
                    Some(_) if escaped => return None,
                    Some(w) => same(self.b.get(ks..ke)?, w),
                    None => false,
                };
                if is_tag {
                    let ts = self.i + 1;
                    if tag.is_some() || self.peek()? != b'"' || self.string()? {
                        return None;
                    }
                    tag = Some((ts, self.i - 1));
                } else {
                    self.value(&Ty::Any, depth + 1, true)?;
                }
                if self.member_end()? {
                    break;
                }
            }
        }
        Some(tag)
    }

    /// [`Self::one_of_inner`] without holes or templates (variants are tried and undone).
    #[inline(never)]
    fn one_of(&mut self, schema: &'static Schema, depth: u32) -> Option<()> {
        let saved = self.rec;
        self.rec = Rec::Frozen;
        let ok = self.one_of_inner(schema, depth);
        self.rec = saved;
        ok
    }

    #[inline(always)]
    fn one_of_inner(&mut self, schema: &'static Schema, depth: u32) -> Option<()> {
        let Kind::OneOf {
            variants,
            discriminator,
        } = &schema.kind
        else {
            return None;
        };
        let start = self.i;
        if let Some(d) = discriminator {
            // First pass: syntax, depth and the tag.
            let (ts, te) = self.opaque_object(depth, Some(d.property.as_bytes()))??;
            let tag = self.b.get(ts..te)?;
            return match d.mapping.iter().find(|(k, _)| same(k.as_bytes(), tag)) {
                Some((_, id)) => {
                    self.i = start;
                    self.value(&Ty::Ref(*id), depth, false)
                }
                // Unknown tags are accepted in response mode.
                None => Some(()),
            };
        }
        for id in variants.iter() {
            self.i = start;
            if self.value(&Ty::Ref(*id), depth, false).is_some() {
                return Some(());
            }
        }
        None
    }
}
