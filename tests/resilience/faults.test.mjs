// The fault matrix of issue 4 against the emulator's fault injection. Requests are counted on
// the server side (`/__emulator/requests`); after every case the same client serves a valid call.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import {
  AirbyteAPI,
  AirbyteApiError,
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
} from "../../pkg/node.js";
import { EMU, CONN, FAST, admin, client, fault, isA, recorded, rejection, reset, stillWorks } from "./helpers.mjs";

assert.ok(EMU, "EMULATOR_URL is not set (run under scripts/with-emulator.sh)");
beforeEach(reset);

const GET_CONN = `/v1/connections/${CONN(1)}`;
const getConn = (c, o) => c.connections.getConnection({ connectionId: CONN(1) }, o);
const createJob = (c, n = 1, o) => c.jobs.createJob({ connectionId: CONN(n), jobType: "sync" }, o);

test("503 then 200 on GET: retried, 2 requests", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 503, body: "rfc9457" });
  assert.equal((await getConn(c)).connectionId, CONN(1));
  assert.equal((await recorded("GET", GET_CONN)).length, 2);
  await stillWorks(c);
});

test("500 on POST createJob: exactly 1 request, the error surfaced", async () => {
  const c = client();
  await fault({ method: "POST", path: "/jobs", status: 500, body: "rfc9457" });
  const e = await rejection(createJob(c));
  isA(e, AirbyteApiError);
  assert.equal(e.statusCode, 500);
  assert.equal(e.attempts, 1);
  assert.equal((await recorded("POST", "/v1/jobs")).length, 1);
  await stillWorks(c);
});

test("502/503/504/408 on POST are never replayed", async () => {
  const c = client();
  for (const status of [408, 502, 503, 504]) {
    await admin("/requests", { method: "DELETE" });
    await fault({ method: "POST", path: "/jobs", status, body: "empty" });
    const e = await rejection(createJob(c));
    assert.equal(e.statusCode, status);
    assert.equal((await recorded("POST", "/v1/jobs")).length, 1, `status ${status}`);
  }
  await stillWorks(c);
});

test("429 with Retry-After: 1 waits at least 1 s, then succeeds", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 429, body: "rfc9457", headers: { "Retry-After": "1" } });
  const t0 = performance.now();
  await getConn(c);
  const dt = performance.now() - t0;
  assert.ok(dt >= 990, `waited only ${dt} ms`);
  const reqs = await recorded("GET", GET_CONN);
  assert.equal(reqs.length, 2);
  assert.ok(reqs[1].timeMs - reqs[0].timeMs >= 990);
  await stillWorks(c);
});

test("retry-after-ms and an HTTP-date Retry-After are honoured too", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 503, body: "empty", headers: { "retry-after-ms": "400" } });
  let t0 = performance.now();
  await getConn(c);
  assert.ok(performance.now() - t0 >= 390);
  const date = new Date(Date.now() + 2000).toUTCString();
  await fault({ method: "GET", path: GET_CONN, status: 503, body: "empty", headers: { "Retry-After": date } });
  t0 = performance.now();
  await getConn(c);
  // HTTP dates have 1 s resolution.
  assert.ok(performance.now() - t0 >= 900);
  await stillWorks(c);
});

test("Retry-After is capped by maxInterval", async () => {
  const c = client({ retryConfig: { ...FAST, backoff: { ...FAST.backoff, maxInterval: 300 } } });
  await fault({ method: "GET", path: GET_CONN, status: 429, body: "rfc9457", headers: { "Retry-After": "60" } });
  const t0 = performance.now();
  await getConn(c);
  assert.ok(performance.now() - t0 < 2000);
  await stillWorks(c);
});

test("429 without Retry-After: normal backoff, retried", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 429, body: "rfc9457", count: 2 });
  await getConn(c);
  assert.equal((await recorded("GET", GET_CONN)).length, 3);
  await stillWorks(c);
});

test("429 on POST createJob: retried (nothing was done), one job created", async () => {
  const c = client();
  await fault({ method: "POST", path: "/jobs", status: 429, body: "rfc9457" });
  const job = await createJob(c);
  assert.equal(typeof job.jobId, "number");
  assert.equal((await recorded("POST", "/v1/jobs")).length, 2);
  await stillWorks(c);
});

test("connection dropped on GET: retried", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, drop: true });
  await getConn(c);
  assert.equal((await recorded("GET", GET_CONN)).length, 2);
  await stillWorks(c);
});

test("connection dropped on POST after send: not retried, ConnectionError", async () => {
  const c = client();
  await fault({ method: "POST", path: "/jobs", drop: true });
  const e = await rejection(createJob(c));
  isA(e, ConnectionError);
  assert.equal(e.attempts, 1);
  assert.equal((await recorded("POST", "/v1/jobs")).length, 1);
  await stillWorks(c);
});

test("body cut short (truncate) on GET counts as a connection error: retried", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, truncate: true });
  await getConn(c);
  assert.equal((await recorded("GET", GET_CONN)).length, 2);
  const none = client({ retryConfig: { strategy: "none" } });
  await fault({ method: "GET", path: GET_CONN, truncate: true });
  isA(await rejection(getConn(none)), ConnectionError);
  await stillWorks(c);
});

test("connection refused: POST retried (nothing was sent), error with attempts", async () => {
  let calls = 0;
  const counting = (u, i) => {
    calls++;
    return fetch(u, i);
  };
  // A port that was just free (port 1 is a "bad port" that fetch refuses without connecting).
  const srv = net.createServer();
  await new Promise((ok) => srv.listen(0, "127.0.0.1", ok));
  const port = srv.address().port;
  await new Promise((ok) => srv.close(ok));
  const dead = new AirbyteAPI({ serverUrl: `http://127.0.0.1:${port}/v1`, security: { bearerAuth: "x" }, retryConfig: FAST, fetch: counting });
  const e = await rejection(createJob(dead));
  isA(e, ConnectionError);
  assert.equal(calls, 3);
  assert.equal(e.attempts, 3);
  calls = 0;
  const off = new AirbyteAPI({
    serverUrl: `http://127.0.0.1:${port}/v1`,
    retryConfig: { ...FAST, retryConnectionErrors: false },
    fetch: counting,
  });
  await rejection(createJob(off));
  assert.equal(calls, 1);
});

test("stall → RequestTimeoutError; a timed-out GET is retried, a timed-out POST is not", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, delayMs: 1500 });
  const t0 = performance.now();
  assert.equal((await getConn(c, { timeoutMs: 200 })).connectionId, CONN(1));
  assert.ok(performance.now() - t0 < 1400);
  assert.equal((await recorded("GET", GET_CONN)).length, 2);

  // A timeout longer than setTimeout can express is no timeout (not an immediate one).
  await fault({ method: "GET", path: GET_CONN, delayMs: 50 });
  assert.equal((await getConn(c, { timeoutMs: 1e12, retries: { strategy: "none" } })).connectionId, CONN(1));

  await fault({ method: "GET", path: GET_CONN, delayMs: 1500, count: 3 });
  const e = await rejection(getConn(c, { timeoutMs: 150 }));
  isA(e, RequestTimeoutError);
  assert.equal(e.attempts, 3);

  await fault({ method: "POST", path: "/jobs", delayMs: 1500 });
  const p = await rejection(createJob(c, 1, { timeoutMs: 200 }));
  isA(p, RequestTimeoutError);
  assert.equal(p.attempts, 1);
  assert.equal((await recorded("POST", "/v1/jobs")).length, 1);
  await admin("/faults", { method: "DELETE" });
  await new Promise((r) => setTimeout(r, 1500));
  await stillWorks(c);
});

test("abort during the backoff sleep rejects at once", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 503, body: "empty", headers: { "Retry-After": "2" } });
  const ac = new AbortController();
  const t0 = performance.now();
  const p = getConn(c, { signal: ac.signal });
  setTimeout(() => ac.abort(), 300);
  const e = await rejection(p);
  isA(e, RequestAbortedError);
  const dt = performance.now() - t0;
  assert.ok(dt < 800, `abort took ${dt} ms`);
  assert.equal((await recorded("GET", GET_CONN)).length, 1);
  await stillWorks(c);
});

test("truncated JSON in a complete 200 → ResponseValidationError (not retried)", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 200, rawBody: '{"connectionId":"4a0', headers: { "Content-Type": "application/json" } });
  const e = await rejection(getConn(c));
  isA(e, ResponseValidationError);
  assert.equal(e.rawBody, '{"connectionId":"4a0');
  await fault({ method: "GET", path: GET_CONN, nonjson: true });
  isA(await rejection(getConn(c)), ResponseValidationError);
  await fault({ method: "GET", path: GET_CONN, wrongjson: true });
  isA(await rejection(getConn(c)), ResponseValidationError);
  assert.equal((await recorded("GET", GET_CONN)).length, 3);
  await stillWorks(c);
});

test("HTML 502 page, retries exhausted: AirbyteApiError, attempts = requests sent", async () => {
  const c = client();
  await fault({ method: "GET", path: GET_CONN, status: 502, body: "html", count: 10 });
  const e = await rejection(getConn(c));
  isA(e, AirbyteApiError);
  assert.equal(e.statusCode, 502);
  assert.equal(e.problem, undefined);
  assert.match(e.body, /<html/i);
  assert.equal(e.attempts, 3);
  assert.equal((await recorded("GET", GET_CONN)).length, 3);
  const more = client({ retryConfig: { ...FAST, maxRetries: 4 } });
  await admin("/requests", { method: "DELETE" });
  const e2 = await rejection(getConn(more));
  assert.equal(e2.attempts, 5);
  assert.equal((await recorded("GET", GET_CONN)).length, 5);
  // Per-call override: no retries.
  await admin("/requests", { method: "DELETE" });
  const e3 = await rejection(getConn(more, { retries: { strategy: "none" } }));
  assert.equal(e3.attempts, 1);
  await admin("/faults", { method: "DELETE" });
  await stillWorks(c);
});

test("maxElapsedTime bounds the total time", async () => {
  const c = client({ retryConfig: { strategy: "backoff", backoff: { initialInterval: 300, maxInterval: 300, exponent: 1, maxElapsedTime: 700 }, maxRetries: 100 } });
  await fault({ method: "GET", path: GET_CONN, status: 503, body: "empty", count: 100 });
  const t0 = performance.now();
  const e = await rejection(getConn(c));
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(e.attempts >= 2 && e.attempts <= 20, `attempts ${e.attempts}`);
  assert.equal((await recorded("GET", GET_CONN)).length, e.attempts);
  await admin("/faults", { method: "DELETE" });
  await stillWorks(c);
});

for (const shape of ["rfc9457", "micronaut", "aboutblank", "messagecode", "exception", "html", "empty"]) {
  test(`error body shape ${shape}: AirbyteApiError with the parsed problem`, async () => {
    const c = client();
    await fault({ method: "GET", path: GET_CONN, status: 422, body: shape });
    const e = await rejection(getConn(c));
    isA(e, AirbyteApiError);
    assert.equal(e.statusCode, 422);
    assert.equal(e.attempts, 1);
    assert.match(e.message, /422/);
    if (shape === "html" || shape === "empty") assert.equal(e.problem, undefined);
    else assert.ok(e.problem && typeof e.problem === "object", `no problem for ${shape}: ${e.body}`);
    await stillWorks(c);
  });
}

test("expired token → one token refresh and one resend", async () => {
  const c = new AirbyteAPI({
    serverUrl: `${EMU}/v1`,
    security: { clientCredentials: { clientId: "demo-client", clientSecret: "demo-secret" } },
    retryConfig: FAST,
  });
  await c.workspaces.listWorkspaces();
  await fault({ method: "GET", path: "/workspaces", status: 401, rawBody: '{"status":401,"detail":"The access token has expired."}' });
  await admin("/requests", { method: "DELETE" });
  const r = await c.workspaces.listWorkspaces();
  assert.ok(r.data.length > 0);
  assert.equal((await recorded("GET", "/v1/workspaces")).length, 2);
  assert.equal((await recorded("POST", "/v1/applications/token")).length, 1);
  await stillWorks(c);
});

test("token request: 429 retried, 500 not", async () => {
  const mk = () =>
    new AirbyteAPI({
      serverUrl: `${EMU}/v1`,
      security: { clientCredentials: { clientId: "demo-client", clientSecret: "demo-secret" } },
      retryConfig: FAST,
    });
  await fault({ method: "POST", path: "/applications/token", status: 429, body: "rfc9457" });
  const c = mk();
  await c.workspaces.listWorkspaces();
  assert.equal((await recorded("POST", "/v1/applications/token")).length, 2);
  await admin("/requests", { method: "DELETE" });
  await fault({ method: "POST", path: "/applications/token", status: 500, body: "rfc9457" });
  const e = await rejection(mk().workspaces.listWorkspaces());
  isA(e, AirbyteApiError);
  assert.ok(!JSON.stringify(e).includes("demo-secret") && !String(e.stack).includes("demo-secret"));
  assert.equal((await recorded("POST", "/v1/applications/token")).length, 1);
  await stillWorks(c);
});
