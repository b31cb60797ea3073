// Memory growth over many calls, in a fresh process started with --expose-gc.
//   node --expose-gc memory.mjs <pkg|raw> <serverUrl> <calls>
// Prints JSON: baseline and final JS heap / wasm memory after forced GC, and a
// trajectory sampled every tenth of the run.
import { readFileSync } from "node:fs";
import { ARGS, EXPECT } from "./fixtures.mjs";
import { PKG_DIR } from "./paths.mjs";

const [which, serverUrl, callsArg] = process.argv.slice(2);
const calls = Number(callsArg);
if (typeof gc !== "function") throw new Error("run with --expose-gc");

let get;
let wasmMemory = null;
if (which === "pkg") {
  const { createClient } = await import("./clients/airbyte-api-wasm.mjs");
  get = (await createClient(serverUrl)).get;
  // The glue's initSync returns the already-initialised instance's exports.
  const glue = await import(new URL("airbyte_api_wasm.js", PKG_DIR).href);
  const exportsObj = glue.initSync({ module: readFileSync(new URL("airbyte_api_wasm_bg.wasm", PKG_DIR)) });
  wasmMemory = exportsObj?.memory ?? null;
} else {
  const { createClient } = await import("./clients/raw-fetch.mjs");
  get = createClient(serverUrl).get;
}

const tick = () => new Promise((r) => setImmediate(r));
async function snapshot() {
  for (let i = 0; i < 4; i++) {
    gc();
    await tick();
  }
  const m = process.memoryUsage();
  return {
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rss: m.rss,
    wasm: wasmMemory ? wasmMemory.buffer.byteLength : 0,
  };
}

const warmup = Math.min(2000, Math.max(200, calls));
for (let i = 0; i < warmup; i++) {
  const r = await get();
  if (!EXPECT.get(r)) throw new Error("unexpected getConnection result");
}
const base = await snapshot();
const trajectory = [];
const step = Math.max(1, Math.floor(calls / 10));
const t0 = performance.now();
for (let i = 1; i <= calls; i++) {
  const r = await get();
  if (i % 1000 === 0 && !EXPECT.get(r)) throw new Error("unexpected getConnection result");
  if (i % step === 0) {
    const s = await snapshot();
    trajectory.push({ calls: i, heapUsed: s.heapUsed - base.heapUsed, wasm: s.wasm - base.wasm });
  }
}
const elapsed = performance.now() - t0;
const end = await snapshot();
process.stdout.write(
  JSON.stringify({
    which,
    calls,
    warmup,
    elapsedMs: elapsed,
    wasmMemoryFound: wasmMemory !== null,
    base,
    end,
    growth: {
      heapUsed: end.heapUsed - base.heapUsed,
      wasm: end.wasm - base.wasm,
      external: end.external - base.external,
      rss: end.rss - base.rss,
    },
    trajectory,
  }) + "\n",
);
