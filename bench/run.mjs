// Benchmark harness (issue 7).
//
//   node bench/run.mjs            full run: writes docs/bench/results.md, chart.svg, results.json
//   node bench/run.mjs --smoke    a few iterations of everything (< 60 s); exits 1 if any client
//                                 errors or the server saw a malformed request; budgets not judged
//
// Other flags: --out <dir> (where results go; smoke default bench/out/), --before <results.json>
// (adds a before/after table for this package from an earlier run), --strict-budgets (full
// mode exits 1 when a budget fails), --allow-missing-pkg (skip this package when pkg/ is not built),
// --skip-setup (do not install bench deps), --no-python, --no-workerd, --no-memory,
// --rotating-order (the client order used before the balanced design, for comparison).
//
// Every client talks to the same canned server (bench/server.mjs, its own process). Per case the
// clients run in interleaved rounds, in balanced orders, after a warm-up; medians are taken over
// all rounds and ratios are to raw fetch from the same run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { startServer } from "./canned-server.mjs";
import { runNode } from "./node-child.mjs";
import { ARGS, EXPECT, CASES, GET_CONNECTION_ID, cannedBodies, uuid } from "./fixtures.mjs";
import { BENCH_DIR, DOCS_DIR, GEN_DIR, OUT_DIR, PKG_DIR, PKG_NODE_URL, REPO_DIR, SPEC_PATH } from "./paths.mjs";
import { renderChart, renderMarkdown } from "./report.mjs";
import * as stats from "./stats.mjs";

const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const SMOKE = flag("--smoke");

// GC between batches needs --expose-gc: re-run ourselves with it.
if (typeof globalThis.gc !== "function") {
  const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), ...argv], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

const P = (u) => fileURLToPath(u);
const log = (...a) => console.log(...a);
const started = Date.now();
const errors = [];
const fail = (what, e) => {
  const msg = `${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  errors.push(msg);
  console.error(`ERROR ${msg}`);
};

// Calls are taken in small batches (`batch`), one batch per client in turn, the order of cases
// rotating and the order of clients changing every round (`stats.balancedOrders`), so that load
// from other processes on this shared machine, and whatever one client's batch leaves behind for
// the next, fall on all clients alike. A "repeat" is a block of rounds (10 asked for, rounded up
// to a whole number of orders: 12 with 3 or 4 clients); the spread of per-repeat ratios is reported.
// Node cold starts: 81 fresh processes per client (41 until the eighth pass: the difference of two
// medians of 41 moved by ±1 ms from run to run, about its sampling error; see coldNode).
const CFG = SMOKE
  ? { warm: 5, repeats: 1, rounds: 2, batch: { get: 3, list100: 3, list1000: 2, create: 3 }, coldNode: 2, coldWorkerd: 1, memCalls: 500 }
  : { warm: 100, repeats: 5, rounds: 10, batch: { get: 8, list100: 8, list1000: 7, create: 8 }, coldNode: 81, coldWorkerd: 41, memCalls: 100_000 };
// The same clients with an in-memory fetch (no socket): what each client adds on top of the transport.
const MEM_CFG = SMOKE ? { ...CFG } : { ...CFG, rounds: 8 };

const outIdx = argv.indexOf("--out");
const OUT = outIdx >= 0 ? new URL(argv[outIdx + 1].replace(/\/?$/, "/"), `file://${process.cwd()}/`) : SMOKE ? OUT_DIR : DOCS_DIR;
const specPath = process.env.AIRBYTE_SPEC ?? P(SPEC_PATH);

// ---------------------------------------------------------------- setup
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

function setup() {
  if (!existsSync(new URL("node_modules/openapi-fetch/package.json", BENCH_DIR))) {
    log("setup: npm ci in bench/");
    sh("npm", ["ci", "--no-audit", "--no-fund"], { cwd: P(BENCH_DIR) });
  }
  if (!flag("--no-python")) {
    const py = new URL(".venv/bin/python", BENCH_DIR);
    const stamp = new URL(".venv/.requirements.sha256", BENCH_DIR);
    const want = createHash("sha256").update(readFileSync(new URL("requirements.txt", BENCH_DIR))).digest("hex");
    if (!existsSync(py) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
      log("setup: python venv in bench/.venv (airbyte-api==1.0.1)");
      if (!existsSync(py)) sh("python3", ["-m", "venv", P(new URL(".venv", BENCH_DIR))]);
      sh(P(py), ["-m", "pip", "install", "-q", "-r", P(new URL("requirements.txt", BENCH_DIR))]);
      writeFileSync(stamp, want);
    }
  }
}

// openapi-typescript types from the spec, then tsc --strict of the openapi-fetch client.
// Full mode always regenerates; smoke mode reuses output made from the same spec + sources.
function buildOpenapiFetch() {
  if (!existsSync(specPath)) throw new Error(`OpenAPI document not found at ${specPath} (set AIRBYTE_SPEC)`);
  mkdirSync(GEN_DIR, { recursive: true });
  const src = new URL("clients/openapi-fetch.ts", BENCH_DIR);
  const key = createHash("sha256")
    .update(readFileSync(specPath))
    .update(readFileSync(src))
    .update(readFileSync(new URL("package-lock.json", BENCH_DIR)))
    .digest("hex");
  const stamp = new URL("stamp", GEN_DIR);
  const outJs = new URL("out/clients/openapi-fetch.js", GEN_DIR);
  if (SMOKE && existsSync(stamp) && readFileSync(stamp, "utf8") === key && existsSync(outJs)) return outJs;
  const bin = (n) => P(new URL(`node_modules/.bin/${n}`, BENCH_DIR));
  const t0 = performance.now();
  sh(bin("openapi-typescript"), [specPath, "-o", P(new URL("airbyte.d.ts", GEN_DIR)), "--default-non-nullable", "false"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  sh(bin("tsc"), ["-p", P(new URL("tsconfig.json", BENCH_DIR))]);
  writeFileSync(stamp, key);
  log(`setup: openapi-typescript + tsc --strict for openapi-fetch (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return outJs;
}

// ---------------------------------------------------------------- clients

function describeError(e) {
  if (!(e instanceof Error)) return new Error(`non-Error thrown: ${JSON.stringify(e)}`);
  const extra = ["statusCode", "path", "field", "rawBody"]
    .filter((k) => e[k] !== undefined)
    .map((k) => `${k}=${String(e[k]).slice(0, 200)}`)
    .join(" ");
  return extra ? Object.assign(new Error(`${e.message} (${extra})`), { name: e.name }) : e;
}

function nodeRunner(name, api) {
  return {
    name,
    async batch(kase, n) {
      const fn = api[kase];
      const check = EXPECT[kase];
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        let r;
        try {
          r = await fn();
        } catch (e) {
          throw describeError(e);
        }
        out[i] = performance.now() - t0;
        if (!check(r)) throw new Error(`${kase} returned unexpected data`);
      }
      return out;
    },
    close() {},
  };
}

async function pythonRunner(serverUrl) {
  const py = P(new URL(".venv/bin/python", BENCH_DIR));
  const expect = { get: GET_CONNECTION_ID, list100: uuid("c", 99), list1000: uuid("c", 1999), create: uuid("c", 7) };
  const child = spawn(py, [P(new URL("py_client.py", BENCH_DIR)), serverUrl, JSON.stringify(ARGS), JSON.stringify(expect)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const rl = createInterface({ input: child.stdout });
  const lines = [];
  let waiter = null;
  rl.on("line", (l) => (waiter ? (waiter(l), (waiter = null)) : lines.push(l)));
  let exited = false;
  child.once("exit", (code) => {
    exited = true;
    if (waiter) waiter(JSON.stringify({ error: `python exited (${code})` }));
  });
  const next = () =>
    new Promise((res) => (lines.length ? res(lines.shift()) : exited ? res('{"error":"python exited"}') : (waiter = res)));
  const hello = JSON.parse(await next());
  if (!hello.ready) throw new Error(`python worker failed to start: ${JSON.stringify(hello)}`);
  return {
    name: "python",
    async batch(kase, n) {
      child.stdin.write(JSON.stringify({ case: kase, n }) + "\n");
      const r = JSON.parse(await next());
      if (r.error) throw new Error(r.error);
      return r.samples;
    },
    close() {
      if (!exited) child.stdin.end(JSON.stringify({ quit: true }) + "\n");
    },
  };
}

// ---------------------------------------------------------------- timing rounds
async function timeClients(runners, CFG) {
  const samples = {}; // samples[case][client] = [...]
  const roundMedians = {}; // roundMedians[case][client] = [median of each repeat]
  const broken = new Set();
  for (const kase of CASES) {
    samples[kase] = {};
    roundMedians[kase] = {};
    for (const r of runners) {
      samples[kase][r.name] = [];
      roundMedians[kase][r.name] = [];
    }
  }
  log(`warm-up: ${CFG.warm} calls per client and case`);
  for (const r of runners) {
    for (const kase of CASES) {
      try {
        await r.batch(kase, kase === "list1000" ? Math.ceil(CFG.warm / 2) : CFG.warm);
      } catch (e) {
        fail(`${r.name} ${kase} (warm-up)`, e);
        broken.add(`${r.name}/${kase}`);
      }
    }
  }
  // Client orders: each round takes the next row of a balanced design, in which every client
  // comes right after every other client equally often (a plain rotation keeps one cyclic order:
  // with four clients this package followed the Python SDK's batch in three rounds of four).
  // --rotating-order: the earlier scheme (one cyclic order, rotated each round), for comparison.
  const scheme = flag("--rotating-order") ? "rotating" : "balanced";
  const orders =
    scheme === "rotating"
      ? runners.map((_, i) => runners.map((_, k) => (k + i) % runners.length))
      : stats.balancedOrders(runners.length);
  if (scheme === "balanced" && !stats.isBalanced(orders, runners.length))
    fail("client order", new Error(`not balanced: ${JSON.stringify(orders)}`));
  const rounds = SMOKE ? CFG.rounds : Math.ceil(CFG.rounds / orders.length) * orders.length;
  const after = Object.fromEntries(CASES.map((k) => [k, {}]));
  let round = 0;
  for (let rep = 0; rep < CFG.repeats; rep++) {
    const repSamples = {};
    for (const kase of CASES) repSamples[kase] = Object.fromEntries(runners.map((r) => [r.name, []]));
    for (let rr = 0; rr < rounds; rr++, round++) {
      const order = orders[round % orders.length];
      for (let ci = 0; ci < CASES.length; ci++) {
        const kase = CASES[(ci + round) % CASES.length];
        for (let k = 0; k < runners.length; k++) {
          const r = runners[order[k]];
          if (broken.has(`${r.name}/${kase}`)) continue;
          gc();
          try {
            const s = await r.batch(kase, CFG.batch[kase]);
            samples[kase][r.name].push(...s);
            repSamples[kase][r.name].push(...s);
            // By the client whose batch of the same case ran just before ("–": none did).
            const prev = k > 0 ? runners[order[k - 1]].name : "–";
            ((after[kase][r.name] ??= {})[prev] ??= []).push(...s);
          } catch (e) {
            fail(`${r.name} ${kase}`, e);
            broken.add(`${r.name}/${kase}`);
          }
        }
      }
    }
    for (const kase of CASES)
      for (const r of runners)
        if (repSamples[kase][r.name].length) roundMedians[kase][r.name].push(stats.median(repSamples[kase][r.name]));
        else roundMedians[kase][r.name].push(NaN);
    if (!SMOKE) log(`repeat ${rep + 1}/${CFG.repeats} done`);
  }
  const result = {};
  for (const kase of CASES) {
    result[kase] = {};
    const rawRounds = roundMedians[kase]["raw fetch"] ?? [];
    const rawMed = stats.median(samples[kase]["raw fetch"] ?? []);
    for (const r of runners) {
      const s = samples[kase][r.name];
      if (!s.length) continue;
      const med = stats.median(s);
      const perRound = roundMedians[kase][r.name].map((m, i) => m / rawRounds[i]).filter(Number.isFinite);
      result[kase][r.name] = {
        n: s.length,
        medianMs: med,
        p10Ms: stats.quantile(s, 0.1),
        p90Ms: stats.quantile(s, 0.9),
        ratio: med / rawMed,
        ratioMin: Math.min(...perRound),
        ratioMax: Math.max(...perRound),
      };
    }
  }
  // Medians (ms) by the client that ran just before: what one client's batch leaves for the next.
  const afterClient = {};
  for (const kase of CASES) {
    afterClient[kase] = {};
    for (const [name, by] of Object.entries(after[kase]))
      afterClient[kase][name] = Object.fromEntries(Object.entries(by).map(([p, xs]) => [p, { n: xs.length, medianMs: stats.median(xs) }]));
  }
  return {
    calls: result,
    design: { scheme, roundsPerRepeat: rounds, orders: orders.map((o) => o.map((i) => runners[i].name)), afterClient },
  };
}

// The budgets hold "with full response validation on": check that this package really rejects a
// body that lacks a required field, for a single object and deep in a 1,000-item list.
async function validationProbe() {
  const bad = await startServer({ BENCH_SERVER_FAULT: "get,list1000" });
  const out = {};
  try {
    const { createClient } = await import("./clients/airbyte-api-wasm.mjs");
    const api = await createClient(bad.url);
    for (const [kase, path] of [["get", "connectionId"], ["list1000", "data[999].connectionId"]]) {
      try {
        await api[kase]();
        out[kase] = "accepted a body without a required field";
      } catch (e) {
        out[kase] =
          e?.name === "ResponseValidationError" && String(e.path) === path
            ? "rejected (ResponseValidationError at " + path + ")"
            : `rejected, but as ${e?.name} path=${e?.path} (expected ResponseValidationError at ${path})`;
      }
      if (!out[kase].startsWith("rejected (")) fail(`response validation ${kase}`, new Error(out[kase]));
    }
  } finally {
    bad.stop();
  }
  return out;
}

// A fetch that never touches a socket: answers from the canned bodies by method, path and offset.
function memoryFetch() {
  const bodies = cannedBodies();
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = String(init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET")).toUpperCase();
    const u = new URL(url);
    const k =
      method === "POST" ? "create" : u.pathname.endsWith("/connections") ? (u.searchParams.get("offset") === "1000" ? "list1000" : "list100") : "get";
    return new Response(bodies[k], { status: 200, headers: { "content-type": "application/json" } });
  };
}

async function inMemory(ofJs, withPkg) {
  const f = memoryFetch();
  const base = "http://in-memory.invalid/v1";
  const runners = [nodeRunner("raw fetch", (await import("./clients/raw-fetch.mjs")).createClient(base, f))];
  runners.push(nodeRunner("openapi-fetch", (await import(ofJs.href)).createClient(base, ARGS, f)));
  if (withPkg) runners.push(nodeRunner("airbyte-api-wasm", await (await import("./clients/airbyte-api-wasm.mjs")).createClient(base, f)));
  const { calls } = await timeClients(runners, MEM_CFG);
  // Every client has samples for every case: the report would otherwise print an empty table
  // (as it did for a while after timeClients began to return the design beside the calls).
  for (const kase of CASES)
    for (const r of runners)
      if (!(calls[kase]?.[r.name]?.n > 0)) throw new Error(`no in-memory samples for ${r.name}, ${kase}`);
  return calls;
}

// ---------------------------------------------------------------- cold start

async function coldNode(server, withPkg) {
  const script = P(new URL("cold/node-cold.mjs", BENCH_DIR));
  const kinds = ["fetch", "openapi-fetch", ...(withPkg ? ["pkg"] : [])];
  const runs = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let i = 0; i < CFG.coldNode; i++) {
    for (let j = 0; j < kinds.length; j++) {
      const k = kinds[(i + j) % kinds.length];
      try {
        runs[k].push(await runNode([script, k, server.url, GET_CONNECTION_ID, PKG_NODE_URL.href], { cwd: P(BENCH_DIR) }));
      } catch (e) {
        fail(`cold start node ${k}`, e);
        return null;
      }
    }
  }
  const res = {};
  const base = stats.median(runs.fetch.map((r) => r.ms));
  const baseWall = stats.median(runs.fetch.map((r) => r.wallMs));
  for (const k of kinds) {
    const ms = stats.median(runs[k].map((r) => r.ms));
    const wall = stats.median(runs[k].map((r) => r.wallMs));
    res[k] = {
      n: runs[k].length,
      medianMs: ms,
      overFetchMs: ms - base,
      medianWallMs: wall,
      wallOverFetchMs: wall - baseWall,
      samplesMs: runs[k].map((r) => +r.ms.toFixed(2)), // in run order, for spread and outliers
    };
  }
  return res;
}

// The Miniflare cases run in a child process (bench/cold/miniflare-cold.mjs, which says what they
// are): after 120 Miniflare instances in a process, raw fetch's getConnection there came out
// 50–75 µs slower and this package's difference to it grew (39 against 30 µs), so the per-call
// phases that follow must not share a process with them.
async function coldWorkerd(server, withPkg) {
  const r = spawnSync(
    process.execPath,
    [P(new URL("cold/miniflare-cold.mjs", BENCH_DIR)), server.url, String(CFG.coldWorkerd), withPkg ? "pkg" : "fetch-only"],
    { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out;
  try {
    out = JSON.parse(r.stdout.trim().split("\n").pop()); // the last line; Miniflare may log before it
  } catch {
    fail("cold start workerd", new Error(`bench/cold/miniflare-cold.mjs exited with ${r.status} and no result`));
    return null;
  }
  for (const e of out.errors) fail(e.what, new Error(e.message));
  return out.result;
}

// ---------------------------------------------------------------- bundle size
function gzip9(path) {
  const r = spawnSync("gzip", ["-9", "-n", "-c", path], { maxBuffer: 64 << 20 });
  if (r.status === 0) return { bytes: r.stdout.length, tool: "gzip -9 -n" };
  return { bytes: gzipSync(readFileSync(path), { level: 9 }).length, tool: "zlib level 9" };
}

async function bundleSize(server) {
  const list = P(new URL("load-list.txt", OUT_DIR));
  mkdirSync(OUT_DIR, { recursive: true });
  const t = await runNode([P(new URL("trace-load.mjs", BENCH_DIR)), PKG_NODE_URL.href, server.url, GET_CONNECTION_ID, list]);
  const pkgPrefix = PKG_DIR.href;
  const files = [...new Set([...t.modules, ...t.reads])].filter((u) => u.startsWith(pkgPrefix)).sort();
  if (!files.some((f) => f.endsWith(".wasm"))) throw new Error(`no .wasm among the files the node entry loaded: ${files.join(", ")}`);
  let raw = 0;
  let gz = 0;
  let tool = "";
  const rows = files.map((u) => {
    const p = fileURLToPath(u);
    const size = statSync(p).size;
    const g = gzip9(p);
    raw += size;
    gz += g.bytes;
    tool = g.tool;
    return { file: u.slice(pkgPrefix.length), raw: size, gzip: g.bytes };
  });
  return { files: rows, raw, gzip: gz, tool };
}

// ---------------------------------------------------------------- memory
async function memory(server) {
  const out = {};
  for (const k of ["raw", "pkg"]) {
    try {
      out[k] = await runNode(["--expose-gc", P(new URL("memory.mjs", BENCH_DIR)), k, server.url, String(CFG.memCalls)]);
      if (k === "pkg" && !out[k].wasmMemoryFound) fail("memory", new Error("could not reach the wasm memory export"));
    } catch (e) {
      fail(`memory ${k}`, e);
    }
  }
  return out;
}

// ---------------------------------------------------------------- main
function env() {
  const git = spawnSync("git", ["-C", P(REPO_DIR), "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  const py = existsSync(new URL(".venv/bin/python", BENCH_DIR))
    ? spawnSync(P(new URL(".venv/bin/python", BENCH_DIR)), ["--version"], { encoding: "utf8" }).stdout.trim()
    : "n/a";
  const lock = JSON.parse(readFileSync(new URL("package-lock.json", BENCH_DIR), "utf8")).packages;
  const v = (n) => lock[`node_modules/${n}`]?.version ?? "?";
  return {
    date: new Date().toISOString(),
    commit: git.stdout.trim(),
    node: process.version,
    python: py,
    cpu: `${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
    loadavgStart: loadavg().map((x) => x.toFixed(2)).join(" "),
    versions: {
      "openapi-fetch": v("openapi-fetch"),
      "openapi-typescript": v("openapi-typescript"),
      miniflare: v("miniflare"),
      workerd: v("workerd"),
      "airbyte-api (PyPI)": "1.0.1",
    },
  };
}

async function main() {
  log(`airbyte-api-wasm benchmark (${SMOKE ? "smoke" : "full"})`);
  if (!flag("--skip-setup")) setup();
  const ofJs = buildOpenapiFetch();
  const pkgBuilt = existsSync(PKG_NODE_URL);
  if (!pkgBuilt) {
    if (flag("--allow-missing-pkg")) console.warn("WARNING pkg/node.js is missing (run `make build`); this package is skipped");
    else fail("airbyte-api-wasm", new Error("pkg/node.js is missing: run `make build` first (or pass --allow-missing-pkg)"));
  }
  const environment = env();
  let server = await startServer();
  const results = { mode: SMOKE ? "smoke" : "full", environment, config: CFG };
  const runners = [];
  try {
    // Cold starts first, on a machine the benchmark has not loaded yet: measured after the
    // per-call and in-memory phases, the clients that load modules (this package,
    // openapi-fetch) came out ≈ 2–2.5 ms and ≈ 0.5–1 ms slower than in the same sitting on
    // their own, the plain-fetch baseline not (bench/cold/README.md, round 4).
    log("cold start: node");
    results.coldNode = await coldNode(server, pkgBuilt);
    if (!flag("--no-workerd")) {
      log("cold start: workerd (miniflare: module auto-discovery, wrangler-style bundled, bundled with the serializer fix; interleaved)");
      const cw = await coldWorkerd(server, pkgBuilt);
      results.coldWorkerd = cw?.auto ?? null;
      results.coldWorkerdBundled = cw?.bundled ?? null;
      results.coldWorkerdFixed = cw?.fixed ?? null;
      // The same two workers in the bare workerd binary: Miniflare's host-side start-up cost
      // grows with the bytes of the worker's modules (see bench/cold/workerd-direct.mjs).
      log("cold start: workerd (binary, no miniflare)");
      try {
        const { coldWorkerdDirect } = await import("./cold/workerd-direct.mjs");
        results.coldWorkerdDirect = await coldWorkerdDirect({
          serverUrl: server.url,
          connectionId: GET_CONNECTION_ID,
          runs: CFG.coldWorkerd,
          withPkg: pkgBuilt,
        });
      } catch (e) {
        fail("cold start workerd (binary)", e);
      }
    }
    // A fresh server for the per-call phases: the cold starts' server has answered hundreds of
    // short-lived connections (a process each), after which raw fetch's getConnection took
    // 0.46–0.60 ms; on a fresh one 0.41–0.50 ms (six runs). It did not steady this package's
    // difference to raw, which still moved between +19 and +62 µs (docs/bench/analysis.md).
    const coldStats = await server.stats();
    server.stop();
    server = await startServer();
    runners.push(nodeRunner("raw fetch", (await import("./clients/raw-fetch.mjs")).createClient(server.url)));
    try {
      const { createClient } = await import(ofJs.href);
      runners.push(nodeRunner("openapi-fetch", createClient(server.url, ARGS)));
    } catch (e) {
      fail("openapi-fetch setup", e);
    }
    if (!flag("--no-python")) {
      try {
        runners.push(await pythonRunner(server.url));
      } catch (e) {
        fail("python setup", e);
      }
    }
    if (pkgBuilt) {
      try {
        runners.push(nodeRunner("airbyte-api-wasm", await (await import("./clients/airbyte-api-wasm.mjs")).createClient(server.url)));
      } catch (e) {
        fail("airbyte-api-wasm setup", describeError(e));
      }
    }
    results.clients = runners.map((r) => r.name);
    log(`clients: ${results.clients.join(", ")}`);
    if (pkgBuilt) {
      log("response validation probe");
      results.validation = await validationProbe();
    }
    const timed = await timeClients(runners, CFG);
    results.calls = timed.calls;
    results.callDesign = timed.design;
    for (const r of runners) r.close();

    log("in-memory transport (no socket)");
    try {
      results.inMemory = await inMemory(ofJs, pkgBuilt);
    } catch (e) {
      fail("in-memory transport", e);
    }

    if (pkgBuilt) {
      log("bundle size");
      try {
        results.bundle = await bundleSize(server);
      } catch (e) {
        fail("bundle size", e);
      }
      if (!flag("--no-memory")) {
        log(`memory: ${CFG.memCalls} calls each (raw fetch, airbyte-api-wasm)`);
        results.memory = await memory(server);
      }
    }
    // Both servers' counters, summed (the bad-request check covers the cold starts too).
    const callStats = await server.stats();
    results.server = Object.fromEntries(
      Object.entries(callStats).map(([k, v]) => [k, Array.isArray(v) ? [...coldStats[k], ...v] : typeof v === "number" ? coldStats[k] + v : v]),
    );
    if (results.server.bad > 0) fail("server", new Error(`${results.server.bad} malformed requests: ${results.server.badSamples.join("; ")}`));
  } finally {
    for (const r of runners) r.close();
    server.stop();
  }
  results.environment.loadavgEnd = loadavg().map((x) => x.toFixed(2)).join(" ");
  results.elapsedS = (Date.now() - started) / 1000;
  results.errors = errors;
  const beforeIdx = argv.indexOf("--before");
  if (beforeIdx >= 0) {
    const before = JSON.parse(readFileSync(argv[beforeIdx + 1], "utf8"));
    delete before.before;
    results.before = before;
  }

  mkdirSync(OUT, { recursive: true });
  const md = renderMarkdown(results);
  writeFileSync(new URL("results.json", OUT), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(new URL("results.md", OUT), md);
  writeFileSync(new URL("chart.svg", OUT), renderChart(results));
  log("\n" + md);
  log(`wrote ${P(OUT)}results.md, chart.svg, results.json (${results.elapsedS.toFixed(1)} s)`);

  if (errors.length) {
    console.error(`\nFAILED: ${errors.length} error(s):\n  ${errors.join("\n  ")}`);
    process.exit(1);
  }
  if (!SMOKE && flag("--strict-budgets") && md.includes("| FAIL |")) {
    console.error("\nFAILED: at least one budget is not met (--strict-budgets)");
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
