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

test("pkg/node.js imports without an init call and exports the client and error classes", async () => {
  const mod = await import(pathToFileURL(join(PKG_DIR, "node.js")).href);
  for (const name of EXPORTED_CLASSES) {
    assert.equal(typeof mod[name], "function", `${name} is not exported`);
  }
  const client = new mod.AirbyteAPI({ security: { bearerAuth: "demo-token" } });
  assert.equal(typeof client.connections.listConnections, "function");
  assert.equal(typeof client.health.getHealthCheck, "function");
});

test("a bad option throws InvalidRequestError from the constructor (wasm is initialised)", async () => {
  const mod = await import(pathToFileURL(join(PKG_DIR, "node.js")).href);
  assert.throws(
    () => new mod.AirbyteAPI({ security: { bearerAuth: "a", basicAuth: { username: "u", password: "p" } } }),
    (err) => err instanceof mod.InvalidRequestError && err instanceof mod.AirbyteError,
  );
});

test("the installed package resolves `airbyte-api-wasm` to node.js and calls the emulator", { timeout: 60_000 }, async () => {
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
  const out = execFileSync(process.execPath, [probe], {
    timeout: 50_000,
    cwd: pack.dir,
    env: { ...process.env, EMULATOR_URL: base },
    encoding: "utf8",
  });
  const result = JSON.parse(out.trim().split("\n").pop());
  assert.match(result.entry, /\/node_modules\/airbyte-api-wasm\/node\.js$/);
  assert.equal(result.count, expected);
});
