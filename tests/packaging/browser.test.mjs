// Browsers: a plain <script type="module"> page and a module web worker import the package's
// `browser` entry (top-level await instantiates the .wasm next to it, no init call) and list
// connections from the emulator (cross-origin, so this also exercises the emulator's CORS).
// An esbuild bundle of a consumer does the same (the entry's init must survive tree-shaking).
import assert from "node:assert/strict";
import { copyFileSync, createReadStream, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import {
  PKG_NAME,
  directConnectionCount,
  emulatorUrl,
  packAndInstall,
  readPackageJson,
  resolveExport,
} from "./helpers.mjs";

const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
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
const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

let pack;
let server;
let origin;
let browser;

before(async () => {
  pack = packAndInstall();
  const entry = resolveExport(readPackageJson(pack.installed), ".", ["browser", "import"]);
  assert.equal(entry, "./browser.js");
  const entryUrl = `/node_modules/${PKG_NAME}/${entry.slice(2)}`;
  const probe = `import { AirbyteAPI, AirbyteError } from "${entryUrl}";
export async function run(emulator) {
  try {
    const airbyte = new AirbyteAPI({ serverUrl: emulator + "/v1", security: { bearerAuth: "demo-token" } });
    const page = await airbyte.connections.listConnections({});
    return { count: page.data.length };
  } catch (err) {
    return { error: String((err && err.stack) || err), isAirbyteError: err instanceof AirbyteError };
  }
}`;
  // The emulator URL travels in the worker's own URL: a message posted to the worker could
  // arrive before its module graph (top-level await) has finished evaluating and be lost.
  const worker = `import { run } from "./probe.js";
self.postMessage(await run(new URL(import.meta.url).searchParams.get("emu")));`;
  const pages = {
    "/probe.js": probe,
    "/worker.js": worker,
    "/index.html": "<!doctype html><meta charset=utf-8><title>airbyte-api-wasm</title>",
  };

  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/favicon.ico") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (pages[path] !== undefined) {
      res.writeHead(200, { "content-type": MIME[extname(path)] });
      res.end(pages[path]);
      return;
    }
    const file = normalize(join(pack.dir, path));
    if (!file.startsWith(pack.dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  pack?.cleanup();
});

async function openPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${origin}/index.html`);
  return { page, errors };
}

test("a module script in a page imports the package and lists connections", { timeout: 60_000 }, async () => {
  const base = emulatorUrl();
  const expected = await directConnectionCount(base);
  const { page, errors } = await openPage();
  const result = await page.evaluate(async (emu) => {
    const { run } = await import("/probe.js");
    return run(emu);
  }, base);
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(result, { count: expected });
});

test("a module web worker imports the package and lists connections", { timeout: 60_000 }, async () => {
  const base = emulatorUrl();
  const expected = await directConnectionCount(base);
  const { page, errors } = await openPage();
  const result = await page.evaluate(
    (emu) =>
      new Promise((resolve, reject) => {
        const w = new Worker(`/worker.js?emu=${encodeURIComponent(emu)}`, { type: "module" });
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
      }),
    base,
  );
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(result, { count: expected });
});

test("an esbuild bundle for the browser keeps the entry's init and works in a page", { timeout: 60_000 }, async () => {
  const base = emulatorUrl();
  const expected = await directConnectionCount(base);
  const src = join(pack.dir, "bundled.js");
  writeFileSync(
    src,
    `import { AirbyteAPI } from "${PKG_NAME}";
export async function run(emulator) {
  const airbyte = new AirbyteAPI({ serverUrl: emulator + "/v1", security: { bearerAuth: "demo-token" } });
  const page = await airbyte.connections.listConnections({});
  return { count: page.data.length };
}
`,
  );
  const outdir = join(pack.dir, "dist");
  await build({
    absWorkingDir: pack.dir,
    entryPoints: [src],
    outdir,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  // esbuild leaves `new URL("./x.wasm", import.meta.url)` alone: the file goes next to the bundle.
  copyFileSync(join(pack.installed, "airbyte_api_wasm_bg.wasm"), join(outdir, "airbyte_api_wasm_bg.wasm"));
  const code = readFileSync(join(outdir, "bundled.js"), "utf8");
  // (assert.ok rather than assert.match: a failure should not print the whole bundle)
  assert.ok(code.includes("airbyte_api_wasm_bg.wasm"), "the entry's wasm initialisation was dropped from the bundle");
  assert.ok(!code.includes("node:fs"), "the bundle picked the Node entry");

  const { page, errors } = await openPage();
  const result = await page.evaluate(async (emu) => {
    const { run } = await import("/dist/bundled.js");
    return run(emu);
  }, base);
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(result, { count: expected });
});
