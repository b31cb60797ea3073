// Shared helpers for the example tests. tests/examples/run.sh packs pkg/, starts the emulator
// and exports:
//   EXAMPLES_TMP   a scratch directory; each example is copied to EXAMPLES_TMP/<name>
//   PKG_TARBALL    the `npm pack` tarball of pkg/ (inside EXAMPLES_TMP)
//   EMULATOR_URL   http://127.0.0.1:PORT of the emulator (demo seed)
import { execFile } from "node:child_process";
import { cpSync, existsSync, lstatSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PKG_NAME = "airbyte-api-wasm";
export const TOKEN = "demo-token";
export const CLIENT_ID = "demo-client";
export const CLIENT_SECRET = "demo-secret";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through tests/examples/run.sh`);
  return value;
}

export const EMULATOR_URL = () => required("EMULATOR_URL").replace(/\/+$/, "");
export const TARBALL = () => required("PKG_TARBALL");
export const TMP = () => required("EXAMPLES_TMP");

/** Run a command; resolves with { code, stdout, stderr } (never rejects on a non-zero exit). */
export function run(cmd, args, { cwd, env, timeoutMs = 180_000 } = {}) {
  return new Promise((done) => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr), signal: err?.signal });
      },
    );
  });
}

/** Like run(), but throws with the output when the command fails. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} exited ${r.code}${r.signal ? ` (${r.signal})` : ""}\n` +
        `--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`,
    );
  }
  return r;
}

/**
 * Copy examples/<name> into the scratch directory (without node_modules, dist or lock files)
 * and `npm install` the packed tarball into it: a real install from the tarball, like a user's
 * `npm install airbyte-api-wasm`, plus the example's own (dev) dependencies.
 */
export async function prepareExample(name) {
  const src = join(ROOT, "examples", name);
  const dir = join(TMP(), name);
  const skip = new Set(["node_modules", "dist", "package-lock.json", ".wrangler", ".dev.vars"]);
  cpSync(src, dir, { recursive: true, filter: (p) => !skip.has(basename(p)) || p === src });
  await runOk(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", TARBALL()],
    { cwd: dir },
  );
  const installed = join(dir, "node_modules", PKG_NAME);
  if (!existsSync(join(installed, "package.json")) || lstatSync(installed).isSymbolicLink()) {
    throw new Error(`${PKG_NAME} was not installed as a real directory in ${dir}`);
  }
  return dir;
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Call the emulator directly (the expected answers). */
export async function emulator(path, init = {}) {
  const res = await fetch(EMULATOR_URL() + path, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, accept: "application/json", ...(init.headers || {}) },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator answered ${res.status} to ${path}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The emulator's seeded workspaces, and the connection ids of one workspace in list order. */
export async function workspaces() {
  return (await emulator("/v1/workspaces?limit=100")).data;
}

export async function connectionIds(workspaceId) {
  const page = await emulator(`/v1/connections?workspaceIds=${workspaceId}&limit=100`);
  return page.data.map((c) => c.connectionId);
}

/** Requests the emulator recorded whose path matches (its `*` pattern syntax). */
export async function recorded(pathPattern) {
  const res = await fetch(`${EMULATOR_URL()}/__emulator/requests?path=${encodeURIComponent(pathPattern)}`);
  if (!res.ok) throw new Error(`emulator request log answered ${res.status}`);
  return res.json();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
