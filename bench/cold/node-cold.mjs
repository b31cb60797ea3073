// One cold start in a fresh Node process: import + construct + first
// getConnection, timed from the first line of this script. Nothing is imported
// statically, so module loading of the client under test is inside the timing.
//   node cold/node-cold.mjs <pkg|fetch|openapi-fetch|floor> <serverUrl> <connectionId> [moduleUrl]
// `floor` imports `moduleUrl` (and calls its `ready()` if it has one, else checks that it is the
// package) and then makes the plain-fetch call (bench/cold/floor.mjs: what loading any module, any
// wasm, or the package alone costs before a client's own work).
const t0 = performance.now();
const [which, serverUrl, connectionId, moduleUrl] = process.argv.slice(2);
let result;
if (which === "fetch" || which === "floor") {
  if (which === "floor") {
    const m = await import(moduleUrl);
    if ("ready" in m ? m.ready() !== true : typeof m.AirbyteAPI !== "function") throw new Error("floor module not ready");
  }
  const res = await fetch(`${serverUrl}/connections/${encodeURIComponent(connectionId)}`, {
    headers: { authorization: "Bearer t", accept: "application/json" },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  result = await res.json();
} else if (which === "pkg") {
  const { AirbyteAPI } = await import(moduleUrl);
  const api = new AirbyteAPI({ serverUrl, security: { bearerAuth: "t" } });
  result = await api.connections.getConnection({ connectionId });
} else if (which === "openapi-fetch") {
  const { default: createClient } = await import("openapi-fetch");
  const client = createClient({ baseUrl: serverUrl, headers: { Authorization: "Bearer t" } });
  const r = await client.GET("/connections/{connectionId}", { params: { path: { connectionId } } });
  if (r.error !== undefined) throw new Error(`HTTP ${r.response.status}`);
  result = r.data;
} else {
  throw new Error(`unknown client ${which}`);
}
const t1 = performance.now();
if (result?.connectionId !== connectionId) throw new Error("unexpected getConnection result");
process.stdout.write(JSON.stringify({ ms: t1 - t0, sinceProcessStart: t1 }) + "\n");
