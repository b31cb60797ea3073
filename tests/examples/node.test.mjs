// examples/node: the ESM script run with Node against the emulator, and a CommonJS require().
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  EMULATOR_URL,
  TOKEN,
  connectionIds,
  emulator,
  prepareExample,
  run,
  workspaces,
} from "./helpers.mjs";

let dir;
let ws;
before(async () => {
  dir = await prepareExample("node");
  ws = await workspaces();
  assert.ok(ws.length >= 2, "the demo seed has two workspaces");
});

const script = (args, env) =>
  run(process.execPath, ["index.mjs", ...args], {
    cwd: dir,
    // Only what the script documents; nothing inherited that could configure it by accident.
    env: { AIRBYTE_TOKEN: "", AIRBYTE_CLIENT_ID: "", AIRBYTE_CLIENT_SECRET: "", POLL_INTERVAL_MS: "200", ...env },
    timeoutMs: 60_000,
  });

test("lists connections, syncs one and waits for the job (client credentials)", async () => {
  const expected = await connectionIds(ws[0].workspaceId);
  const r = await script(["--json"], {
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_CLIENT_ID: CLIENT_ID,
    AIRBYTE_CLIENT_SECRET: CLIENT_SECRET,
  });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  const summary = JSON.parse(lines.at(-1));

  // No workspace given: the script takes the first one the API lists.
  assert.equal(summary.workspaceId, ws[0].workspaceId);
  assert.deepEqual(summary.connections, expected);
  assert.match(lines[0], new RegExp(`^Workspace ${ws[0].workspaceId}: ${expected.length} connection\\(s\\)$`));
  for (const id of expected) assert.ok(r.stdout.includes(`  ${id}  `), `connection ${id} printed`);

  // It synced the first active connection and waited for the final status.
  const page = await emulator(`/v1/connections?workspaceIds=${ws[0].workspaceId}&limit=100`);
  const firstActive = page.data.find((c) => c.status === "active");
  assert.equal(summary.connectionId, firstActive.connectionId);
  assert.equal(summary.status, "succeeded");
  assert.ok(summary.rowsSynced > 0 && summary.bytesSynced > 0, JSON.stringify(summary));
  const job = await emulator(`/v1/jobs/${summary.jobId}`);
  assert.equal(job.connectionId, firstActive.connectionId);
  assert.equal(job.status, "succeeded");
  assert.equal(job.rowsSynced, summary.rowsSynced);
  assert.ok(r.stdout.includes(`Started sync job ${summary.jobId} for ${firstActive.name}`));
  assert.match(r.stdout, new RegExp(`job ${summary.jobId}: succeeded`));
  assert.match(r.stdout, new RegExp(`Job ${summary.jobId} succeeded: ${job.rowsSynced} rows`));
  // The status lines appear once per change, ending with the final one.
  const progress = lines.filter((l) => l.startsWith(`  job ${summary.jobId}: `));
  assert.ok(progress.length >= 1 && progress.length <= 4, progress.join("\n"));
  assert.equal(new Set(progress).size, progress.length);
  assert.ok(!r.stdout.includes(CLIENT_SECRET) && !r.stderr.includes(CLIENT_SECRET));
});

test("a chosen workspace and connection, with a bearer token", async () => {
  const second = ws[1].workspaceId;
  const expected = await connectionIds(second);
  const page = await emulator(`/v1/connections?workspaceIds=${second}&limit=100`);
  const target = page.data.find((c) => c.status === "active");
  assert.ok(target, "the second workspace has an active connection");
  const r = await script(["--json"], {
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_TOKEN: TOKEN,
    AIRBYTE_WORKSPACE_ID: second,
    AIRBYTE_CONNECTION_ID: target.connectionId,
  });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const summary = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.equal(summary.workspaceId, second);
  assert.deepEqual(summary.connections, expected);
  assert.equal(summary.connectionId, target.connectionId);
  assert.equal(summary.status, "succeeded");
});

test("a job that fails is reported as failed, with exit code 1", async () => {
  // The demo seed's "Orders DB → BigQuery" connection always fails its jobs.
  const page = await emulator(`/v1/connections?workspaceIds=${ws[0].workspaceId}&limit=100`);
  const failing = page.data.find((c) => c.name === "Orders DB → BigQuery");
  assert.ok(failing, "the demo seed has the failing connection");
  const r = await script(["--json"], {
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_TOKEN: TOKEN,
    AIRBYTE_CONNECTION_ID: failing.connectionId,
  });
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const summary = JSON.parse(r.stdout.trim().split("\n").at(-1));
  assert.equal(summary.connectionId, failing.connectionId);
  assert.equal(summary.status, "failed");
  assert.equal((await emulator(`/v1/jobs/${summary.jobId}`)).status, "failed");
  assert.match(r.stdout, new RegExp(`^Job ${summary.jobId} failed: `, "m"));
  assert.equal(r.stderr, "");
});

test("an API error is reported with its status and exit code 1", async () => {
  const page = await emulator(`/v1/connections?workspaceIds=${ws[0].workspaceId}&limit=100`);
  const inactive = page.data.find((c) => c.status === "inactive");
  assert.ok(inactive, "the demo seed has an inactive connection");
  const r = await script([], {
    AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`,
    AIRBYTE_TOKEN: TOKEN,
    AIRBYTE_WORKSPACE_ID: ws[0].workspaceId,
    AIRBYTE_CONNECTION_ID: inactive.connectionId,
  });
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  // The list was printed before the sync was refused (a job for an inactive connection → 400).
  assert.match(r.stdout, /^Workspace /);
  assert.match(r.stderr, /^error: AirbyteApiError \(HTTP 400\): /m);
});

test("wrong credentials end in a 401 error, without echoing the token", async () => {
  const r = await script([], { AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`, AIRBYTE_TOKEN: "not-the-token-123" });
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /AirbyteApiError \(HTTP 401\)/);
  assert.ok(!r.stderr.includes("not-the-token-123"));
});

test("missing or bad configuration exits 2 before any call", async () => {
  let r = await script([], { AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1` });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /set AIRBYTE_TOKEN, or AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET/);
  r = await script([], { AIRBYTE_SERVER_URL: "not a url", AIRBYTE_TOKEN: TOKEN });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^configuration: /);
  r = await script([], { AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`, AIRBYTE_TOKEN: TOKEN, POLL_INTERVAL_MS: "-5" });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /POLL_INTERVAL_MS must be a positive integer/);
});

// The package is ESM-only ("type": "module", no `require` condition). Node can require() an
// ES module without top-level await since 22.12 and 20.19 (process.features.require_module);
// the `node` entry has none, so a CommonJS require() works there and fails before.
test("CommonJS require() matches what this Node version supports", async () => {
  const r = await run(process.execPath, ["require.cjs"], {
    cwd: dir,
    env: { AIRBYTE_SERVER_URL: `${EMULATOR_URL()}/v1`, AIRBYTE_TOKEN: TOKEN },
    timeoutMs: 30_000,
  });
  if (process.features.require_module) {
    assert.equal(r.code, 0, `${process.version}: ${r.stderr}`);
    const count = (await workspaces()).length;
    assert.equal(r.stdout.trim(), `require() ok: ${count} workspace(s)`);
  } else {
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ERR_REQUIRE_ESM/);
  }
  // Dynamic import() works from CommonJS in every supported version.
  const d = await run(
    process.execPath,
    ["-e", `import("airbyte-api-wasm").then((m) => console.log(typeof m.AirbyteAPI))`],
    { cwd: dir },
  );
  assert.equal(d.code, 0, d.stderr);
  assert.equal(d.stdout.trim(), "function");
});
