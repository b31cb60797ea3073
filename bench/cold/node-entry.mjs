// A Node cold start through the shipped entry (`node.js`, one bundled module), in three steps:
//   node bench/cold/node-entry.mjs           (BENCH_PKG_DIR selects another build)
// Unlike node-split.mjs (which loads the glue and client.js separately to time each step),
// this loads exactly what `import "airbyte-api-wasm"` loads in Node. undici is loaded before
// the clock starts (a plain-fetch script pays for it too) and the fetch is in memory, so no
// socket is involved. Prints one JSON line: import, construct, first getConnection, total (ms).
await new Response("{}").json();
const { PKG_NODE_URL } = await import("../paths.mjs");
const { GET_CONNECTION_ID, cannedBodies } = await import("../fixtures.mjs");
const body = cannedBodies().get;
const t0 = performance.now();
const { AirbyteAPI } = await import(PKG_NODE_URL.href);
const t1 = performance.now();
const api = new AirbyteAPI({
  serverUrl: "https://in-memory.invalid/v1",
  security: { bearerAuth: "t" },
  fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
});
const t2 = performance.now();
const r = await api.connections.getConnection({ connectionId: GET_CONNECTION_ID });
const t3 = performance.now();
if (r.connectionId !== GET_CONNECTION_ID) throw new Error("unexpected result");
const ms = (a, b) => +(b - a).toFixed(2);
console.log(JSON.stringify({ import: ms(t0, t1), construct: ms(t1, t2), "first getConnection": ms(t2, t3), total: ms(t0, t3) }));
