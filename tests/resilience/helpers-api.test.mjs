// Auto-pagination, waitForJob, debugLogger, the plain-http warning and cross-origin redirects.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  AirbyteAPI,
  AirbyteApiError,
  ConnectionError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../../pkg/node.js";
import { EMU, CONN, TOKEN, WS1, admin, client, fault, isA, recorded, rejection, reset, stillWorks, tinyServer } from "./helpers.mjs";

assert.ok(EMU, "EMULATOR_URL is not set (run under scripts/with-emulator.sh)");
beforeEach(reset);

async function collect(it) {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
}

test("pagination across 3 pages by offset, same items as one big page", async () => {
  const c = client();
  const all = (await c.connections.listConnections({ limit: 100 })).data;
  assert.ok(all.length >= 5, `seed has ${all.length} connections`);
  await admin("/requests", { method: "DELETE" });
  const items = await collect(c.connections.listConnectionsAll({ limit: 2 }));
  assert.deepEqual(items.map((x) => x.connectionId), all.map((x) => x.connectionId));
  const reqs = await recorded("GET", "/v1/connections");
  // Full pages until the last one, which has no `next` (or is short).
  assert.equal(reqs.length, Math.ceil(all.length / 2));
  assert.ok(reqs.length >= 3);
  const offsets = reqs.map((r) => new URLSearchParams(r.query).get("offset"));
  assert.deepEqual(offsets, reqs.map((_, i) => String(i * 2)));
  await stillWorks(c);
});

test("every paged list has an *All helper; the default page size is 100", async () => {
  const c = client();
  const ws = await collect(c.workspaces.listWorkspacesAll());
  assert.ok(ws.length >= 2);
  const src = await collect(c.sources.listSourcesAll({ workspaceIds: [WS1] }));
  assert.ok(src.length >= 1 && src.every((s) => s.workspaceId === WS1));
  const dst = await collect(c.destinations.listDestinationsAll({ limit: 1 }));
  assert.ok(dst.length >= 4);
  const jobs = await collect(c.jobs.listJobsAll({ limit: 4 }));
  assert.ok(jobs.length >= 15);
  await admin("/requests", { method: "DELETE" });
  await collect(c.workspaces.listWorkspacesAll());
  const [r] = await recorded("GET", "/v1/workspaces");
  assert.equal(new URLSearchParams(r.query).get("limit"), "100");
  // Not enumerable: a group lists exactly its API operations.
  assert.ok(!Object.keys(c.connections).includes("listConnectionsAll"));
});

test("a `next` pointing at another origin is never followed: credentials stay home", async () => {
  const evil = await tinyServer((req, res) => res.end("{}"));
  try {
    const c = client();
    const page = await c.connections.listConnections({ limit: 2 });
    const raw = JSON.stringify({ data: page.data, next: `${evil.url}/v1/connections?limit=2&offset=2` });
    await fault({ method: "GET", path: "/connections", status: 200, rawBody: raw, headers: { "Content-Type": "application/json" } });
    await admin("/requests", { method: "DELETE" });
    const items = await collect(c.connections.listConnectionsAll({ limit: 2 }));
    assert.ok(items.length > 2);
    assert.equal(evil.seen.length, 0);
    const offsets = (await recorded("GET", "/v1/connections")).map((r) => new URLSearchParams(r.query).get("offset"));
    assert.deepEqual(offsets.slice(0, 2), ["0", "2"]);
  } finally {
    await evil.close();
  }
});

test("pagination: an error mid-way rejects the iteration; signal honoured; bad args rejected", async () => {
  const c = client({ retryConfig: { strategy: "none" } });
  // The first page is fine; a fault queued while it is consumed hits the second.
  const it = c.connections.listConnectionsAll({ limit: 2 });
  const seen = [];
  let first = true;
  const e = await rejection(
    (async () => {
      for await (const x of it) {
        seen.push(x);
        if (first) {
          first = false;
          await fault({ method: "GET", path: "/connections", status: 503, body: "rfc9457" });
        }
      }
    })(),
  );
  isA(e, AirbyteApiError);
  assert.equal(e.statusCode, 503);
  assert.equal(seen.length, 2);

  const ac = new AbortController();
  const seen2 = [];
  const e2 = await rejection(
    (async () => {
      for await (const x of c.connections.listConnectionsAll({ limit: 2 }, { signal: ac.signal })) {
        seen2.push(x);
        ac.abort();
      }
    })(),
  );
  isA(e2, RequestAbortedError);
  assert.equal(seen2.length, 1);

  const e3 = await rejection(collect(c.connections.listConnectionsAll({ limit: "ten" })));
  isA(e3, InvalidRequestError);
  const e4 = await rejection(collect(c.connections.listConnectionsAll(new Proxy({}, { ownKeys() { throw new Error("trap"); } }))));
  isA(e4, InvalidRequestError);
  await stillWorks(c);
});

test("waitForJob: succeeded, failed and cancelled resolve; onProgress sees each poll", async () => {
  const c = client();
  const ok = await c.jobs.createJob({ connectionId: CONN(1), jobType: "sync" });
  const bad = await c.jobs.createJob({ connectionId: CONN(2), jobType: "sync" });
  const progress = [];
  // A transient error while polling is retried by the retry policy.
  await fault({ method: "GET", path: `/jobs/${ok.jobId}`, status: 503, body: "rfc9457" });
  const [a, b] = await Promise.all([
    c.jobs.waitForJob(ok.jobId, { pollIntervalMs: 100, onProgress: (j) => progress.push(j.status) }),
    c.jobs.waitForJob(bad.jobId, { pollIntervalMs: 100 }),
  ]);
  assert.equal(a.status, "succeeded");
  assert.equal(a.jobId, ok.jobId);
  assert.equal(b.status, "failed");
  assert.ok(progress.length >= 2, `progress ${progress}`);
  assert.equal(progress.at(-1), "succeeded");

  const j3 = await c.jobs.createJob({ connectionId: CONN(3), jobType: "sync" });
  setTimeout(() => c.jobs.cancelJob({ jobId: j3.jobId }).catch(() => {}), 150);
  const cancelled = await c.jobs.waitForJob(j3.jobId, { pollIntervalMs: 50 });
  assert.equal(cancelled.status, "cancelled");
  await stillWorks(c);
});

test("waitForJob: timeout → RequestTimeoutError, abort → RequestAbortedError, bad input → InvalidRequestError", async () => {
  const c = client();
  const j = await c.jobs.createJob({ connectionId: CONN(5), jobType: "sync" });
  let t0 = performance.now();
  isA(await rejection(c.jobs.waitForJob(j.jobId, { pollIntervalMs: 5000, timeoutMs: 200 })), RequestTimeoutError);
  assert.ok(performance.now() - t0 < 1000);
  const ac = new AbortController();
  t0 = performance.now();
  const p = c.jobs.waitForJob(j.jobId, { pollIntervalMs: 5000, signal: ac.signal });
  setTimeout(() => ac.abort(), 150);
  isA(await rejection(p), RequestAbortedError);
  assert.ok(performance.now() - t0 < 1000);
  for (const [id, o] of [["1", undefined], [1.5, undefined], [1, { pollIntervalMs: -1 }], [1, { nope: 1 }], [1, { onProgress: 3 }], [1, 7]]) {
    isA(await rejection(c.jobs.waitForJob(id, o)), InvalidRequestError);
  }
  await stillWorks(c);
});

test("debugLogger: one line per attempt, status, duration, attempt number, no credentials", async () => {
  const lines = [];
  const c = client({ debugLogger: { debug: (l) => lines.push(l) } });
  await fault({ method: "GET", path: `/v1/connections/${CONN(1)}`, status: 503, body: "empty" });
  await c.connections.getConnection({ connectionId: CONN(1) });
  assert.equal(lines.length, 2);
  assert.match(lines[0], new RegExp(`GET /v1/connections/${CONN(1)} -> 503 in \\d+ ms \\(attempt 1\\)`));
  assert.match(lines[1], /-> 200 in \d+ ms \(attempt 2\)/);
  const cc = new AirbyteAPI({
    serverUrl: `${EMU}/v1`,
    security: { clientCredentials: { clientId: "demo-client", clientSecret: "demo-secret" } },
    debugLogger: { debug: (l) => lines.push(l) },
  });
  await cc.workspaces.listWorkspaces({ limit: 1 });
  assert.ok(lines.some((l) => /POST \/v1\/applications\/token -> 200/.test(l)));
  assert.ok(lines.some((l) => /GET \/v1\/workspaces\?limit=1 -> 200/.test(l)));
  const text = lines.join("\n");
  for (const secret of [TOKEN, "demo-secret", "Bearer", "authorization"]) assert.ok(!text.includes(secret), secret);
  isA(await rejection(Promise.resolve().then(() => new AirbyteAPI({ debugLogger: {} }))), InvalidRequestError);
});

test("plain http to a non-loopback host with credentials: warned once per client", () => {
  const warns = [];
  const logger = { debug() {}, warn: (l) => warns.push(l) };
  const c = new AirbyteAPI({ serverUrl: "http://airbyte.internal.example/v1", security: { bearerAuth: "sekrit" }, debugLogger: logger });
  assert.equal(warns.length, 1);
  assert.match(warns[0], /plain http:\/\/.*airbyte\.internal\.example/);
  assert.ok(!warns[0].includes("sekrit"));
  void c;
  new AirbyteAPI({ serverUrl: "https://airbyte.example/v1", security: { bearerAuth: "t" }, debugLogger: logger });
  new AirbyteAPI({ serverUrl: "http://127.0.0.1:9/v1", security: { bearerAuth: "t" }, debugLogger: logger });
  new AirbyteAPI({ serverUrl: "http://localhost:9/v1", security: { basicAuth: { username: "u", password: "p" } }, debugLogger: logger });
  new AirbyteAPI({ serverUrl: "http://airbyte.example/v1", debugLogger: logger });
  assert.equal(warns.length, 1);
  const orig = console.warn;
  const got = [];
  console.warn = (l) => got.push(l);
  try {
    new AirbyteAPI({ serverUrl: "http://10.1.2.3/v1", security: { basicAuth: { username: "u", password: "pw" } } });
  } finally {
    console.warn = orig;
  }
  assert.equal(got.length, 1);
  assert.ok(!got[0].includes("pw"));
});

test("cross-origin redirect: Authorization never reaches the other origin", async () => {
  const other = await tinyServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ connectionId: CONN(1) }));
  });
  const origin = await tinyServer((req, res) => {
    res.writeHead(307, { location: `${other.url}${req.url}` });
    res.end();
  });
  try {
    const c = new AirbyteAPI({ serverUrl: `${origin.url}/v1`, security: { bearerAuth: "top-secret" }, retryConfig: { strategy: "none" } });
    const e = await rejection(c.connections.getConnection({ connectionId: CONN(1) }));
    assert.ok(e instanceof AirbyteApiError || e instanceof ConnectionError, e.name);
    assert.equal(origin.seen.length, 1);
    assert.equal(origin.seen[0].headers.authorization, "Bearer top-secret");
    assert.ok(other.seen.every((r) => r.headers.authorization === undefined));
    assert.equal(other.seen.length, 0);
    assert.ok(!JSON.stringify(e).includes("top-secret"));
  } finally {
    await origin.close();
    await other.close();
  }
});

test("String(client) and JSON.stringify(client) reveal nothing", () => {
  const c = new AirbyteAPI({ serverUrl: `${EMU}/v1`, security: { bearerAuth: "hidden-tok" }, debugLogger: { debug() {} } });
  for (const s of [String(c), JSON.stringify(c)]) assert.ok(!s.includes("hidden-tok"));
});
