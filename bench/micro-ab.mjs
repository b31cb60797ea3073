// In-memory A/B of package builds, per call: each build's client and a raw fetch + res.json()
// get the same in-memory `fetch`, in alternating batches of 8 (a forced GC before each batch with
// GC=1, as the harness does), after 2,000 warm-up calls each. Prints the median per call and
// the difference to raw, in µs.
//   GC=1 R=400 node --expose-gc bench/micro-ab.mjs <get|list100|list1000> <pkgDir> [pkgDir…]
// Run both orders: the build loaded second measures a few per cent slower.
import { ARGS, cannedBodies } from "./fixtures.mjs";

const kase = process.argv[2];
const body = cannedBodies()[kase];
if (body === undefined) throw new Error(`unknown case ${kase}`);
const respond = () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
const f = async () => respond();
const headers = { authorization: "Bearer t", accept: "application/json" };
const C = [["raw", async () => (await f("x", { headers })).json()]];
for (const dir of process.argv.slice(3)) {
  const { AirbyteAPI } = await import(new URL(`${dir.replace(/\/$/, "")}/node.js`, `file://${process.cwd()}/`).href);
  const c = new AirbyteAPI({ serverUrl: "https://in-memory.invalid/v1", security: { bearerAuth: "t" }, fetch: f }).connections;
  C.push([dir, kase === "get" ? () => c.getConnection(ARGS.get) : () => c.listConnections(ARGS[kase])]);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (let i = 0; i < 2000; i++) for (const [, fn] of C) await fn();
const T = Object.fromEntries(C.map(([n]) => [n, []]));
const R = Number(process.env.R ?? 400);
for (let r = 0; r < R; r++) {
  for (let k = 0; k < C.length; k++) {
    const [n, fn] = C[(k + r) % C.length];
    if (process.env.GC) globalThis.gc();
    for (let i = 0; i < 8; i++) {
      const t = performance.now();
      await fn();
      T[n].push(performance.now() - t);
    }
  }
}
const raw = med(T.raw);
console.log(kase, C.map(([n]) => `${n} ${(med(T[n]) * 1000).toFixed(1)} (+${((med(T[n]) - raw) * 1000).toFixed(1)})`).join("  "));
