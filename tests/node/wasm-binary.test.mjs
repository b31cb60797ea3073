// scripts/wasm-binary.mjs: the LEB128, section and import reading the build's and the benchmark's
// scripts share (scripts/import-arity.mjs, bench/cold/first-call-only.mjs, workerd-split.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Reader, imports, leb, sections, typeParams, types } from "../../scripts/wasm-binary.mjs";

const PKG_WASM = readFileSync(new URL("../../pkg/airbyte_api_wasm_bg.wasm", import.meta.url));

test("leb and Reader.u32 round-trip, including multi-byte and the largest u32", () => {
  const values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 2 ** 32 - 1];
  const bytes = Uint8Array.from(values.flatMap(leb));
  const r = new Reader(bytes);
  assert.deepEqual(values.map(() => r.u32()), values);
  assert.equal(r.p, bytes.length);
  assert.deepEqual(leb(624485), [0xe5, 0x8e, 0x26]); // the textbook example
});

test("a hand-made module: its sections, imports and types", () => {
  const str = (s) => [s.length, ...Buffer.from(s)];
  const bytes = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[1, 10, 2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 0], // types: (i32, i32) -> i32, () -> ()
    ...[2, 24, 3, ...str("m"), ...str("f"), 0, 1, ...str("m"), ...str("mem"), 2, 1, 1, 2, ...str("m"), ...str("g"), 3, 0x7f, 0],
  ]);
  new WebAssembly.Module(bytes); // the fixture itself is valid
  assert.deepEqual(sections(bytes).map((s) => [s.id, s.start, s.content, s.end]), [
    [1, 8, 10, 20],
    [2, 20, 22, 46],
  ]);
  assert.deepEqual(imports(bytes), [
    { module: "m", field: "f", kind: 0, type: 1 },
    { module: "m", field: "mem", kind: 2, type: undefined },
    { module: "m", field: "g", kind: 3, type: undefined },
  ]);
  assert.deepEqual(typeParams(bytes), [2, 0]);
  assert.deepEqual(types(bytes), [
    { params: [0x7f, 0x7f], results: [0x7f] },
    { params: [], results: [] },
  ]);
});

test("the package's .wasm: sections tile the file, 52 function imports with known types", () => {
  const secs = sections(PKG_WASM);
  assert.equal(secs[0].start, 8);
  for (let i = 1; i < secs.length; i++) assert.equal(secs[i].start, secs[i - 1].end);
  assert.equal(secs.at(-1).end, PKG_WASM.length);
  const fns = imports(PKG_WASM).filter((imp) => imp.kind === 0);
  assert.equal(fns.length, WebAssembly.Module.imports(new WebAssembly.Module(PKG_WASM)).filter((i) => i.kind === "function").length);
  const params = typeParams(PKG_WASM);
  assert.ok(fns.every((f) => Number.isInteger(params[f.type])));
});
