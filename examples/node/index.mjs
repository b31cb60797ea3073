#!/usr/bin/env node
// List the connections of a workspace, start a sync of one of them, wait until the job ends and
// print a summary. Configuration comes from the environment (see README.md).
//
// Exit status: 0 when the job succeeded, 1 when it failed, was cancelled or a call failed,
// 2 when the configuration is incomplete.
import { AirbyteAPI, AirbyteError, AirbyteApiError, InvalidRequestError } from "airbyte-api-wasm";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const env = process.env;
const json = process.argv.includes("--json");

function configError(message) {
  console.error(`configuration: ${message}`);
  process.exit(2);
}

function positiveInt(name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) configError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function security() {
  if (env.AIRBYTE_TOKEN) return { bearerAuth: env.AIRBYTE_TOKEN };
  if (env.AIRBYTE_CLIENT_ID && env.AIRBYTE_CLIENT_SECRET) {
    const clientCredentials = { clientId: env.AIRBYTE_CLIENT_ID, clientSecret: env.AIRBYTE_CLIENT_SECRET };
    if (env.AIRBYTE_TOKEN_URL) clientCredentials.tokenUrl = env.AIRBYTE_TOKEN_URL;
    return { clientCredentials };
  }
  return configError("set AIRBYTE_TOKEN, or AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET");
}

const pollIntervalMs = positiveInt("POLL_INTERVAL_MS", 2000);
const jobTimeoutMs = positiveInt("JOB_TIMEOUT_MS", 30 * 60 * 1000);

let airbyte;
try {
  airbyte = new AirbyteAPI({
    serverUrl: env.AIRBYTE_SERVER_URL || "https://api.airbyte.com/v1",
    security: security(),
  });
} catch (err) {
  // A malformed server URL and similar mistakes are reported by the constructor.
  configError(err instanceof InvalidRequestError ? err.message : String(err));
}

/** Every connection of the workspace, page by page. */
async function allConnections(workspaceId) {
  const limit = 100;
  const all = [];
  for (let offset = 0; ; offset += limit) {
    const page = await airbyte.connections.listConnections({ workspaceIds: [workspaceId], limit, offset });
    all.push(...page.data);
    if (!page.next || page.data.length < limit) return all;
  }
}

async function pickWorkspace() {
  if (env.AIRBYTE_WORKSPACE_ID) return env.AIRBYTE_WORKSPACE_ID;
  const page = await airbyte.workspaces.listWorkspaces({ limit: 1 });
  const first = page.data[0];
  if (!first) throw new Error("the account has no workspace; set AIRBYTE_WORKSPACE_ID");
  return first.workspaceId;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until the job reaches a final status; `onProgress` sees every polled state. */
async function waitForJob(jobId, onProgress) {
  // The package may ship its own helper (with retries on transient errors); prefer it.
  if (typeof airbyte.jobs.waitForJob === "function") {
    return airbyte.jobs.waitForJob(jobId, { pollIntervalMs, timeoutMs: jobTimeoutMs, onProgress });
  }
  const deadline = Date.now() + jobTimeoutMs;
  for (;;) {
    const job = await airbyte.jobs.getJob({ jobId });
    onProgress(job);
    if (TERMINAL.has(job.status)) return job;
    if (Date.now() + pollIntervalMs > deadline) {
      throw new Error(`job ${jobId} still ${job.status} after ${jobTimeoutMs} ms`);
    }
    await sleep(pollIntervalMs);
  }
}

function describe(err) {
  if (err instanceof AirbyteApiError) return `${err.name} (HTTP ${err.statusCode}): ${err.message}`;
  if (err instanceof InvalidRequestError) return `${err.name} (field ${err.field || "(argument)"}): ${err.message}`;
  if (err instanceof AirbyteError) return `${err.name}: ${err.message}`;
  return String(err instanceof Error ? err.message : err);
}

async function main() {
  const workspaceId = await pickWorkspace();
  const connections = await allConnections(workspaceId);
  console.log(`Workspace ${workspaceId}: ${connections.length} connection(s)`);
  for (const c of connections) {
    console.log(`  ${c.connectionId}  ${c.status.padEnd(10)} ${c.name}`);
  }

  const target = env.AIRBYTE_CONNECTION_ID
    ? connections.find((c) => c.connectionId === env.AIRBYTE_CONNECTION_ID) ?? {
        connectionId: env.AIRBYTE_CONNECTION_ID,
        name: "(not in this workspace's list)",
      }
    : connections.find((c) => c.status === "active");
  if (!target) throw new Error("no active connection to sync; set AIRBYTE_CONNECTION_ID");

  const started = await airbyte.jobs.createJob({ connectionId: target.connectionId, jobType: "sync" });
  console.log(`Started sync job ${started.jobId} for ${target.name} (${target.connectionId})`);

  let lastStatus;
  const job = await waitForJob(started.jobId, (j) => {
    if (j.status !== lastStatus) {
      lastStatus = j.status;
      console.log(`  job ${j.jobId}: ${j.status}`);
    }
  });

  const rows = job.rowsSynced ?? 0;
  const bytes = job.bytesSynced ?? 0;
  console.log(
    `Job ${job.jobId} ${job.status}: ${rows} rows, ${bytes} bytes, duration ${job.duration ?? "unknown"}`,
  );
  if (json) {
    console.log(
      JSON.stringify({
        workspaceId,
        connections: connections.map((c) => c.connectionId),
        connectionId: target.connectionId,
        jobId: job.jobId,
        status: job.status,
        rowsSynced: rows,
        bytesSynced: bytes,
      }),
    );
  }
  return job.status === "succeeded" ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`error: ${describe(err)}`);
    process.exitCode = 1;
  },
);
