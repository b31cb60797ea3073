// Error mapping: API errors of every body shape, response validation, connection failures,
// timeouts, aborts; and lenient acceptance of unknown fields and enum values.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  AirbyteAPI, AirbyteError, AirbyteApiError, ResponseValidationError, ConnectionError,
  RequestTimeoutError, RequestAbortedError, InvalidRequestError,
} from "../../pkg/node.js";
import { startServer, bodies as B, CONN } from "./server.mjs";

let srv;
let c;
before(async () => {
  srv = await startServer();
  // One attempt per call: these tests check the mapping of single responses (the retry policy
  // is tested in tests/resilience/).
  c = new AirbyteAPI({ serverUrl: `${srv.url}/v1`, security: { bearerAuth: "tok" }, retryConfig: { strategy: "none" } });
});
after(() => srv.close());
beforeEach(() => srv.reset());

const CLASSES = [AirbyteApiError, ResponseValidationError, ConnectionError, RequestTimeoutError, RequestAbortedError, InvalidRequestError];
function exactlyOne(e, cls) {
  assert.ok(e instanceof AirbyteError, "is an AirbyteError");
  assert.ok(e instanceof Error);
  assert.deepEqual(CLASSES.filter((k) => e instanceof k), [cls]);
  assert.equal(e.name, cls.name);
}

async function stillWorks() {
  srv.reply({ status: 200, body: B.ConnectionResponse });
  assert.equal((await c.connections.getConnection({ connectionId: CONN })).connectionId, CONN);
}

const SHAPES = [
  ["RFC 9457 problem", 404, "application/problem+json",
    { status: 404, type: "https://reference.airbyte.com/reference/errors#not-found", title: "resource-not-found",
      detail: "Connection 123 not found", documentationUrl: "https://docs.example/x", data: { id: "123" } },
    (p) => { assert.equal(p.detail, "Connection 123 not found"); assert.equal(p.title, "resource-not-found"); assert.deepEqual(p.data, { id: "123" }); },
    "Connection 123 not found"],
  ["Micronaut embedded errors", 400, "application/json",
    { message: "Bad Request", _embedded: { errors: [{ message: "Failed to convert argument [limit]" }] } },
    (p) => assert.ok(JSON.stringify(p).includes("Failed to convert argument")), "Failed to convert argument"],
  ["about:blank", 403, "application/json", { type: "about:blank", status: 403 },
    (p) => assert.equal(p.status, 403), "403"],
  ["message + code", 422, "application/json", { message: "invalid cron", code: "bad_cron" },
    (p) => assert.ok(JSON.stringify(p).includes("invalid cron")), "invalid cron"],
  ["message + exceptionClassName", 500, "application/json",
    { message: "NPE somewhere", exceptionClassName: "java.lang.NullPointerException" },
    (p) => assert.ok(JSON.stringify(p).includes("NPE somewhere")), "NPE somewhere"],
];

for (const [label, status, ct, body, checkProblem, inMessage] of SHAPES) {
  test(`API error body: ${label}`, async () => {
    const text = JSON.stringify(body);
    srv.reply({ status, body: text, headers: { "content-type": ct, "x-request-id": "rq1" } });
    const e = await c.connections.getConnection({ connectionId: CONN }).catch((e) => e);
    exactlyOne(e, AirbyteApiError);
    assert.equal(e.statusCode, status);
    assert.equal(e.body, text);
    assert.equal(Object.getPrototypeOf(e.headers), Object.prototype);
    assert.equal(e.headers["x-request-id"], "rq1");
    assert.ok(e.problem && typeof e.problem === "object");
    checkProblem(e.problem);
    assert.ok(e.message.includes(String(status)), e.message);
    assert.ok(e.message.includes(inMessage), e.message);
    assert.ok(!JSON.stringify(e).includes("tok"));
    assert.equal(e.attempts, 1);
    await stillWorks();
  });
}

test("API error with an HTML body or an empty body: problem undefined", async () => {
  srv.reply({ status: 502, body: "<html><body>Bad gateway</body></html>", headers: { "content-type": "text/html" } });
  let e = await c.connections.getConnection({ connectionId: CONN }).catch((e) => e);
  exactlyOne(e, AirbyteApiError);
  assert.equal(e.statusCode, 502);
  assert.equal(e.body, "<html><body>Bad gateway</body></html>");
  assert.equal(e.problem, undefined);
  assert.match(e.message, /502/);
  srv.reply({ status: 500 });
  e = await c.connections.getConnection({ connectionId: CONN }).catch((e) => e);
  assert.equal(e.body, "");
  assert.equal(e.problem, undefined);
  await stillWorks();
});

test("2xx body that does not match: ResponseValidationError with path and raw body", async () => {
  const data = Array.from({ length: 5 }, () => ({ ...B.ConnectionResponse }));
  delete data[3].connectionId;
  const raw = JSON.stringify({ data });
  srv.reply({ status: 200, body: raw, headers: { "content-type": "application/json" } });
  const e = await c.connections.listConnections().catch((e) => e);
  exactlyOne(e, ResponseValidationError);
  assert.equal(e.path, "data[3].connectionId");
  assert.equal(e.rawBody, raw);
  await stillWorks();
});

test("null for a required string is a validation error; null for an optional field is fine", async () => {
  srv.reply({ status: 200, body: { ...B.ConnectionResponse, name: null } });
  const e = await c.connections.getConnection({ connectionId: CONN }).catch((e) => e);
  exactlyOne(e, ResponseValidationError);
  assert.equal(e.path, "name");
  srv.reply({ status: 200, body: { ...B.ConnectionResponse, prefix: null } });
  const r = await c.connections.getConnection({ connectionId: CONN });
  assert.equal(r.prefix, null);
});

test("truncated JSON and wrong types are validation errors", async () => {
  srv.reply({ status: 200, body: '{"data":[' });
  exactlyOne(await c.connections.listConnections().catch((e) => e), ResponseValidationError);
  srv.reply({ status: 200, body: { ...B.JobResponse, jobId: "42" } });
  const e = await c.jobs.getJob({ jobId: 42 }).catch((e) => e);
  exactlyOne(e, ResponseValidationError);
  assert.equal(e.path, "jobId");
  await stillWorks();
});

test("unknown fields and unknown enum values are kept, never an error", async () => {
  const body = { ...B.ConnectionResponse, status: "paused_by_robot", brandNew: { x: [1, 2] }, schedule: { scheduleType: "hourly", extra: 1 } };
  srv.reply({ status: 200, body });
  const r = await c.connections.getConnection({ connectionId: CONN });
  assert.deepEqual(r, body);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
});

test("open JSON results: parsed, or undefined when empty; invalid JSON is a validation error", async () => {
  const arg = { redirectUrl: "https://a.example/cb", workspaceId: CONN, sourceType: "github" };
  srv.reply({ status: 200, body: { consentUrl: "u" } });
  assert.deepEqual(await c.sources.initiateOAuth(arg), { consentUrl: "u" });
  srv.reply({ status: 200, body: "" });
  assert.equal(await c.sources.initiateOAuth(arg), undefined);
  srv.reply({ status: 200, body: "<html>" });
  exactlyOne(await c.sources.initiateOAuth(arg).catch((e) => e), ResponseValidationError);
});

test("connection refused → ConnectionError", async () => {
  const dead = new AirbyteAPI({ serverUrl: "http://127.0.0.1:1/v1", security: { bearerAuth: "tok" }, retryConfig: { strategy: "none" } });
  const e = await dead.connections.getConnection({ connectionId: CONN }).catch((e) => e);
  exactlyOne(e, ConnectionError);
  assert.match(e.message, /ECONNREFUSED|fetch failed/);
});

test("connection dropped mid-request → ConnectionError", async () => {
  srv.reply({ destroy: true });
  exactlyOne(await c.connections.getConnection({ connectionId: CONN }).catch((e) => e), ConnectionError);
  await stillWorks();
});

test("timeoutMs (per call and per client) → RequestTimeoutError", async () => {
  srv.reply({ status: 200, body: B.ConnectionResponse, delayMs: 500 });
  const t0 = Date.now();
  const e = await c.connections.getConnection({ connectionId: CONN }, { timeoutMs: 50 }).catch((e) => e);
  exactlyOne(e, RequestTimeoutError);
  assert.ok(Date.now() - t0 < 400);
  const slow = new AirbyteAPI({ serverUrl: `${srv.url}/v1`, timeoutMs: 50, retryConfig: { strategy: "none" } });
  srv.reply({ status: 200, body: B.ConnectionResponse, delayMs: 500 });
  exactlyOne(await slow.connections.getConnection({ connectionId: CONN }).catch((e) => e), RequestTimeoutError);
  await new Promise((r) => setTimeout(r, 500));
  await stillWorks();
});

test("abort: already-aborted sends nothing; aborting mid-flight rejects at once", async () => {
  const ac = new AbortController();
  ac.abort();
  const e = await c.connections.getConnection({ connectionId: CONN }, { signal: ac.signal }).catch((e) => e);
  exactlyOne(e, RequestAbortedError);
  assert.equal(srv.requests.length, 0);

  const ac2 = new AbortController();
  srv.reply({ status: 200, body: B.ConnectionResponse, delayMs: 1000 });
  const t0 = Date.now();
  const p = c.connections.getConnection({ connectionId: CONN }, { signal: ac2.signal });
  setTimeout(() => ac2.abort(), 30);
  exactlyOne(await p.catch((e) => e), RequestAbortedError);
  assert.ok(Date.now() - t0 < 500);
  await new Promise((r) => setTimeout(r, 1000));
  srv.reset();
  await stillWorks();
});

test("a custom fetch option is used, with this = globalThis; userAgent replaces the default", async () => {
  const seen = [];
  const f = function (url, init) {
    seen.push({ url, init, self: this });
    return Promise.resolve(new Response(JSON.stringify(B.TagsResponse), { status: 200 }));
  };
  const cf = new AirbyteAPI({ fetch: f, userAgent: "my-app/2", security: { bearerAuth: "x" } });
  const r = await cf.tags.listTags();
  assert.equal(r.data.length, 1);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, "https://api.airbyte.com/v1/tags");
  assert.equal(seen[0].self, globalThis);
  assert.equal(seen[0].init.method, "GET");
  assert.equal(seen[0].init.headers["User-Agent"], "my-app/2");
  assert.equal(seen[0].init.body, undefined);
});

test("a fetch that throws synchronously or resolves to garbage → ConnectionError", async () => {
  const c1 = new AirbyteAPI({ fetch: () => { throw new TypeError("boom"); } });
  exactlyOne(await c1.tags.listTags().catch((e) => e), ConnectionError);
  const c2 = new AirbyteAPI({ fetch: async () => 42 });
  exactlyOne(await c2.tags.listTags().catch((e) => e), ConnectionError);
  const c3 = new AirbyteAPI({
    fetch: async () => ({ status: 200, headers: new Headers(), text: () => Promise.reject(new Error("reset")) }),
  });
  exactlyOne(await c3.tags.listTags().catch((e) => e), ConnectionError);
});
