// Where does this package's time go on a large response? No socket: the client gets an
// in-memory fetch, and the pieces a response necessarily passes through are timed on their own
// in the same process, on the same canned body:
//   node --expose-gc bench/profile.mjs [list1000|list100|get] [iterations]
// Add --cpu-prof (a Node flag, before the script) to get a .cpuprofile; this script then prints
// the functions with the most self time from the newest profile in the working directory when
// given --summarize <file.cpuprofile>.
import { readFileSync } from "node:fs";
import { ARGS, EXPECT, cannedBodies } from "./fixtures.mjs";
import { PKG_NODE_URL } from "./paths.mjs";

const argv = process.argv.slice(2);
const sumIdx = argv.indexOf("--summarize");
if (sumIdx >= 0) {
  summarize(argv[sumIdx + 1]);
  process.exit(0);
}
const kase = argv[0] ?? "list1000";
const iterations = Number(argv[1] ?? 60);
const body = cannedBodies()[kase];
if (!body) throw new Error(`unknown case ${kase}`);
const respond = () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });

const { AirbyteAPI } = await import(PKG_NODE_URL.href);
const api = new AirbyteAPI({ serverUrl: "http://in-memory.invalid/v1", security: { bearerAuth: "t" }, fetch: async () => respond() });
const call = {
  get: () => api.connections.getConnection(ARGS.get),
  list100: () => api.connections.listConnections(ARGS.list100),
  list1000: () => api.connections.listConnections(ARGS.list1000),
  create: () => api.connections.createConnection(ARGS.create),
}[kase];

const text = await respond().text();
const enc = new TextEncoder();
const steps = {
  "Response + res.json() (the raw-fetch floor)": async () => respond().json(),
  "Response + res.text()": async () => respond().text(),
  "JSON.parse(text)": async () => JSON.parse(text),
  "TextEncoder.encode(text) (≈ copying the body into wasm)": async () => enc.encode(text),
  "airbyte-api-wasm call (in-memory fetch)": async () => {
    const r = await call();
    if (!EXPECT[kase](r)) throw new Error("unexpected result");
    return r;
  },
};
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
for (let i = 0; i < Math.max(10, iterations / 3); i++) for (const f of Object.values(steps)) await f();
for (let i = 0; i < iterations; i++) {
  for (const [k, f] of Object.entries(steps)) {
    if (typeof gc === "function") gc();
    const t0 = performance.now();
    await f();
    times[k].push(performance.now() - t0);
  }
}
console.log(`${kase}: ${body.length.toLocaleString("en-US")} bytes, ${iterations} iterations, medians`);
for (const [k, v] of Object.entries(times)) console.log(`  ${med(v).toFixed(3).padStart(8)} ms  ${k}`);
const m = (k) => med(times[k]);
const rest =
  m("airbyte-api-wasm call (in-memory fetch)") -
  m("Response + res.text()") -
  m("JSON.parse(text)") -
  m("TextEncoder.encode(text) (≈ copying the body into wasm)");
console.log(`  ${rest.toFixed(3).padStart(8)} ms  remainder: validation in wasm + glue (call minus text, copy, parse)`);

function summarize(file) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").slice(-1)[0] : ""}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
  for (const [k, us] of top) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}
