// Load and leak check for one client instance.
//
//   node --expose-gc bench/load.mjs [--smoke] [--concurrent N] [--sequential N]
//
// 1. N concurrent calls (default 1,000; --smoke 200) on one instance, every result checked:
//    against the emulator when EMULATOR_URL is set (scripts/with-emulator.sh), otherwise against
//    an in-process fetch that answers after a random delay.
// 2. N sequential calls (default 100,000; --smoke 5,000) through an in-process fetch mixing
//    successes, API errors, validation errors, retried 503s and aborted calls. Wasm linear memory
//    and the JS heap (after gc) are sampled; the script fails when they grow past a threshold
//    between the end of the warm-up and the end of the run.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

if (typeof globalThis.gc !== "function") {
  // Re-run with --expose-gc so heap figures are measured after a full collection.
  const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const { AirbyteAPI, AirbyteApiError, ResponseValidationError, RequestAbortedError } = await import("../pkg/node.js");
const { initSync } = await import("../pkg/airbyte_api_wasm.js");
// The package already instantiated the module; initSync hands back the same exports.
const wasm = initSync({ module: readFileSync(new URL("../pkg/airbyte_api_wasm_bg.wasm", import.meta.url)) });
const wasmBytes = () => wasm.memory.buffer.byteLength;

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const num = (flag, dflt) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const CONCURRENT = num("--concurrent", smoke ? 200 : 1000);
const SEQUENTIAL = num("--sequential", smoke ? 5000 : 100000);
// Allowed growth after warm-up.
const MAX_WASM_GROWTH = 1 << 20; // 1 MiB
const MAX_HEAP_GROWTH = 8 << 20; // 8 MiB

const MiB = (n) => `${(n / 1048576).toFixed(2)} MiB`;
let failed = false;
const fail = (msg) => {
  failed = true;
  console.error(`FAIL: ${msg}`);
};

const CONN = (n) => `4a000000-0000-4000-8000-00000000000${n}`;
const WS = "1a000000-0000-4000-8000-000000000001";
const connection = (id) => ({
  connectionId: id, name: `c-${id}`, sourceId: CONN(7), destinationId: CONN(8), workspaceId: WS,
  status: "active", schedule: { scheduleType: "manual" }, configurations: { streams: [] }, createdAt: 1700000000, tags: [],
});
const job = (id) => ({ jobId: id, status: "succeeded", jobType: "sync", startTime: "2024-01-01T00:00:00Z", connectionId: CONN(1) });
const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

// --- 1. concurrency ---------------------------------------------------------------------------
async function concurrent() {
  const emu = process.env.EMULATOR_URL;
  let client;
  if (emu) {
    client = new AirbyteAPI({ serverUrl: `${emu}/v1`, security: { bearerAuth: "demo-token" } });
  } else {
    const fetch = async (url) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      const u = new URL(url);
      const m = u.pathname.match(/\/connections\/([0-9a-f-]+)$/);
      if (m) return json(200, connection(m[1]));
      const j = u.pathname.match(/\/jobs\/(\d+)$/);
      if (j) return json(200, job(Number(j[1])));
      return json(200, { data: [{ workspaceId: WS, name: "w", dataResidency: "auto" }] });
    };
    client = new AirbyteAPI({ serverUrl: "https://bench.example/v1", security: { bearerAuth: "t" }, fetch });
  }
  const t0 = performance.now();
  const tasks = Array.from({ length: CONCURRENT }, (_, i) => {
    switch (i % 3) {
      case 0: {
        const id = CONN((i % 6) + 1);
        return client.connections.getConnection({ connectionId: id }).then((c) => c.connectionId === id);
      }
      case 1: {
        const id = (i % 15) + 1;
        return client.jobs.getJob({ jobId: id }).then((j) => j.jobId === id);
      }
      default:
        return client.workspaces.listWorkspaces().then((w) => Array.isArray(w.data) && w.data.some((x) => x.workspaceId === WS));
    }
  });
  const results = await Promise.allSettled(tasks);
  const dt = performance.now() - t0;
  const good = results.filter((r) => r.status === "fulfilled" && r.value === true).length;
  console.log(`concurrent: ${good}/${CONCURRENT} correct in ${dt.toFixed(0)} ms (${emu ? "emulator" : "in-process fetch"})`);
  if (good !== CONCURRENT) {
    const bad = results.find((r) => r.status === "rejected" || r.value !== true);
    fail(`${CONCURRENT - good} concurrent calls failed, e.g. ${bad.reason ?? "wrong result"}`);
  }
}

// --- 2. sequential, memory --------------------------------------------------------------------
async function sequential() {
  let n = 0;
  const fetch = async (url) => {
    n++;
    const u = new URL(url);
    switch (n % 10) {
      case 0:
        return json(404, { status: 404, title: "not-found", detail: `nothing at ${u.pathname}` });
      case 1:
        return json(200, { ...connection(CONN(1)), connectionId: 5 }); // validation error
      case 2:
        return json(503, { status: 503 }); // retried (zero backoff), then 200 (n % 10 === 3)
      default: {
        const m = u.pathname.match(/\/connections\/([0-9a-f-]+)$/);
        return json(200, connection(m ? m[1] : CONN(1)));
      }
    }
  };
  const client = new AirbyteAPI({
    serverUrl: "https://bench.example/v1",
    security: { bearerAuth: "t" },
    fetch,
    retryConfig: { strategy: "backoff", backoff: { initialInterval: 0, maxInterval: 0, exponent: 2, maxElapsedTime: 1000 }, maxRetries: 2 },
  });
  const aborted = new AbortController();
  aborted.abort();
  const counts = { ok: 0, api: 0, validation: 0, aborted: 0, other: 0 };
  const sample = () => {
    globalThis.gc();
    globalThis.gc();
    return { wasm: wasmBytes(), heap: process.memoryUsage().heapUsed };
  };
  const warmup = Math.max(500, Math.floor(SEQUENTIAL / 10));
  let base;
  const t0 = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    if (i === warmup) base = sample();
    try {
      const opts = i % 50 === 49 ? { signal: aborted.signal } : undefined;
      const c = await client.connections.getConnection({ connectionId: CONN((i % 6) + 1) }, opts);
      if (c.connectionId === CONN((i % 6) + 1)) counts.ok++;
      else counts.other++;
    } catch (e) {
      if (e instanceof AirbyteApiError) counts.api++;
      else if (e instanceof ResponseValidationError) counts.validation++;
      else if (e instanceof RequestAbortedError) counts.aborted++;
      else counts.other++;
    }
    if (i > 0 && i % Math.floor(SEQUENTIAL / 10) === 0) {
      const s = sample();
      console.log(`  ${String(i).padStart(7)} calls: wasm ${MiB(s.wasm)}, heap ${MiB(s.heap)}`);
    }
  }
  const dt = performance.now() - t0;
  const end = sample();
  base ??= end;
  console.log(`sequential: ${SEQUENTIAL} calls in ${(dt / 1000).toFixed(1)} s (${((SEQUENTIAL / dt) * 1000).toFixed(0)}/s) ${JSON.stringify(counts)}`);
  console.log(`memory after warm-up (${warmup} calls) -> end: wasm ${MiB(base.wasm)} -> ${MiB(end.wasm)}, heap ${MiB(base.heap)} -> ${MiB(end.heap)}`);
  if (counts.other > 0) fail(`${counts.other} calls ended unexpectedly`);
  if (counts.ok === 0 || counts.api === 0 || counts.validation === 0 || counts.aborted === 0) fail(`not every path exercised: ${JSON.stringify(counts)}`);
  if (end.wasm - base.wasm > MAX_WASM_GROWTH) fail(`wasm memory grew by ${MiB(end.wasm - base.wasm)}`);
  if (end.heap - base.heap > MAX_HEAP_GROWTH) fail(`JS heap grew by ${MiB(end.heap - base.heap)}`);
}

await concurrent();
await sequential();
if (failed) process.exit(1);
console.log("load: ok");
