// Just enough of the WebAssembly binary format for the build's and the benchmark's scripts: LEB128,
// the sections, the imports. Nothing here validates a module; `new WebAssembly.Module` does that.

/** The unsigned LEB128 bytes of `n` (a non-negative integer below 2^32). */
export function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** A cursor over `bytes` from position `p`. */
export class Reader {
  constructor(bytes, p = 0) {
    this.bytes = bytes;
    this.p = p;
  }

  byte() {
    return this.bytes[this.p++];
  }

  /** An unsigned LEB128 number. */
  u32() {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = this.bytes[this.p++];
      r |= (x & 0x7f) << s;
      s += 7;
    } while (x & 0x80);
    return r >>> 0;
  }

  /** A length-prefixed UTF-8 name. */
  name() {
    const len = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.p, this.p + len));
    this.p += len;
    return s;
  }

  /** A table's or memory's limits. */
  limits() {
    const flags = this.u32();
    this.u32();
    if (flags & 1) this.u32();
  }
}

/** The module's sections in order: `{ id, start, content, end }` (`content` is where the section's
 * own bytes begin, after its id and size; `start` is its id byte). */
export function sections(bytes) {
  const out = [];
  const r = new Reader(bytes, 8);
  while (r.p < bytes.length) {
    const start = r.p;
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start, content: r.p, end: r.p + size });
    r.p += size;
  }
  return out;
}

/** A reader at the start of the first section `id`'s content, or undefined without one. */
function sectionReader(bytes, id) {
  const sec = sections(bytes).find((s) => s.id === id);
  return sec && new Reader(bytes, sec.content);
}

/** Every import: `{ module, field, kind, type }`, `type` the type index of a function import
 * (kind 0), undefined for the others. */
export function imports(bytes) {
  const r = sectionReader(bytes, 2);
  const out = [];
  for (let n = r ? r.u32() : 0; n > 0; n--) {
    const module = r.name();
    const field = r.name();
    const kind = r.byte();
    let type;
    if (kind === 0) type = r.u32();
    else if (kind === 1) {
      r.byte(); // the table's element type
      r.limits();
    } else if (kind === 2) r.limits();
    else if (kind === 3) r.p += 2; // a global: value type, mutability
    else throw new Error(`unknown import kind ${kind}`);
    out.push({ module, field, kind, type });
  }
  return out;
}

/** Every function type, by type index: `{ params, results }`, each an array of value type bytes
 * (0x7f i32, 0x7c f64, 0x6f externref, …; one byte each here: no reference types with indices). */
export function types(bytes) {
  const r = sectionReader(bytes, 1);
  const out = [];
  const list = () => Array.from({ length: r.u32() }, () => r.byte());
  for (let n = r ? r.u32() : 0; n > 0; n--) {
    if (r.byte() !== 0x60) throw new Error("unexpected type form");
    const params = list(); // two statements: the parameters are read before the results
    out.push({ params, results: list() });
  }
  return out;
}

/** The parameter count of every function type, by type index. */
export function typeParams(bytes) {
  return types(bytes).map((t) => t.params.length);
}
