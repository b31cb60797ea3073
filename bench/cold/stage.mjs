// A temporary directory holding the two cold-start workers side by side with the package's
// worker files from PKG_DIR (BENCH_PKG_DIR), so Miniflare and bare workerd load exactly the build
// under test and both workers take the same path (same directory, same module rules).
//   worker-fetch.mjs  bench/cold/worker-fetch.mjs as is
//   worker-pkg.mjs    bench/cold/worker-pkg.mjs importing ./workerd.js
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR, PKG_DIR } from "../paths.mjs";

export const PKG_WORKER_FILES = ["workerd.js", "airbyte_api_wasm.js", "client.js", "errors.js", "airbyte_api_wasm_bg.wasm"];

export function stageWorkers({ withPkg = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bench-cold-"));
  writeFileSync(join(dir, "worker-fetch.mjs"), readFileSync(new URL("cold/worker-fetch.mjs", BENCH_DIR)));
  if (withPkg) {
    for (const f of PKG_WORKER_FILES) copyFileSync(new URL(f, PKG_DIR), join(dir, f));
    const src = readFileSync(new URL("cold/worker-pkg.mjs", BENCH_DIR), "utf8");
    if (!src.includes('"../../pkg/workerd.js"')) throw new Error("cold/worker-pkg.mjs no longer imports ../../pkg/workerd.js");
    writeFileSync(join(dir, "worker-pkg.mjs"), src.replace('"../../pkg/workerd.js"', '"./workerd.js"'));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
