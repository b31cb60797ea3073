// Where a Node cold start of the package goes, step by step, in a fresh process:
//   node bench/cold/node-split.mjs          (BENCH_PKG_DIR selects another build)
// undici (Node's fetch/Response) is loaded before the clock starts, because a plain-fetch
// script pays for it too; the client gets an in-memory fetch, so no socket is involved.
// The server URL is https: an http:// URL to a non-loopback host would add the one-time
// plain-http credentials warning (console.warn) to "construct", which the harness's cold start
// (loopback server) never pays.
await new Response("{}").json();
const { PKG_DIR } = await import("../paths.mjs");
const { GET_CONNECTION_ID, cannedBodies } = await import("../fixtures.mjs");
const body = cannedBodies().get;
const t = [performance.now()];
const glue = await import(new URL("airbyte_api_wasm.js", PKG_DIR).href);
t.push(performance.now());
const { readFileSync } = await import("node:fs");
const bytes = readFileSync(new URL("airbyte_api_wasm_bg.wasm", PKG_DIR));
t.push(performance.now());
const mod = new WebAssembly.Module(bytes);
t.push(performance.now());
glue.initSync({ module: mod });
t.push(performance.now());
const { AirbyteAPI } = await import(new URL("client.js", PKG_DIR).href);
t.push(performance.now());
const api = new AirbyteAPI({
  serverUrl: "https://in-memory.invalid/v1",
  security: { bearerAuth: "t" },
  fetch: async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } }),
});
t.push(performance.now());
const r = await api.connections.getConnection({ connectionId: GET_CONNECTION_ID });
t.push(performance.now());
if (r.connectionId !== GET_CONNECTION_ID) throw new Error("unexpected result");
const names = ["import glue", "read .wasm", "compile", "instantiate", "import client.js", "construct", "first getConnection (no socket)"];
const out = Object.fromEntries(names.map((n, i) => [n, +(t[i + 1] - t[i]).toFixed(2)]));
out.total = +(t[t.length - 1] - t[0]).toFixed(2);
console.log(JSON.stringify(out));
