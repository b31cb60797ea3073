// Garbage in: every bad argument or option rejects with InvalidRequestError naming the field,
// sends nothing, and leaves the instance usable. Bad constructor options throw.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AirbyteAPI, InvalidRequestError, AirbyteError } from "../../pkg/node.js";
import { startServer, bodies as B, WS, CONN, SRC, DST } from "./server.mjs";

let srv;
let c;
before(async () => {
  srv = await startServer();
  c = new AirbyteAPI({ serverUrl: `${srv.url}/v1`, security: { bearerAuth: "tok" } });
});
after(() => srv.close());
beforeEach(() => srv.reset());

const cyclic = { sourceId: SRC, destinationId: DST };
cyclic.self = cyclic;
const throwingProxy = new Proxy({}, {
  get() { throw new Error("trap"); },
  ownKeys() { throw new Error("trap"); },
});
const throwingGetter = { get connectionId() { throw new Error("getter"); } };

// [label, call(c) → promise, expected field (string) or null when any field is acceptable]
const CASES = [
  ["unknown key (typo workspaceId)", (c) => c.connections.listConnections({ workspaceId: WS }), "workspaceId"],
  ["wrong type for limit", (c) => c.connections.listConnections({ limit: "5" }), "limit"],
  ["non-integer limit", (c) => c.connections.listConnections({ limit: 1.5 }), "limit"],
  ["limit 0", (c) => c.connections.listConnections({ limit: 0 }), "limit"],
  ["limit 101", (c) => c.connections.listConnections({ limit: 101 }), "limit"],
  ["negative offset", (c) => c.sources.listSources({ offset: -1 }), "offset"],
  ["bad UUID in array", (c) => c.connections.listConnections({ workspaceIds: [WS, "nope"] }), "workspaceIds[1]"],
  ["array expected", (c) => c.connections.listConnections({ workspaceIds: WS }), "workspaceIds"],
  ["boolean expected", (c) => c.connections.listConnections({ includeDeleted: "yes" }), "includeDeleted"],
  ["bad path UUID", (c) => c.connections.getConnection({ connectionId: "not-a-uuid" }), "connectionId"],
  ["missing required path param", (c) => c.connections.getConnection({}), "connectionId"],
  ["missing argument", (c) => c.connections.getConnection(), "connectionId"],
  ["null argument", (c) => c.connections.getConnection(null), ""],
  ["number argument", (c) => c.connections.getConnection(7), ""],
  ["string argument", (c) => c.jobs.createJob("sync"), ""],
  ["array argument", (c) => c.tags.createTag([1, 2]), ""],
  ["bad enum in body", (c) => c.jobs.createJob({ connectionId: CONN, jobType: "bogus" }), "jobType"],
  ["bad enum nested", (c) => c.connections.patchConnection({ connectionId: CONN, connectionPatchRequest: { status: "paused" } }),
    "connectionPatchRequest.status"],
  ["unknown key in body", (c) => c.connections.patchConnection({ connectionId: CONN, connectionPatchRequest: { stauts: "active" } }),
    "connectionPatchRequest.stauts"],
  ["missing required body field", (c) => c.connections.createConnection({ sourceId: SRC }), "destinationId"],
  ["bad enum query", (c) => c.jobs.listJobs({ status: "done" }), "status"],
  ["bad date-time", (c) => c.jobs.listJobs({ createdAtStart: "yesterday" }), "createdAtStart"],
  ["invalid Date", (c) => c.jobs.listJobs({ createdAtStart: new Date("x") }), "createdAtStart"],
  ["BigInt", (c) => c.jobs.getJob({ jobId: 42n }), "jobId"],
  ["symbol", (c) => c.tags.createTag({ name: Symbol("s"), color: "FF0000", workspaceId: WS }), "name"],
  ["function", (c) => c.tags.createTag({ name: () => "x", color: "FF0000", workspaceId: WS }), "name"],
  ["function as argument", (c) => c.tags.createTag(() => 1), ""],
  ["BigInt in an array", (c) => c.connections.listConnections({ workspaceIds: [WS, 1n] }), "workspaceIds[1]"],
  ["function nested in a body", (c) => c.connections.patchConnection({ connectionId: CONN, connectionPatchRequest: { name: () => 1 } }),
    "connectionPatchRequest.name"],
  ["invalid Date in an array", (c) => c.jobs.listJobs({ createdAtStart: [new Date("x")] }), "createdAtStart"],
  ["cyclic object", (c) => c.connections.createConnection(cyclic), ""],
  ["throwing proxy", (c) => c.connections.getConnection(throwingProxy), ""],
  ["throwing getter", (c) => c.connections.getConnection(throwingGetter), ""],
  ["NaN becomes null", (c) => c.jobs.getJob({ jobId: NaN }), "jobId"],
  ["huge integer", (c) => c.connections.listConnections({ offset: 2 ** 40 }), "offset"],
  ["argument to a no-input method", (c) => c.health.getHealthCheck({ foo: 1 }), "options.foo"],
  ["unknown per-call option", (c) => c.tags.listTags({}, { timeout: 5 }), "options.timeout"],
  ["bad timeoutMs", (c) => c.tags.listTags({}, { timeoutMs: 0 }), "options.timeoutMs"],
  ["Infinity timeoutMs", (c) => c.tags.listTags({}, { timeoutMs: Infinity }), "options.timeoutMs"],
  ["bad signal", (c) => c.tags.listTags({}, { signal: {} }), "options.signal"],
  ["header value not a string", (c) => c.tags.listTags({}, { headers: { "X-A": 1 } }), "options.headers.X-A"],
  ["header with newline", (c) => c.tags.listTags({}, { headers: { "X-A": "a\r\nB: c" } }), "options.headers.X-A"],
  ["options not an object", (c) => c.tags.listTags({}, 5), "options"],
  ["throwing proxy as options", (c) => c.tags.listTags({}, throwingProxy), null],
  ["bad retries", (c) => c.tags.listTags({}, { retries: { strategy: "sometimes" } }), "options.retries.strategy"],
];

for (const [label, call, field] of CASES) {
  test(`bad input: ${label}`, async () => {
    let p;
    assert.doesNotThrow(() => {
      p = call(c);
    }, "never throws synchronously");
    assert.ok(p instanceof Promise);
    const e = await p.then(
      () => assert.fail("should reject"),
      (e) => e,
    );
    assert.ok(e instanceof InvalidRequestError, `${e?.name}: ${e?.message}`);
    assert.ok(e instanceof AirbyteError);
    assert.equal(e.name, "InvalidRequestError");
    if (field !== null) assert.equal(e.field, field, e.message);
    else assert.equal(typeof e.field, "string");
    assert.equal(srv.requests.length, 0, "nothing sent");
    srv.reply({ status: 200, body: B.TagsResponse });
    assert.equal((await c.tags.listTags()).data.length, 1, "instance still works");
  });
}

test("retries option of the right shape is accepted (applied by a later version)", async () => {
  srv.reply({ status: 200, body: B.TagsResponse });
  await c.tags.listTags({}, {
    retries: { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 100, exponent: 2, maxElapsedTime: 1000 }, maxRetries: 2, retryConnectionErrors: true },
  });
  assert.equal(srv.requests.length, 1);
});

test("Date in a date-time query parameter is sent as ISO-8601", async () => {
  srv.reply({ status: 200, body: B.JobsResponse });
  await c.jobs.listJobs({ updatedAtEnd: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) });
  assert.deepEqual(srv.requests[0].query, [["updatedAtEnd", "2025-01-02T03:04:05.006Z"]]);
});

const BAD_OPTIONS = [
  ["two security schemes", { security: { bearerAuth: "a", basicAuth: { username: "u", password: "p" } } }, "security"],
  ["empty security", { security: {} }, "security"],
  ["unknown key", { serverURL: "https://x.example" }, "serverURL"],
  ["unknown security key", { security: { apiKey: "x" } }, "security.apiKey"],
  ["non-string token", { security: { bearerAuth: 5 } }, "security.bearerAuth"],
  ["basic without password", { security: { basicAuth: { username: "u" } } }, "security.basicAuth.password"],
  ["client credentials with a number", { security: { clientCredentials: { clientId: "a", clientSecret: 1 } } },
    "security.clientCredentials.clientSecret"],
  ["malformed URL", { serverUrl: "not a url" }, "serverUrl"],
  ["ftp URL", { serverUrl: "ftp://x.example/v1" }, "serverUrl"],
  ["URL with no host", { serverUrl: "https://" }, "serverUrl"],
  ["URL with credentials", { serverUrl: "https://user:pw@host.example/v1" }, "serverUrl"],
  ["serverIdx 1", { serverIdx: 1 }, "serverIdx"],
  ["headers not strings", { headers: { "X-A": 1 } }, "headers.X-A"],
  ["bad header name", { headers: { "X A": "1" } }, "headers.X A"],
  ["fetch not a function", { fetch: "fetch" }, "fetch"],
  ["negative timeout", { timeoutMs: -1 }, "timeoutMs"],
  ["userAgent not a string", { userAgent: 1 }, "userAgent"],
  ["options a string", "https://api.airbyte.com", ""],
  ["throwing proxy", throwingProxy, null],
];

for (const [label, opts, field] of BAD_OPTIONS) {
  test(`bad constructor options: ${label}`, () => {
    assert.throws(
      () => new AirbyteAPI(opts),
      (e) => {
        assert.ok(e instanceof InvalidRequestError, `${e?.name}: ${e?.message}`);
        assert.equal(e.name, "InvalidRequestError");
        if (field !== null) assert.equal(e.field, field);
        return true;
      },
    );
  });
}

test("good constructor options", () => {
  new AirbyteAPI();
  new AirbyteAPI({});
  new AirbyteAPI({ serverIdx: 0, security: { bearerAuth: "t" }, timeoutMs: 1000, userAgent: "x", headers: { "X-A": "b" } });
  new AirbyteAPI({ serverUrl: "https://host.example/api/public/v1/", security: { basicAuth: { username: "u", password: "p" } } });
  new AirbyteAPI({ security: { clientCredentials: { clientId: "a", clientSecret: "b", tokenUrl: "https://auth.example/token" } } });
});
