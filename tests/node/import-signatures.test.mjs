// scripts/import-signatures.mjs: every function import ends up with one shared parameter list,
// and every JS import function still receives the values it received before, under the same
// names, and still returns what it returned. Checked on a hand-made module and glue (each kind
// of import the script handles), and on the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import binaryen from "binaryen";
import { imports, types } from "../../scripts/wasm-binary.mjs";

const SCRIPT = fileURLToPath(new URL("../../scripts/import-signatures.mjs", import.meta.url));
const OWN = "./airbyte_api_wasm_bg.js";
const SNIPPET = "./snippets/x/inline0.js";

/** The parameter and result types of every function import: "params->results" strings. */
function importSignatures(bytes) {
  const sigs = types(bytes).map((t) => `${t.params.join(",")}->${t.results.join(",")}`);
  return imports(bytes)
    .filter((i) => i.kind === 0)
    .map((i) => ({ field: i.field, sig: sigs[i.type] }));
}

// A module importing five functions of five signatures, each re-exported as `run_<name>`.
function handMadeModule() {
  const m = new binaryen.Module();
  m.setFeatures(binaryen.Features.ReferenceTypes | binaryen.Features.MutableGlobals);
  const { i32, f64, externref, none } = binaryen;
  const defs = [
    ["a", OWN, [i32, externref], none],
    ["b", OWN, [externref, i32, f64], i32],
    ["c", OWN, [], f64],
    ["d", SNIPPET, [externref], externref],
    ["e", OWN, [i32, i32], externref],
  ];
  for (const [name, module, params, result] of defs) {
    m.addFunctionImport(name, module, name, binaryen.createType(params), result);
    const args = params.map((t, i) => m.local.get(i, t));
    m.addFunction(`run_${name}`, binaryen.createType(params), result, [], m.call(name, args, result));
    m.addFunctionExport(`run_${name}`, `run_${name}`);
  }
  assert.ok(m.validate());
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

// Glue in the shapes the script rewrites: wasm-bindgen's imports object (one `catch` import) and
// an inline_js snippet scope.
const GLUE = `export const log = [];
function handleError(f, args) {
    try { return f.apply(this, args); } catch (e) { log.push(["caught", e.message]); }
}
const __snippet0 = (() => {
function d(x) {
  return { wrapped: x };
}
return { d };
})();
export function getImports() {
    const import0 = {
        a: function(arg0, arg1) {
            log.push(["a", arg0, arg1]);
        },
        b: function(arg0, arg1, arg2) {
            return arg1 + arg2 + (arg0 === "x" ? 1000 : 0);
        },
        c: function() {
            return 2.5;
        },
        e: function(arg0, arg1) { return handleError(function (arg0, arg1) {
            if (arg0 < 0) throw new Error("negative");
            return [arg0, arg1];
        }, arguments); },
    };
    return { "${OWN}": import0, "${SNIPPET}": __snippet0 };
}
`;

test("a hand-made module: one parameter list, and every import gets and returns what it did", async () => {
  const dir = mkdtempSync(join(tmpdir(), "import-signatures-"));
  try {
    const before = handMadeModule();
    assert.equal(new Set(importSignatures(before).map((i) => i.sig.split("->")[0])).size, 5);
    writeFileSync(join(dir, "airbyte_api_wasm_bg.wasm"), before);
    writeFileSync(join(dir, "airbyte_api_wasm.js"), GLUE);
    const out = execFileSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" });
    assert.match(out, /5 imports, 5 signatures -> 3 \(parameters: 1 externref, 2 i32, 1 f64\)/);

    const after = readFileSync(join(dir, "airbyte_api_wasm_bg.wasm"));
    const sigs = importSignatures(after);
    // externref (0x6f), i32 (0x7f) twice, f64 (0x7c); results: externref for no result.
    assert.deepEqual(new Set(sigs.map((i) => i.sig.split("->")[0])), new Set(["111,127,127,124"]));
    assert.deepEqual(Object.fromEntries(sigs.map((i) => [i.field, i.sig.split("->")[1]])), {
      a: "111",
      b: "127",
      c: "124",
      d: "111",
      e: "111",
    });

    copyFileSync(join(dir, "airbyte_api_wasm.js"), join(dir, "glue.mjs"));
    const glue = await import(pathToFileURL(join(dir, "glue.mjs")).href);
    const imps = glue.getImports();
    for (const [name, f] of [...Object.entries(imps[OWN]), ["d", imps[SNIPPET].d]])
      assert.equal(f.length, 4, `${name} declares the shared parameter count`);
    const { exports: x } = new WebAssembly.Instance(new WebAssembly.Module(after), imps);

    assert.equal(x.run_a(7, "s"), undefined);
    assert.deepEqual(glue.log.pop(), ["a", 7, "s"]);
    assert.equal(x.run_a(-1, null), undefined);
    assert.deepEqual(glue.log.pop(), ["a", -1, null]);
    assert.equal(x.run_b("x", 3, 0.5), 1003); // 1003.5 to i32, as before
    assert.equal(x.run_b("y", -2, -0.25), -2);
    assert.equal(x.run_c(), 2.5);
    assert.deepEqual(x.run_d("q"), { wrapped: "q" });
    assert.deepEqual(x.run_e(1, 2), [1, 2]);
    assert.equal(x.run_e(-1, 2), undefined);
    assert.deepEqual(glue.log.pop(), ["caught", "negative"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the script refuses glue it does not recognise, and leaves the files as they were", () => {
  const dir = mkdtempSync(join(tmpdir(), "import-signatures-"));
  try {
    const wasm = handMadeModule();
    const glue = GLUE.replace("        c: function() {", "        c: () => {");
    writeFileSync(join(dir, "airbyte_api_wasm_bg.wasm"), wasm);
    writeFileSync(join(dir, "airbyte_api_wasm.js"), glue);
    assert.throws(
      () => execFileSync(process.execPath, [SCRIPT, dir], { encoding: "utf8", stdio: "pipe" }),
      (e) => /c: 0 definitions found in the glue, expected one/.test(e.stderr),
    );
    assert.deepEqual(readFileSync(join(dir, "airbyte_api_wasm_bg.wasm")), Buffer.from(wasm));
    assert.equal(readFileSync(join(dir, "airbyte_api_wasm.js"), "utf8"), glue);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the built package: its function imports share one parameter list and three results", () => {
  const sigs = importSignatures(readFileSync(new URL("../../pkg/airbyte_api_wasm_bg.wasm", import.meta.url)));
  assert.equal(sigs.length, 52);
  assert.equal(new Set(sigs.map((i) => i.sig.split("->")[0])).size, 1);
  assert.ok(new Set(sigs.map((i) => i.sig)).size <= 3);
});
