// Cloudflare Workers: a worker running in real workerd (via Miniflare) imports the package
// through its `workerd` export condition — the .wasm arrives as a WebAssembly.Module, no init
// call — and lists connections from the emulator.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Miniflare } from "miniflare";
import {
  PKG_NAME,
  directConnectionCount,
  emulatorUrl,
  packAndInstall,
  readPackageJson,
  resolveExport,
} from "./helpers.mjs";

// The conditions wrangler uses when it bundles a worker.
const WORKER_CONDITIONS = ["workerd", "worker", "browser", "import"];

let pack;
let mf;
before(() => {
  pack = packAndInstall();
});
after(async () => {
  await mf?.dispose();
  pack?.cleanup();
});

test("a worker in workerd imports the package and lists connections from the emulator", { timeout: 60_000 }, async () => {
  const base = emulatorUrl();
  const expected = await directConnectionCount(base);
  assert.ok(expected > 0, "the demo seed should have connections");

  const entry = resolveExport(readPackageJson(pack.installed), ".", WORKER_CONDITIONS);
  assert.equal(entry, "./workerd.js");
  const worker = join(pack.dir, "worker.mjs");
  writeFileSync(
    worker,
    `import { AirbyteAPI, AirbyteError } from "./node_modules/${PKG_NAME}/${entry.slice(2)}";
export default {
  async fetch(request, env) {
    try {
      const airbyte = new AirbyteAPI({
        serverUrl: env.EMULATOR_URL + "/v1",
        security: { bearerAuth: "demo-token" },
      });
      const page = await airbyte.connections.listConnections({});
      return Response.json({ count: page.data.length, isError: false });
    } catch (err) {
      return Response.json({ isError: err instanceof AirbyteError, error: String(err && err.stack || err) }, { status: 500 });
    }
  },
};
`,
  );

  mf = new Miniflare({
    modules: true,
    scriptPath: worker,
    modulesRoot: pack.dir,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-01-01",
    bindings: { EMULATOR_URL: base },
  });
  const res = await mf.dispatchFetch("http://worker.test/");
  const body = await res.json();
  assert.equal(res.status, 200, `worker failed: ${JSON.stringify(body)}`);
  assert.equal(body.count, expected);
});
