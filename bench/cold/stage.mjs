// A temporary directory holding the two cold-start workers side by side with the package's
// worker files from PKG_DIR (BENCH_PKG_DIR), so Miniflare and bare workerd load exactly the build
// under test and both workers take the same path (same directory, same module rules).
//   worker-fetch.mjs  bench/cold/worker-fetch.mjs as is
//   worker-pkg.mjs    bench/cold/worker-pkg.mjs importing ./workerd.js
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_DIR, PKG_DIR } from "../paths.mjs";

/** Every module the `workerd` entry can reach in the build: the `.js` files (snippets included)
 * except the other runtimes' entries, and the `.wasm`; paths relative to the package directory. */
const OTHER_ENTRIES = new Set(["node.js", "browser.js"]);

export function pkgWorkerFiles() {
  const files = readdirSync(fileURLToPath(PKG_DIR), { recursive: true }).map(String);
  const out = files.filter((f) => /\.(js|wasm)$/.test(f) && !f.startsWith("node_modules") && !OTHER_ENTRIES.has(f)).sort();
  for (const need of ["workerd.js", "airbyte_api_wasm_bg.wasm"])
    if (!out.includes(need)) throw new Error(`${need} is missing from ${PKG_DIR.href}`);
  return out;
}

export function stageWorkers({ withPkg = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bench-cold-"));
  writeFileSync(join(dir, "worker-fetch.mjs"), readFileSync(new URL("cold/worker-fetch.mjs", BENCH_DIR)));
  if (withPkg) {
    for (const f of pkgWorkerFiles()) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(new URL(f, PKG_DIR), join(dir, f));
    }
    const src = readFileSync(new URL("cold/worker-pkg.mjs", BENCH_DIR), "utf8");
    if (!src.includes('"../../pkg/workerd.js"')) throw new Error("cold/worker-pkg.mjs no longer imports ../../pkg/workerd.js");
    writeFileSync(join(dir, "worker-pkg.mjs"), src.replace('"../../pkg/workerd.js"', '"./workerd.js"'));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
