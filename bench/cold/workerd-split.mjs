// Where a workerd (Miniflare) cold start of the package goes: the same plain-fetch worker with
// one more piece added at a time, each variant a fresh Miniflare (= a fresh workerd process),
// interleaved in rotating order so machine load falls on all alike. Prints medians (ms) of
//   ready  new Miniflare(...) until `await mf.ready` (workerd start + module load/compile)
//   first  the first dispatchFetch (worker code runs, one getConnection against the canned server)
//   total  both, and "over" = total minus the plain worker's total
//   host cpu  CPU time of this (Miniflare's host) process from `new Miniflare` to ready
//
//   node bench/cold/workerd-split.mjs [runs=11] [variant,...|all] [auto|bundled|fixed]
//     (BENCH_PKG_DIR selects another build)
// `auto` (default): Miniflare discovers the modules itself (results.json coldWorkerd). `bundled`:
// each variant bundled as `wrangler dev` does and handed over as an explicit module list
// (stage.mjs bundleWorker; results.json coldWorkerdBundled, the budget line). `fixed`: `bundled`
// in the copy of Miniflare whose config serializer grows by doubling (cold/miniflare-fixed.mjs;
// results.json coldWorkerdFixed).
//
// Variants: fetch (bench/cold/worker-fetch.mjs), +wasm (also imports the .wasm, unused),
// +dummy (imports a .wasm of the same byte size that holds only a data segment: bytes without
// code), +dummy@50 / @100 / @400 (the same, 50, 100 or 400 KiB), +glue (imports the wasm-bindgen
// glue, no init), +inst (instantiates the package's .wasm with stub imports), +init (glue +
// initSync), pkg (the package's `workerd` entry, construct, first getConnection:
// bench/cold/worker-pkg.mjs).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_DIR, PKG_DIR } from "../paths.mjs";
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { bundleWorker } from "./stage.mjs";
import { startServer } from "../canned-server.mjs";
import { median } from "../stats.mjs";
import { leb } from "../../scripts/wasm-binary.mjs";

const runs = Number(process.argv[2] ?? 11);
const config = process.argv[4] ?? "auto";
if (!["auto", "bundled", "fixed"].includes(config)) throw new Error(`unknown configuration ${config}`);

// A module with one data segment of `size` bytes total: what Miniflare/workerd pay for bytes alone.
function dummyWasm(size) {
  const mem = [0x05, 0x03, 0x01, 0x00, 0x10]; // memory section: 1 memory, min 16 pages
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // data section: 1 segment, active, memory 0, i32.const 0, end, len, bytes
  let n = size - header.length - mem.length - 16;
  const seg = (len) => [0x01, 0x00, 0x41, 0x00, 0x0b, ...leb(len)];
  const body = seg(n);
  const sec = [0x0b, ...leb(body.length + n)];
  const out = new Uint8Array(header.length + mem.length + sec.length + body.length + n);
  out.set([...header, ...mem, ...sec, ...body]);
  for (let i = out.length - n; i < out.length; i++) out[i] = (i * 31) & 0xff;
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "workerd-split-"));
for (const f of ["airbyte_api_wasm.js", "airbyte_api_wasm_bg.wasm", "client.js", "errors.js", "operations.js", "workerd.js"]) {
  copyFileSync(new URL(f, PKG_DIR), join(dir, f));
}
const wasmSize = readFileSync(join(dir, "airbyte_api_wasm_bg.wasm")).length;
const dummy = dummyWasm(wasmSize);
new WebAssembly.Module(dummy); // must be a valid module
writeFileSync(join(dir, "dummy.wasm"), dummy);
// Data-only modules of other sizes (variants `+dummy@<KB>`), for the cost per byte.
const DUMMY_KB = [50, 100, 400];
for (const kb of DUMMY_KB) writeFileSync(join(dir, `dummy${kb}.wasm`), dummyWasm(kb * 1024));
const fetchSrc = readFileSync(new URL("cold/worker-fetch.mjs", BENCH_DIR), "utf8");
const plus = (imports, use) =>
  `${imports}\n${fetchSrc.replace("async fetch(_req, env) {", `async fetch(_req, env) {\n    ${use}`)}`;
const VARIANTS = {
  fetch: fetchSrc,
  "+wasm": plus(`import wasm from "./airbyte_api_wasm_bg.wasm";`, "if (!(wasm instanceof WebAssembly.Module)) throw 0;"),
  "+dummy": plus(`import wasm from "./dummy.wasm";`, "if (!(wasm instanceof WebAssembly.Module)) throw 0;"),
  ...Object.fromEntries(
    DUMMY_KB.map((kb) => [
      `+dummy@${kb}`,
      plus(`import wasm from "./dummy${kb}.wasm";`, "if (!(wasm instanceof WebAssembly.Module)) throw 0;"),
    ]),
  ),
  "+glue": plus(`import * as glue from "./airbyte_api_wasm.js";`, "if (typeof glue.initSync !== 'function') throw 0;"),
  "+inst": plus(
    `import wasm from "./airbyte_api_wasm_bg.wasm";\nconst imports = {};\nfor (const i of WebAssembly.Module.imports(wasm)) (imports[i.module] ??= {})[i.name] = () => 0;\nnew WebAssembly.Instance(wasm, imports);`,
    "",
  ),
  "+init": plus(
    `import { initSync } from "./airbyte_api_wasm.js";\nimport wasm from "./airbyte_api_wasm_bg.wasm";\ninitSync({ module: wasm });`,
    "",
  ),
  pkg: readFileSync(new URL("cold/worker-pkg.mjs", BENCH_DIR), "utf8").replace("../../pkg/workerd.js", "./workerd.js"),
};
const wanted = process.argv[3] && process.argv[3] !== "all" ? process.argv[3].split(",") : Object.keys(VARIANTS);
const slug = (k) => k.replace("+", "plus-").replace("@", "-");
for (const k of wanted) writeFileSync(join(dir, `worker-${slug(k)}.mjs`), VARIANTS[k]);
const common = { compatibilityDate: "2026-04-01" };
const options = {};
for (const k of wanted)
  options[k] =
    config !== "auto"
      ? await bundleWorker(dir, slug(k)).then((b) => ({ ...common, modulesRoot: b.modulesRoot, modules: b.modules }))
      : {
          ...common,
          modules: true,
          modulesRoot: dir,
          modulesRules: [
            { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
            { type: "CompiledWasm", include: ["**/*.wasm"] },
          ],
          scriptPath: join(dir, `worker-${slug(k)}.mjs`),
        };

const { Miniflare } = config === "fixed" ? (await import("./miniflare-fixed.mjs")).loadFixedMiniflare() : await import("miniflare");
const server = await startServer();
const res = Object.fromEntries(wanted.map((k) => [k, []]));
try {
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < wanted.length; j++) {
      const k = wanted[(i + j) % wanted.length];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const mf = new Miniflare({ ...options[k], bindings: { SERVER_URL: server.url, CONNECTION_ID: GET_CONNECTION_ID } });
      await mf.ready;
      const t1 = performance.now();
      const cpu = process.cpuUsage(c0);
      const r = await mf.dispatchFetch("http://bench.local/");
      const body = await r.json();
      const t2 = performance.now();
      await mf.dispose();
      if (!body.ok) throw new Error(`${k}: worker answered ${JSON.stringify(body)}`);
      res[k].push([t1 - t0, t2 - t1, t2 - t0, (cpu.user + cpu.system) / 1000]);
    }
  }
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const base = median(res[wanted[0]].map((r) => r[2]));
const rows = wanted.map((k) => {
  const m = (i) => median(res[k].map((r) => r[i]));
  return {
    variant: k,
    ready: +m(0).toFixed(1),
    first: +m(1).toFixed(1),
    total: +m(2).toFixed(1),
    over: +(m(2) - base).toFixed(1),
    "host cpu": +m(3).toFixed(1),
  };
});
console.log(`${config}: wasm ${wasmSize} bytes, ${runs} runs each, medians in ms (over = total - ${wanted[0]})`);
console.table(rows);
