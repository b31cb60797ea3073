// examples/vite-app: `vite build` with the example's own Vite (no wasm plugin), dist/ served by a
// tiny static server that proxies /v1 to the emulator, the page driven in headless Chromium.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { EMULATOR_URL, connectionIds, prepareExample, runOk, workspaces } from "./helpers.mjs";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let dir;
let dist;
let server;
let origin;
let browser;
let buildOutput;
const served = []; // [path, status, content-type]

function serve(root) {
  return createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    try {
      if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) {
        // The same-origin API the built page calls by default, forwarded to the emulator.
        const chunks = [];
        for await (const c of req) chunks.push(c);
        const headers = { ...req.headers };
        delete headers.host;
        delete headers.connection;
        const upstream = await fetch(EMULATOR_URL() + url.pathname + url.search, {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        const out = {};
        upstream.headers.forEach((v, k) => {
          if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(k)) out[k] = v;
        });
        served.push([url.pathname, upstream.status, out["content-type"]]);
        res.writeHead(upstream.status, out).end(body);
        return;
      }
      const rel = url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(root, rel));
      if (!file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        served.push([url.pathname, 404, undefined]);
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const type = MIME[extname(file)] || "application/octet-stream";
      served.push([url.pathname, 200, type]);
      res.writeHead(200, { "content-type": type }).end(readFileSync(file));
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    }
  });
}

before(async () => {
  dir = await prepareExample("vite-app");
  buildOutput = await runOk("npx", ["--no-install", "vite", "build"], { cwd: dir });
  dist = join(dir, "dist");
  server = serve(dist);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** Open the page and wait for main.js to settle (`data-state` ready or error). */
async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(origin + path);
  await page.waitForSelector("body:not([data-state=loading])", { timeout: 20_000 });
  const state = await page.getAttribute("body", "data-state");
  const status = await page.textContent("#status");
  const rows = await page.$$eval("#connections tbody tr", (trs) =>
    trs.map((tr) => ({ id: tr.dataset.connectionId, cells: [...tr.cells].map((td) => td.textContent) })),
  );
  await page.close();
  return { state, status, rows, problems };
}

test("vite build succeeds and emits the .wasm once, as an asset", () => {
  assert.match(buildOutput.stdout, /built in/);
  const assets = readdirSync(join(dist, "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, assets.join(", "));
  const js = assets.filter((f) => f.endsWith(".js"));
  assert.equal(js.length, 1, assets.join(", "));
  // The entry refers to the emitted file, not to node_modules.
  const code = readFileSync(join(dist, "assets", js[0]), "utf8");
  assert.ok(code.includes(wasm[0]), "the bundle references the hashed .wasm");
  assert.ok(!code.includes("node_modules"));
});

test("the built page lists the first workspace's connections", async () => {
  const ws = await workspaces();
  const expected = await connectionIds(ws[0].workspaceId);
  const r = await open("/");
  assert.equal(r.state, "ready", `${r.status}\n${r.problems.join("\n")}`);
  assert.deepEqual(
    r.rows.map((x) => x.id),
    expected,
  );
  assert.equal(r.status, `${expected.length} connection(s) in workspace ${ws[0].name}`);
  for (const row of r.rows) assert.equal(row.cells[3], row.id);
  assert.deepEqual(r.problems, [], JSON.stringify(served.filter(([, s]) => s !== 200)));
  // The browser fetched the .wasm with the right MIME type (instantiateStreaming needs it) and
  // went through the /v1 proxy for the API.
  const wasm = served.filter(([p]) => p.endsWith(".wasm"));
  assert.equal(wasm.length, 1);
  assert.deepEqual(wasm[0].slice(1), [200, "application/wasm"]);
  assert.ok(served.some(([p, s]) => p === "/v1/connections" && s === 200));
});

test("?workspace= picks another workspace; ?server= another API URL", async () => {
  const ws = await workspaces();
  const second = ws[1].workspaceId;
  const expected = await connectionIds(second);
  let r = await open(`/?workspace=${second}`);
  assert.equal(r.state, "ready", r.status);
  assert.deepEqual(
    r.rows.map((x) => x.id),
    expected,
  );
  // Straight to the emulator, which answers CORS for any origin.
  r = await open(`/?workspace=${second}&server=${encodeURIComponent(`${EMULATOR_URL()}/v1`)}`);
  assert.equal(r.state, "ready", r.status);
  assert.deepEqual(
    r.rows.map((x) => x.id),
    expected,
  );
});

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test("the dev server (vite, with the example's config) serves a working page too", async () => {
  const port = await freePort();
  // Its own process group, so the whole `npx vite` tree can be stopped.
  const child = spawn("npx", ["--no-install", "vite", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: dir,
    env: { ...process.env, AIRBYTE_EMULATOR_URL: EMULATOR_URL(), NO_COLOR: "1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${log}`)), 30_000);
      const check = () => {
        // CI=true makes vite colour its output even into a pipe: strip the escapes.
        if (log.replace(/\x1b\[[0-9;]*m/g, "").includes(`:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", check);
      child.on("exit", (code) => reject(new Error(`vite dev exited ${code}:\n${log}`)));
    });
    const ws = await workspaces();
    const expected = await connectionIds(ws[0].workspaceId);
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector("body:not([data-state=loading])", { timeout: 20_000 });
    const state = await page.getAttribute("body", "data-state");
    const ids = await page.$$eval("#connections tbody tr", (trs) => trs.map((tr) => tr.dataset.connectionId));
    const status = await page.textContent("#status");
    await page.close();
    assert.equal(state, "ready", `${status}\n${problems.join("\n")}\n${log}`);
    assert.deepEqual(ids, expected);
    // In particular no "wrong MIME type" fallback: the .wasm is served as itself.
    assert.deepEqual(problems, []);
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

test("an API error is shown on the page, not thrown away", async () => {
  // A malformed workspace id is refused (by the package before sending, or by the API).
  let r = await open("/?workspace=not-a-uuid");
  assert.equal(r.state, "error");
  assert.match(r.status, /^InvalidRequestError: .*workspaceIds\[0\].*UUID/);
  r = await open(`/?server=${encodeURIComponent(`${origin}/nothing-here`)}`);
  assert.equal(r.state, "error");
  assert.match(r.status, /Airbyte answered 404/);
});
