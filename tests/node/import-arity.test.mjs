// Every JS function the wasm module imports declares as many parameters as its wasm signature
// passes (scripts/import-arity.mjs; otherwise V8 compiles a second call wrapper per signature
// when the module is instantiated, ≈ 0.4 ms of every cold start).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/import-arity.mjs");
const PKG = join(ROOT, "pkg");
const check = (dir) => spawnSync(process.execPath, [SCRIPT, "--check", dir], { encoding: "utf8" });

test("the built glue's import functions all match their wasm signatures", () => {
  const r = check(PKG);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /all \d+ function imports match/);
});

test("the check fails on an import declared without its parameters", () => {
  const dir = mkdtempSync(join(tmpdir(), "import-arity-test-"));
  try {
    for (const f of ["airbyte_api_wasm.js", "airbyte_api_wasm_bg.wasm"]) cpSync(join(PKG, f), join(dir, f));
    const glue = readFileSync(join(dir, "airbyte_api_wasm.js"), "utf8");
    // Undo the rewrite for one import: what wasm-bindgen writes.
    const undone = glue.replace(/function\(([\w, ]+)\) \{(\s*)return handleError\(function ?\(\1\) \{/, (m, params) =>
      m.replace(`function(${params})`, "function()"),
    );
    assert.notEqual(undone, glue, "no import with a handleError wrapper found to undo");
    writeFileSync(join(dir, "airbyte_api_wasm.js"), undone);
    const r = check(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /declares 0, wasm passes \d+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
