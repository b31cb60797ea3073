// Gives every JS function the wasm module imports as many declared parameters as its wasm
// signature has, and checks that they all do:
//   node scripts/import-arity.mjs <pkg dir>           rewrite airbyte_api_wasm.js, then check
//   node scripts/import-arity.mjs --check <pkg dir>   check only (exit 1 on a mismatch)
//
// Why: V8 (Node 20) compiles the wasm-to-JS call wrappers for the imports' signatures when the
// module is compiled, assuming each import is a JS function whose `length` is its wasm parameter
// count. An import declared with another arity gets a second wrapper kind, compiled with TurboFan
// when the module is instantiated: 8 signatures, ≈ 0.4 ms of every cold start
// (bench/cold/README.md, round 5). wasm-bindgen writes its `catch` imports as
// `function() { return handleError(function(arg0, …) { … }, arguments); }`, with no declared
// parameters; naming them on the outer function changes nothing else (`arguments` is unchanged,
// and no parameter is read directly).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { imports, typeParams } from "./wasm-binary.mjs";

const args = process.argv.slice(2);
const checkOnly = args[0] === "--check";
const dir = checkOnly ? args[1] : args[0];
if (!dir) throw new Error("usage: import-arity.mjs [--check] <pkg dir>");
const gluePath = join(dir, "airbyte_api_wasm.js");

if (!checkOnly) {
  let n = 0;
  const glue = readFileSync(gluePath, "utf8").replace(
    /function\(\) \{\s*return handleError\(function ?\(([\w, ]*)\) \{/g,
    (whole, params) => {
      n++;
      return whole.replace("function()", `function(${params})`);
    },
  );
  writeFileSync(gluePath, glue);
  console.log(`import-arity: ${n} import function(s) given their parameters`);
}

// The wasm parameter count of every function import, by module and name.
function wasmParams(bytes) {
  const params = typeParams(bytes);
  return imports(bytes)
    .filter((imp) => imp.kind === 0)
    .map(({ module, field, type }) => ({ module, field, params: params[type] }));
}

// Load the glue's import object (a copy that also exports `__wbg_get_imports`) and compare.
const tmp = mkdtempSync(join(tmpdir(), "import-arity-"));
try {
  const copy = join(tmp, "glue.mjs");
  writeFileSync(copy, readFileSync(gluePath, "utf8") + "\nexport { __wbg_get_imports as __importArityCheck };\n");
  const { __importArityCheck } = await import(pathToFileURL(copy).href);
  const glueImports = __importArityCheck();
  const bad = [];
  const expected = wasmParams(readFileSync(join(dir, "airbyte_api_wasm_bg.wasm")));
  for (const { module, field, params } of expected) {
    const f = glueImports[module]?.[field];
    if (typeof f !== "function") bad.push(`${field}: not a function`);
    else if (f.length !== params) bad.push(`${field}: declares ${f.length}, wasm passes ${params}`);
  }
  if (expected.length === 0) bad.push("no function imports found");
  if (bad.length > 0) {
    console.error(`import-arity: ${bad.length} import(s) with another arity than their wasm signature:\n  ${bad.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`import-arity: all ${expected.length} function imports match their wasm signatures`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
