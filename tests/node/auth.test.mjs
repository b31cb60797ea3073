// Authentication: bearer, basic, and the client-credentials token flow.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AirbyteAPI, AirbyteApiError } from "../../pkg/node.js";
import { startServer, bodies as B, jwt, WS } from "./server.mjs";

let srv;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());
beforeEach(() => srv.reset());

const ok = (body) => ({ status: 200, body });
const tokenReply = (access_token, expires_in = 3600) => ok({ access_token, token_type: "Bearer", expires_in });
const cc = (extra = {}) =>
  new AirbyteAPI({
    serverUrl: `${srv.url}/v1`,
    security: { clientCredentials: { clientId: "my id&=", clientSecret: "s3cr3t+/ü", ...extra } },
  });

test("token request: form-encoded POST to <serverUrl>/applications/token, then Bearer", async () => {
  const c = cc();
  srv.reply(tokenReply("tok-1"), ok(B.WorkspacesResponse));
  const r = await c.workspaces.listWorkspaces();
  assert.equal(r.data.length, 2);
  const [t, op] = srv.requests;
  assert.equal(t.method, "POST");
  assert.equal(t.path, "/v1/applications/token");
  assert.equal(t.headers["content-type"], "application/x-www-form-urlencoded");
  assert.equal(t.headers.authorization, undefined);
  assert.match(t.body, /^grant_type=client_credentials&client_id=[^&]+&client_secret=[^&]+$/);
  const form = new URLSearchParams(t.body);
  assert.equal(form.get("grant_type"), "client_credentials");
  assert.equal(form.get("client_id"), "my id&=");
  assert.equal(form.get("client_secret"), "s3cr3t+/ü");
  assert.equal(op.headers.authorization, "Bearer tok-1");
});

test("the token is cached and reused", async () => {
  const c = cc();
  srv.reply(tokenReply("tok-1"));
  srv.setFallback(ok(B.WorkspacesResponse));
  await c.workspaces.listWorkspaces();
  await c.workspaces.listWorkspaces();
  await c.workspaces.listWorkspaces();
  assert.equal(srv.requests.filter((r) => r.path.endsWith("/applications/token")).length, 1);
  assert.deepEqual(srv.requests.slice(1).map((r) => r.headers.authorization), Array(3).fill("Bearer tok-1"));
});

test("relative tokenUrl is appended to the server URL; absolute is used as is", async () => {
  srv.reply(tokenReply("a"), ok(B.TagsResponse));
  await cc({ tokenUrl: "/oauth/token" }).tags.listTags();
  assert.equal(srv.requests[0].path, "/v1/oauth/token");
  srv.reset();
  srv.reply(tokenReply("b"), ok(B.TagsResponse));
  await cc({ tokenUrl: `${srv.url}/elsewhere/token` }).tags.listTags();
  assert.equal(srv.requests[0].path, "/elsewhere/token");
  assert.equal(srv.requests[1].headers.authorization, "Bearer b");
});

test("a token within 30 s of expiry is used once, then refreshed (expires_in)", async () => {
  const c = cc();
  srv.reply(tokenReply("short", 10), ok(B.TagsResponse), tokenReply("next", 3600), ok(B.TagsResponse), ok(B.TagsResponse));
  await c.tags.listTags();
  await c.tags.listTags();
  await c.tags.listTags();
  const paths = srv.requests.map((r) => r.path);
  assert.deepEqual(paths, ["/v1/applications/token", "/v1/tags", "/v1/applications/token", "/v1/tags", "/v1/tags"]);
  assert.equal(srv.requests[1].headers.authorization, "Bearer short");
  assert.equal(srv.requests[3].headers.authorization, "Bearer next");
  assert.equal(srv.requests[4].headers.authorization, "Bearer next");
});

test("refresh happens once now >= expiry - 30 s (expires_in 31 s, after 1.2 s)", async () => {
  const c = cc();
  srv.reply(tokenReply("t31", 31), ok(B.TagsResponse), ok(B.TagsResponse));
  await c.tags.listTags();
  await c.tags.listTags();
  assert.equal(srv.requests.length, 3, "still fresh: reused");
  await new Promise((r) => setTimeout(r, 1200));
  srv.reply(tokenReply("t2"), ok(B.TagsResponse));
  await c.tags.listTags();
  assert.equal(srv.requests[3].path, "/v1/applications/token");
  assert.equal(srv.requests[4].headers.authorization, "Bearer t2");
});

test("the JWT exp wins when it is earlier than expires_in", async () => {
  const c = cc();
  const soon = jwt(Math.floor(Date.now() / 1000) + 20);
  const late = jwt(Math.floor(Date.now() / 1000) + 7200);
  srv.reply(tokenReply(soon, 3600), ok(B.TagsResponse), tokenReply(late, 3600), ok(B.TagsResponse), ok(B.TagsResponse));
  await c.tags.listTags();
  await c.tags.listTags();
  await c.tags.listTags();
  assert.deepEqual(
    srv.requests.map((r) => r.path),
    ["/v1/applications/token", "/v1/tags", "/v1/applications/token", "/v1/tags", "/v1/tags"],
  );
  assert.equal(srv.requests[4].headers.authorization, `Bearer ${late}`);
});

test("concurrent calls share one token request", async () => {
  const c = cc();
  srv.reply({ ...tokenReply("shared"), delayMs: 150 });
  srv.setFallback(ok(B.TagsResponse));
  const rs = await Promise.all(Array.from({ length: 6 }, () => c.tags.listTags({ workspaceIds: [WS] })));
  assert.equal(rs.length, 6);
  const tokenReqs = srv.requests.filter((r) => r.path === "/v1/applications/token");
  assert.equal(tokenReqs.length, 1);
  const ops = srv.requests.filter((r) => r.path === "/v1/tags");
  assert.equal(ops.length, 6);
  for (const o of ops) assert.equal(o.headers.authorization, "Bearer shared");
});

test("401 drops the token, fetches a new one and resends once", async () => {
  const c = cc();
  srv.reply(tokenReply("old"), { status: 401, body: { message: "expired" } }, tokenReply("new"), ok(B.JobResponse));
  const j = await c.jobs.createJob({ connectionId: B.JobResponse.connectionId, jobType: "sync" });
  assert.equal(j.jobId, 42);
  const ops = srv.requests.filter((r) => r.path === "/v1/jobs");
  assert.equal(ops.length, 2);
  assert.equal(ops[0].headers.authorization, "Bearer old");
  assert.equal(ops[1].headers.authorization, "Bearer new");
  assert.equal(ops[0].body, ops[1].body);
});

test("a second 401 is final: AirbyteApiError after exactly one resend", async () => {
  const c = cc();
  srv.reply(tokenReply("a"), { status: 401, body: "" }, tokenReply("b"), { status: 401, body: { message: "nope" } });
  await assert.rejects(c.tags.listTags(), (e) => e instanceof AirbyteApiError && e.statusCode === 401 && e.attempts === 2);
  assert.equal(srv.requests.length, 4);
  // and the instance keeps working
  srv.reply(tokenReply("c"), ok(B.TagsResponse));
  await c.tags.listTags();
});

test("bearer and basic: a 401 is final, no resend", async () => {
  const b = new AirbyteAPI({ serverUrl: srv.url, security: { bearerAuth: "tok" } });
  srv.reply({ status: 401, body: "" });
  await assert.rejects(b.tags.listTags(), (e) => e.statusCode === 401);
  assert.equal(srv.requests.length, 1);
});

test("basic auth is UTF-8 safe", async () => {
  const c = new AirbyteAPI({ serverUrl: srv.url, security: { basicAuth: { username: "ünï", password: "p:w€" } } });
  srv.reply(ok(B.TagsResponse));
  await c.tags.listTags();
  const h = srv.requests[0].headers.authorization;
  assert.equal(h, "Basic " + Buffer.from("ünï:p:w€", "utf8").toString("base64"));
});

test("getHealthCheck sends no credentials and fetches no token", async () => {
  const c = cc();
  srv.reply({ status: 200, body: "" });
  assert.equal(await c.health.getHealthCheck(), undefined);
  assert.equal(srv.requests.length, 1);
  assert.equal(srv.requests[0].path, "/v1/health");
  assert.equal(srv.requests[0].headers.authorization, undefined);
});

test("token endpoint failure rejects with AirbyteApiError and sends nothing else", async () => {
  const c = cc();
  srv.reply({ status: 401, body: { message: "bad client" } });
  await assert.rejects(c.tags.listTags(), (e) => {
    assert.ok(e instanceof AirbyteApiError);
    assert.equal(e.statusCode, 401);
    assert.ok(!e.message.includes("s3cr3t"));
    return true;
  });
  assert.equal(srv.requests.length, 1);
  srv.reply(tokenReply("ok"), ok(B.TagsResponse));
  await c.tags.listTags();
});

test("credentials never show in String(), JSON, inspect or errors", async () => {
  const { inspect } = await import("node:util");
  const c = new AirbyteAPI({ serverUrl: "http://127.0.0.1:9", security: { bearerAuth: "SECRET-TOKEN" } });
  for (const s of [String(c), JSON.stringify(c), inspect(c, { depth: 5, showHidden: true })]) {
    assert.ok(!s.includes("SECRET-TOKEN"), s);
  }
  const e = await c.tags.listTags().catch((e) => e);
  assert.ok(!inspect(e, { depth: 5, showHidden: true }).includes("SECRET-TOKEN"));
  assert.ok(!JSON.stringify(e).includes("SECRET-TOKEN"));
  const bad = (() => {
    try {
      new AirbyteAPI({ security: { bearerAuth: "SECRET-TOKEN", basicAuth: { username: "u", password: "SECRET-PW" } } });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(bad.name, "InvalidRequestError");
  assert.ok(!inspect(bad).includes("SECRET"));
});

test("aborting while waiting for the token rejects at once; the token still serves later calls", async () => {
  const c = cc();
  srv.reply({ ...tokenReply("slow"), delayMs: 600 });
  srv.setFallback(ok(B.TagsResponse));
  const ac = new AbortController();
  const t0 = Date.now();
  const p = c.tags.listTags({}, { signal: ac.signal });
  setTimeout(() => ac.abort(), 30);
  await assert.rejects(p, (e) => e.name === "RequestAbortedError");
  assert.ok(Date.now() - t0 < 400);
  await new Promise((r) => setTimeout(r, 700));
  await c.tags.listTags();
  const paths = srv.requests.map((r) => r.path);
  assert.deepEqual(paths, ["/v1/applications/token", "/v1/tags"]);
  assert.equal(srv.requests[1].headers.authorization, "Bearer slow");
});
