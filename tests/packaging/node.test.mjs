// Node: the built pkg/ imports with no init call, and the packed package resolves through its
// `node` export condition when installed into node_modules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { PKG_DIR, directConnectionCount, emulatorUrl, packAndInstall } from "./helpers.mjs";

const EXPORTED_CLASSES = [
  "AirbyteAPI",
  "AirbyteError",
  "AirbyteApiError",
  "ResponseValidationError",
  "ConnectionError",
  "RequestTimeoutError",
  "RequestAbortedError",
  "InvalidRequestError",
];

let pack;
before(() => {
  pack = packAndInstall();
});
after(() => pack?.cleanup());

for (const entry of ["node.js", "node-compat.js"]) {
  test(`pkg/${entry} imports without an init call and exports the client and error classes`, async () => {
    const mod = await import(pathToFileURL(join(PKG_DIR, entry)).href);
    for (const name of EXPORTED_CLASSES) {
      assert.equal(typeof mod[name], "function", `${name} is not exported`);
    }
    const client = new mod.AirbyteAPI({ security: { bearerAuth: "demo-token" } });
    assert.equal(typeof client.connections.listConnections, "function");
    assert.equal(typeof client.health.getHealthCheck, "function");
  });

  test(`${entry}: a bad option throws InvalidRequestError from the constructor (wasm is initialised)`, async () => {
    const mod = await import(pathToFileURL(join(PKG_DIR, entry)).href);
    assert.throws(
      () => new mod.AirbyteAPI({ security: { bearerAuth: "a", basicAuth: { username: "u", password: "p" } } }),
      (err) => err instanceof mod.InvalidRequestError && err instanceof mod.AirbyteError,
    );
  });
}

// Node versions with the `module-sync` condition (require(esm): 20.19+, 22.10+) resolve the
// package to node.js; without it (older versions, or --no-experimental-require-module, which
// turns the condition off) to node-compat.js. Both must reach the emulator.
const RESOLUTIONS = [
  [[], process.features.require_module ? "node.js" : "node-compat.js"],
  ...(process.features.require_module === undefined ? [] : [[["--no-experimental-require-module"], "node-compat.js"]]),
];
for (const [flags, want] of RESOLUTIONS) {
  test(`the installed package resolves \`airbyte-api-wasm\` to ${want} (node ${flags.join(" ")}) and calls the emulator`, { timeout: 60_000 }, async () => {
    const base = emulatorUrl();
    const expected = await directConnectionCount(base);
    assert.ok(expected > 0, "the demo seed should have connections");
    const probe = join(pack.dir, "probe.mjs");
    writeFileSync(
      probe,
      `import { AirbyteAPI } from "airbyte-api-wasm";
const entry = import.meta.resolve("airbyte-api-wasm");
const airbyte = new AirbyteAPI({ serverUrl: process.env.EMULATOR_URL + "/v1", security: { bearerAuth: "demo-token" } });
const page = await airbyte.connections.listConnections({});
console.log(JSON.stringify({ entry, count: page.data.length }));
`,
    );
    const out = execFileSync(process.execPath, [...flags, probe], {
      timeout: 50_000,
      cwd: pack.dir,
      env: { ...process.env, EMULATOR_URL: base },
      encoding: "utf8",
    });
    const result = JSON.parse(out.trim().split("\n").pop());
    assert.equal(result.entry.slice(result.entry.lastIndexOf("/node_modules/")), `/node_modules/airbyte-api-wasm/${want}`);
    assert.equal(result.count, expected);
  });
}
