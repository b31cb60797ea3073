// Where this package's per-call time goes when each call waits on a socket, step by step.
//
//   node --expose-gc bench/socket-split.mjs [rounds]          over a socket (canned server)
//   node --expose-gc bench/socket-split.mjs [rounds] --sweep 8  in memory, with 8 MB of memory
//                                                              swept before every call
//   GC=1 …                                                     a forced GC before each batch,
//                                                              as the harness does
//
// Two ways to make one getConnection call alternate in batches of 8:
//   js    the exchange as the package's JS half does it (fetch with the same init, text()), then
//         JSON.parse: what the call costs without wasm;
//   wasm  the package's core (pkg/airbyte_api_wasm.js), as client.js drives it: JSON.stringify of
//         the argument, `start` (checks it, builds the request, calls fetch), then, once the body
//         is read, `finish` (validates the body in wasm, then JSON.parse).
// Printed: medians, in µs, of the synchronous steps (each starts right after an await, so it
// runs as the first work after the process was idle), and of the whole call.
//
// What it showed (docs/bench/analysis.md, seventh pass): in a tight in-memory loop `start`
// takes ≈ 2 µs and the validation in `finish` ≈ 2 µs; over a socket they come to 18–23 and
// 10–11 µs more than the JS steps they replace. `--sweep 8` shows the same in memory (+11 and
// +6 µs): each step runs on cold caches, and the package's steps touch more code and data
// than the JS ones.
import { readFileSync } from "node:fs";
import { startServer } from "./canned-server.mjs";
import { ARGS, EXPECT, cannedBodies } from "./fixtures.mjs";
import { PKG_DIR } from "./paths.mjs";
import { median } from "./stats.mjs";

if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const argv = process.argv.slice(2);
const sweepIdx = argv.indexOf("--sweep");
const sweepMb = sweepIdx >= 0 ? Number(argv[sweepIdx + 1]) : 0;
if (!(sweepMb >= 0)) throw new Error("--sweep takes a size in MB");
const rounds = Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== "--sweep") ?? 300);

const { WasmClient, initSync } = await import(new URL("airbyte_api_wasm.js", PKG_DIR).href);
initSync({ module: readFileSync(new URL("airbyte_api_wasm_bg.wasm", PKG_DIR)) });
const { OPERATIONS } = await import(new URL("operations.js", PKG_DIR).href);
const GET = OPERATIONS.flatMap(([, ops]) => ops).find(([id]) => id === "getConnection")?.[2];
if (GET === undefined) throw new Error("getConnection is not in operations.js");

let server;
let base;
let fetchFn;
if (sweepMb > 0) {
  const body = String(cannedBodies().get);
  base = "https://in-memory.invalid/v1";
  fetchFn = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
} else {
  server = await startServer();
  base = server.url;
  fetchFn = globalThis.fetch;
}
const url = `${base}/connections/${encodeURIComponent(ARGS.get.connectionId)}`;
// The headers this package sends, in its order (its User-Agent names the built package's version).
const { version } = JSON.parse(readFileSync(new URL("package.json", PKG_DIR), "utf8"));
const headers = { Accept: "application/json", "User-Agent": `airbyte-api-wasm/${version}`, Authorization: "Bearer t" };
const core = new WasmClient({ serverUrl: base, security: { bearerAuth: "t" }, fetch: fetchFn });

// The steps of the package's JS half, without the checks that never fire here.
async function exchange() {
  const r = await fetchFn.call(globalThis, url, { method: "GET", headers: { ...headers }, redirect: "manual" });
  return [r.status, await r.text(), r];
}

const sweep = new Int32Array((sweepMb * 1e6) >> 2);
const S = {};
const put = (k, v) => (S[k] ??= []).push(v * 1000);

async function js() {
  for (let j = 0; j < sweep.length; j += 16) sweep[j]++;
  const t0 = performance.now();
  const p = exchange();
  const t1 = performance.now();
  const out = await p;
  const t2 = performance.now();
  const v = JSON.parse(out[1]);
  const t3 = performance.now();
  put("js: call → fetch started", t1 - t0);
  put("js: JSON.parse", t3 - t2);
  put("js: whole call", t3 - t0);
  return v;
}

async function wasm() {
  for (let j = 0; j < sweep.length; j += 16) sweep[j]++;
  const t0 = performance.now();
  const arg = JSON.stringify(ARGS.get);
  const ta = performance.now();
  const p = core.start(GET, arg, undefined);
  const t1 = performance.now();
  const out = await p;
  const t2 = performance.now();
  const v = core.finish(GET, out[1]);
  const t3 = performance.now();
  put("wasm: JSON.stringify(arg)", ta - t0);
  put("wasm: start → fetch started", t1 - ta);
  put("wasm: finish (validate + JSON.parse)", t3 - t2);
  put("wasm: whole call", t3 - t0);
  return v;
}

try {
  for (let i = 0; i < 500; i++) {
    if (!EXPECT.get(await js()) || !EXPECT.get(await wasm())) throw new Error("unexpected getConnection result");
  }
  for (const k in S) S[k] = [];
  for (let r = 0; r < rounds; r++) {
    for (const f of r % 2 ? [js, wasm] : [wasm, js]) {
      if (process.env.GC) globalThis.gc();
      for (let i = 0; i < 8; i++) await f();
    }
  }
  console.log(`getConnection, ${sweepMb > 0 ? `in memory, ${sweepMb} MB swept before each call` : "over a socket"}${process.env.GC ? ", gc() before each batch" : ""}; medians in µs over ${rounds * 8} calls each`);
  for (const [k, v] of Object.entries(S)) console.log(`  ${k.padEnd(38)} ${median(v).toFixed(1).padStart(7)}`);
  const d = (a, b) => (median(S[a]) - median(S[b])).toFixed(1);
  console.log(`  ${"wasm − js: request".padEnd(38)} ${d("wasm: start → fetch started", "js: call → fetch started").padStart(7)}`);
  console.log(`  ${"wasm − js: response".padEnd(38)} ${d("wasm: finish (validate + JSON.parse)", "js: JSON.parse").padStart(7)}`);
  console.log(`  ${"wasm − js: whole call".padEnd(38)} ${d("wasm: whole call", "js: whole call").padStart(7)}`);
} finally {
  server?.stop();
}
