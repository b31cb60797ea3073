// examples/cloudflare-worker: bundled by the example's own wrangler (as `wrangler deploy` does),
// then run in real workerd through Miniflare and driven over HTTP, with client credentials
// pointing at the emulator.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  EMULATOR_URL,
  connectionIds,
  emulator,
  prepareExample,
  readJson,
  recorded,
  runOk,
  sleep,
  workspaces,
} from "./helpers.mjs";

const ORIGIN = "https://app.example.test";
const OTHER = "https://evil.example.test";
const MINIFLARE_VERSION = "4.20260426.0";

let dir;
let compatibilityDate;
let Miniflare;
const instances = [];
let base; // URL of the worker under test
let ws;

async function startWorker(bindings) {
  const dist = join(dir, "dist");
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dist, "index.js"),
    modulesRoot: dist,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate,
    bindings,
  });
  instances.push(mf);
  return (await mf.ready).href.replace(/\/$/, "");
}

before(async () => {
  dir = await prepareExample("cloudflare-worker");
  // The bundle wrangler would upload: esbuild resolves the package's `workerd` condition and
  // keeps the .wasm as a separate module.
  await runOk("npx", ["--no-install", "wrangler", "deploy", "--dry-run", "--outdir", "dist"], {
    cwd: dir,
    env: { WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  // Run with the compatibility date the example deploys with.
  const toml = readFileSync(join(dir, "wrangler.toml"), "utf8");
  compatibilityDate = /^compatibility_date\s*=\s*"([0-9-]+)"/m.exec(toml)?.[1];
  assert.ok(compatibilityDate, "wrangler.toml sets compatibility_date");
  const require = createRequire(join(dir, "package.json"));
  const mfPkg = readJson(join(dir, "node_modules", "miniflare", "package.json"));
  assert.equal(mfPkg.version, MINIFLARE_VERSION, "wrangler's miniflare is the pinned one");
  ({ Miniflare } = await import(pathToFileURL(require.resolve("miniflare")).href));

  await emulator("/__emulator/reset", { method: "POST" });
  ws = await workspaces();
  base = await startWorker({
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_CLIENT_ID: CLIENT_ID,
    AIRBYTE_CLIENT_SECRET: CLIENT_SECRET,
    ALLOWED_ORIGIN: ORIGIN,
  });
});

after(async () => {
  for (const mf of instances) await mf.dispose();
});

async function call(path, { method = "GET", origin = ORIGIN, headers = {} } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(origin ? { Origin: origin } : {}), ...headers },
  });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body, text };
}

test("the bundle uses the workerd entry and ships exactly one .wasm module", () => {
  const files = readdirSync(join(dir, "dist"));
  assert.equal(files.filter((f) => f.endsWith(".wasm")).length, 1, files.join(", "));
  assert.ok(existsSync(join(dir, "dist", "index.js")));
});

test("GET /workspaces/:id/connections lists what the API has, with CORS for the origin", async () => {
  const id = ws[0].workspaceId;
  const expected = await connectionIds(id);
  const r = await call(`/workspaces/${id}/connections?limit=100`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(r.headers.get("vary") || "", /Origin/);
  assert.match(r.headers.get("content-type"), /^application\/json/);
  assert.deepEqual(
    r.body.data.map((c) => c.connectionId),
    expected,
  );
  assert.equal(r.body.nextOffset, undefined);
  for (const c of r.body.data) assert.equal(c.workspaceId, id);
});

test("paging by offset", async () => {
  const id = ws[0].workspaceId;
  const expected = await connectionIds(id);
  assert.ok(expected.length > 2, "the demo workspace has more than two connections");
  const first = await call(`/workspaces/${id}/connections?limit=2`);
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.body.data.map((c) => c.connectionId), expected.slice(0, 2));
  assert.equal(first.body.nextOffset, 2);
  const second = await call(`/workspaces/${id}/connections?limit=2&offset=${first.body.nextOffset}`);
  assert.deepEqual(second.body.data.map((c) => c.connectionId), expected.slice(2, 4));
  const bad = await call(`/workspaces/${id}/connections?limit=500`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "limit");
});

test("malformed ids are a 400 naming the field, and nothing is sent to Airbyte", async () => {
  const before = (await recorded("*")).length;
  let r = await call("/workspaces/not-a-uuid/connections");
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.status, 400);
  assert.equal(r.body.error.field, "workspaceIds[0]");
  assert.match(r.body.error.message, /UUID/);
  assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
  r = await call("/connections/not-a-uuid/sync", { method: "POST" });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, "connectionId");
  r = await call("/workspaces/%E0%A4%A/connections");
  assert.equal(r.status, 400, r.text);
  // The package validated before sending: the emulator saw none of these.
  assert.equal((await recorded("*")).length, before);
});

test("POST /connections/:id/sync starts a job that GET /jobs/:id follows to the end", async () => {
  // A connection of the second workspace: the node example syncs the first one.
  const page = await emulator(`/v1/connections?workspaceIds=${ws[1].workspaceId}&limit=100`);
  const target = page.data.find((c) => c.status === "active");
  assert.ok(target);
  const started = await call(`/connections/${target.connectionId}/sync`, { method: "POST" });
  assert.equal(started.status, 200, started.text);
  assert.equal(started.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(started.body.connectionId, target.connectionId);
  assert.equal(started.body.jobType, "sync");
  assert.ok(Number.isInteger(started.body.jobId));
  assert.ok(["pending", "running"].includes(started.body.status), started.body.status);

  // A second sync while this one runs: Airbyte's 409 reaches the browser as a 409.
  const again = await call(`/connections/${target.connectionId}/sync`, { method: "POST" });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.error.upstreamStatus, 409);

  let job;
  for (let i = 0; i < 50; i++) {
    const r = await call(`/jobs/${started.body.jobId}`);
    assert.equal(r.status, 200, r.text);
    job = r.body;
    if (job.status === "succeeded") break;
    await sleep(100);
  }
  assert.equal(job.status, "succeeded");
  assert.deepEqual(job, await emulator(`/v1/jobs/${started.body.jobId}`));
});

test("job errors: a non-numeric id is 400, an unknown one 404, an inactive connection 400", async () => {
  let r = await call("/jobs/abc");
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, "jobId");
  r = await call("/jobs/987654321");
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.upstreamStatus, 404);
  const page = await emulator(`/v1/connections?workspaceIds=${ws[0].workspaceId}&limit=100`);
  const inactive = page.data.find((c) => c.status === "inactive");
  r = await call(`/connections/${inactive.connectionId}/sync`, { method: "POST" });
  assert.equal(r.status, 400, r.text);
});

test("routing: unknown paths 404, wrong methods 405 with Allow", async () => {
  let r = await call("/nope");
  assert.equal(r.status, 404);
  r = await call(`/jobs/1`, { method: "DELETE" });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get("allow"), "GET, OPTIONS");
  r = await call(`/connections/${ws[0].workspaceId}/sync`, { method: "GET" });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get("allow"), "POST, OPTIONS");
});

test("CORS preflight: the configured origin is allowed", async () => {
  const r = await call(`/connections/${ws[0].workspaceId}/sync`, {
    method: "OPTIONS",
    headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(r.headers.get("access-control-allow-methods"), /\bPOST\b/);
  assert.match(r.headers.get("access-control-allow-methods"), /\bGET\b/);
  assert.match(r.headers.get("access-control-allow-headers").toLowerCase(), /content-type/);
  assert.match(r.headers.get("vary") || "", /Origin/);
});

test("CORS: any other origin gets 403 and no Access-Control-Allow-Origin", async () => {
  const before = (await recorded("/v1/jobs*")).length;
  for (const [method, path] of [
    ["OPTIONS", "/jobs/1"],
    ["GET", "/jobs/1"],
    ["POST", `/connections/${ws[0].workspaceId}/sync`],
    ["GET", `/workspaces/${ws[0].workspaceId}/connections`],
  ]) {
    const r = await call(path, {
      method,
      origin: OTHER,
      headers: method === "OPTIONS" ? { "Access-Control-Request-Method": "GET" } : {},
    });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.headers.get("access-control-allow-origin"), null, `${method} ${path}`);
  }
  // "null" (sandboxed iframes, file://) is an origin like any other.
  const r = await call("/jobs/1", { origin: "null" });
  assert.equal(r.status, 403);
  // Nothing reached Airbyte for the refused calls.
  assert.equal((await recorded("/v1/jobs*")).length, before);
});

test("the client is built once per isolate: one token request for many calls", async () => {
  for (let i = 0; i < 3; i++) {
    const r = await call(`/workspaces/${ws[0].workspaceId}/connections`);
    assert.equal(r.status, 200);
  }
  const tokens = await recorded("*/applications/token");
  assert.equal(tokens.length, 1, JSON.stringify(tokens.map((t) => t.path)));
  assert.equal(tokens[0].method, "POST");
  // …while every API call of this suite went out with that token.
  assert.ok((await recorded("/v1/connections*")).length >= 6);
});

test("wrong Worker credentials become a 502 that reveals nothing", async () => {
  const broken = await startWorker({
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_CLIENT_ID: CLIENT_ID,
    AIRBYTE_CLIENT_SECRET: "wrong-secret-xyz",
    ALLOWED_ORIGIN: ORIGIN,
  });
  const res = await fetch(`${broken}/jobs/1`, { headers: { Origin: ORIGIN } });
  const text = await res.text();
  assert.equal(res.status, 502, text);
  assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(JSON.parse(text).error.upstreamStatus, 401);
  assert.ok(!text.includes("wrong-secret-xyz"));
});

test("a Worker without ALLOWED_ORIGIN or secrets refuses to work", async () => {
  const noOrigin = await startWorker({
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_CLIENT_ID: CLIENT_ID,
    AIRBYTE_CLIENT_SECRET: CLIENT_SECRET,
  });
  let res = await fetch(`${noOrigin}/jobs/1`, { headers: { Origin: ORIGIN } });
  assert.equal(res.status, 500);
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  const noSecrets = await startWorker({ AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`, ALLOWED_ORIGIN: ORIGIN });
  res = await fetch(`${noSecrets}/jobs/1`, { headers: { Origin: ORIGIN } });
  assert.equal(res.status, 500);
  assert.match((await res.json()).error.message, /AIRBYTE_CLIENT_ID/);
});
