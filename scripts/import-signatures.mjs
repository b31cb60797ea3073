// Gives every function the wasm module imports from JS one of three signatures, so that V8 has
// three wasm-to-JS call wrappers to compile instead of one per distinct import signature:
//   node scripts/import-signatures.mjs <pkg dir>
// (after wasm-bindgen, inline-snippets.mjs and import-arity.mjs; before wasm-opt).
//
// Why: when Node 20's V8 compiles a module it compiles, on the main thread and with TurboFan, one
// wasm-to-JS wrapper for every distinct signature among the module's function imports. Our
// module imports 52 functions with 22 distinct signatures. With three, `new WebAssembly.Module`
// + `new WebAssembly.Instance` take ≈ 0.45 ms less in a fresh process, and a Node cold start
// ≈ 0.3 ms less (bench/cold/README.md, round 9).
//
// How: every import gets the same parameter list, the union of what the imports pass: as many
// externref slots, then i32 slots, then f64 slots as the widest import has of each kind. Its
// result stays externref, i32 or f64 (an import with no result returns externref, dropped).
// In the wasm (binaryen.js), each import is re-imported under that signature and its old name
// becomes a small function with the old signature that passes its parameters on in their slots,
// zeros and nulls in the rest; every call, table entry and export keeps pointing at the old
// name, so nothing else in the module changes. wasm-opt runs afterwards. In the glue, each
// import function's declared parameters are reordered into the same slots and padded with
// unused names, so every function still gets the values it got before, under the same names,
// and declares as many parameters as the wasm passes (see import-arity.mjs). Anything this
// script does not recognise fails the build.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import binaryen from "binaryen";

const dir = process.argv[2];
if (!dir) throw new Error("usage: import-signatures.mjs <pkg dir>");
const wasmPath = join(dir, "airbyte_api_wasm_bg.wasm");
const gluePath = join(dir, "airbyte_api_wasm.js");
const fail = (msg) => {
  throw new Error(`import-signatures: ${msg}`);
};

// The features wasm-opt is given in build-pkg.sh, no more.
const F = binaryen.Features;
const features =
  F.MutableGlobals | F.NontrappingFPToInt | F.SIMD128 | F.BulkMemory | F.BulkMemoryOpt | F.SignExt |
  F.ReferenceTypes | F.Multivalue;
const mod = binaryen.readBinary(readFileSync(wasmPath));
mod.setFeatures(features);
const KINDS = [
  { type: binaryen.externref, zero: () => mod.ref.null(binaryen.externref) },
  { type: binaryen.i32, zero: () => mod.i32.const(0) },
  { type: binaryen.f64, zero: () => mod.f64.const(0) },
];
const kindOf = (t) => KINDS.findIndex((k) => k.type === t);

// The function imports, in module order.
const imports = [];
for (let i = 0; i < mod.getNumFunctions(); i++) {
  const f = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
  if (!f.module) continue;
  const params = binaryen.expandType(f.params);
  const results = binaryen.expandType(f.results);
  const kinds = params.map(kindOf);
  if (kinds.includes(-1)) fail(`${f.base}: a parameter type other than externref, i32 or f64`);
  if (results.length > 1 || (results.length === 1 && kindOf(results[0]) === -1))
    fail(`${f.base}: a result other than none, externref, i32 or f64`);
  // No result becomes an externref result, dropped by the forwarding function.
  const result = results.length === 0 ? binaryen.externref : results[0];
  imports.push({ name: f.name, module: f.module, base: f.base, params, results, kinds, result });
}
if (imports.length === 0) fail("the module imports no function");

// The shared parameter list: per kind, as many slots as the widest import uses.
const width = KINDS.map((_, k) => Math.max(...imports.map((imp) => imp.kinds.filter((x) => x === k).length)));
const base = width.map((_, k) => width.slice(0, k).reduce((a, b) => a + b, 0));
const slotTypes = width.flatMap((n, k) => Array(n).fill(KINDS[k].type));
const shared = binaryen.createType(slotTypes);
for (const imp of imports) {
  const seen = [0, 0, 0];
  const slots = imp.kinds.map((k) => base[k] + seen[k]++); // parameter i -> its slot
  imp.inSlot = slotTypes.map((_, s) => slots.indexOf(s)); // slot -> the parameter in it, or -1
}

// The wasm: re-import under the shared signature, the old name becomes the forwarding function.
for (const imp of imports) {
  const renamed = `${imp.name}$shared`;
  mod.removeFunction(imp.name);
  mod.addFunctionImport(renamed, imp.module, imp.base, shared, imp.result);
  const operands = imp.inSlot.map((i, s) =>
    i >= 0 ? mod.local.get(i, imp.params[i]) : KINDS[kindOf(slotTypes[s])].zero(),
  );
  const call = mod.call(renamed, operands, imp.result);
  mod.addFunction(
    imp.name,
    binaryen.createType(imp.params),
    imp.results.length === 0 ? binaryen.none : imp.results[0],
    [],
    imp.results.length === 0 ? mod.drop(call) : call,
  );
}
binaryen.setDebugInfo(true); // keep the name section: wasm-opt's --no-inline matches by name
// Not `mod.validate()`: binaryen.js's validator objects to the table's `ref.func` entries for
// the re-added functions (it wants an exact reference type, which the binary format does not
// encode). V8 validates the result instead, here, and wasm-opt reads it again next.
const out = mod.emitBinary();
mod.dispose();
try {
  new WebAssembly.Module(out);
} catch (e) {
  fail(`the rewritten module does not compile: ${e.message}`);
}

// The glue: each import's JS function declares its parameters in their slots.
let glue = readFileSync(gluePath, "utf8");
// Unused slots are named `_<slot>`, a name the glue must not use otherwise.
if (/\b_\d+\b/.test(glue)) fail("the glue already uses a name of the form _<digits>");
const esc = (s) => s.replace(/[$]/g, "\\$");
const slotted = (imp, names) => {
  if (names.length !== imp.params.length)
    fail(`${imp.base}: the glue declares ${names.length} parameters, the wasm passes ${imp.params.length}`);
  return imp.inSlot.map((i, s) => (i >= 0 ? names[i] : `_${s}`));
};
const splitParams = (list) => (list.trim() === "" ? [] : list.split(",").map((p) => p.trim()));
for (const imp of imports) {
  // wasm-bindgen's own imports: `field: function(a, b) {` in the imports object, the `catch` ones
  // as `field: function(a, b) { return handleError(function (a, b) {`, both lists the same.
  const own = new RegExp(
    `^( +${esc(imp.base)}: function)\\(([\\w, ]*)\\) \\{( return handleError\\(function \\(([\\w, ]*)\\) \\{)?`,
    "gm",
  );
  // Our inline_js functions, imported as they are: `function field(a, b) {` in the snippet scope.
  // (The two empty groups stand for the `catch` part, which these never have.)
  const snippet = new RegExp(`^(function ${esc(imp.base)})\\(([\\w, ]*)\\) \\{()()`, "gm");
  const isOwn = !imp.module.startsWith("./snippets/");
  // A snippet function may be called from JS too; only padding (no reordering) keeps such calls
  // right, i.e. its parameters must already sit in the first slots, in order.
  if (!isOwn && imp.inSlot.slice(0, imp.params.length).some((p, s) => p !== s))
    fail(`${imp.base}: an inline_js import whose parameters would have to be reordered`);
  const re = isOwn ? own : snippet;
  const hits = [...glue.matchAll(re)];
  if (hits.length !== 1) fail(`${imp.base}: ${hits.length} definitions found in the glue, expected one`);
  glue = glue.replace(re, (_whole, head, outer, catchPart, inner) => {
    const names = slotted(imp, splitParams(outer));
    let s = `${head}(${names.join(", ")}) {`;
    if (catchPart) {
      if (inner !== outer) fail(`${imp.base}: the handleError function declares other parameters`);
      s += ` return handleError(function (${names.join(", ")}) {`;
    }
    return s;
  });
}

writeFileSync(wasmPath, out);
writeFileSync(gluePath, glue);
const before = new Set(imports.map((imp) => `${imp.params}:${imp.results}`)).size;
const after = new Set(imports.map((imp) => imp.result)).size;
console.log(
  `import-signatures: ${imports.length} imports, ${before} signatures -> ${after} ` +
    `(parameters: ${width[0]} externref, ${width[1]} i32, ${width[2]} f64)`,
);
