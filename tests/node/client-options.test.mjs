// Client options take one of two paths: the usual ones (serverUrl, security.bearerAuth and fetch,
// in plain objects of data properties) are read in one step on the JS side
// (`plain_client_options` in src/transport.rs), everything else property by property in Rust.
// These cases sit on the border between the two: each must come out exactly as the careful
// path decides (the expected outcomes were taken from it before the one-step reader existed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AirbyteAPI, InvalidRequestError } from "../../pkg/node.js";
import { startServer, bodies as B, CONN } from "./server.mjs";

const URL_ERR = ["serverUrl", "invalid request: `serverUrl`: expected an http(s) URL"];
const nonEnumerable = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: false });
class Options {
  constructor() {
    this.security = { bearerAuth: "t" };
  }
}
Options.prototype.serverUrl = "ftp://inherited.example";

// [label, options, undefined (accepted) or [field, message]]
const CASES = [
  ["null-prototype objects", () => Object.assign(Object.create(null), {
    serverUrl: "https://a.example/v1",
    security: Object.assign(Object.create(null), { bearerAuth: "t" }),
  })],
  ["a non-enumerable serverUrl is still read", () => nonEnumerable({ security: { bearerAuth: "t" } }, "serverUrl", "ftp://x.example"), URL_ERR],
  ["a non-enumerable unknown key is ignored", () => nonEnumerable({ security: { bearerAuth: "t" } }, "bogus", 1)],
  ["an inherited serverUrl is read", () => new Options(), URL_ERR],
  ["a getter serverUrl is read", () => ({ get serverUrl() { return "ftp://getter.example"; }, security: { bearerAuth: "t" } }), URL_ERR],
  ["a getter token is read", () => ({ security: { get bearerAuth() { return ""; } } }),
    ["security.bearerAuth", "invalid request: `security.bearerAuth`: expected a non-empty token"]],
  ["a symbol key", () => ({ [Symbol("x")]: 1, security: { bearerAuth: "t" } }), ["", "invalid request: symbol keys are not allowed"]],
  ["an empty token", () => ({ security: { bearerAuth: "" } }),
    ["security.bearerAuth", "invalid request: `security.bearerAuth`: expected a non-empty token"]],
  ["a numeric token", () => ({ security: { bearerAuth: 5 } }), ["security.bearerAuth", "invalid request: `security.bearerAuth`: expected a string"]],
  ["a numeric serverUrl", () => ({ serverUrl: 5 }), ["serverUrl", "invalid request: `serverUrl`: expected a string"]],
  ["a serverUrl with a space", () => ({ serverUrl: "https://a b.example" }), URL_ERR],
  ["options set to undefined", () => ({ serverUrl: undefined, security: undefined, fetch: undefined, timeoutMs: undefined })],
  ["fetch not a function", () => ({ fetch: {} }), ["fetch", "invalid request: `fetch`: expected a function"]],
  ["security an array", () => ({ security: [] }), ["security", "invalid request: `security`: expected an object"]],
  ["basicAuth set to undefined beside bearerAuth", () => ({ security: { bearerAuth: "t", basicAuth: undefined } })],
  ["options an array", () => [], ["", "invalid request: client options must be an object"]],
  ["options null", () => null],
];

for (const [label, make, want] of CASES) {
  test(`client options: ${label}`, () => {
    if (want === undefined) {
      assert.doesNotThrow(() => new AirbyteAPI(make()));
      return;
    }
    assert.throws(
      () => new AirbyteAPI(make()),
      (e) => e instanceof InvalidRequestError && e.field === want[0] && e.message === want[1],
    );
  });
}

// Options inherited from a polluted Object.prototype are read like own ones.
const POLLUTED = [
  ["timeoutMs", -1, ["timeoutMs", "invalid request: `timeoutMs`: expected a positive finite number of milliseconds"]],
  ["serverUrl", "ftp://polluted.example", URL_ERR],
  ["bearerAuth", "", undefined],
  ["basicAuth", { username: "u", password: "p" },
    ["security", "invalid request: `security`: expected exactly one of bearerAuth, basicAuth, clientCredentials"]],
];
for (const [key, value, want] of POLLUTED) {
  test(`client options: Object.prototype.${key} set`, () => {
    Object.prototype[key] = value;
    let outcome;
    try {
      new AirbyteAPI({ security: { bearerAuth: "t" } });
      outcome = undefined;
    } catch (e) {
      outcome = e instanceof InvalidRequestError ? [e.field, e.message] : e;
    } finally {
      delete Object.prototype[key];
    }
    assert.deepEqual(outcome, want);
  });
}

let srv;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());

test("the one-step path keeps serverUrl (trailing slash dropped), the token and fetch", async () => {
  const seen = [];
  const fetch = (url, init) => {
    const auth = Object.entries(init.headers).find(([k]) => k.toLowerCase() === "authorization");
    seen.push([url, auth?.[1]]);
    return globalThis.fetch(url, init);
  };
  srv.reply({ status: 200, body: B.ConnectionResponse });
  const c = new AirbyteAPI({ serverUrl: `${srv.url}/v1/`, security: { bearerAuth: "tok-1" }, fetch });
  await c.connections.getConnection({ connectionId: CONN });
  assert.deepEqual(seen, [[`${srv.url}/v1/connections/${CONN}`, "Bearer tok-1"]]);
  assert.equal(srv.requests.length, 1);
});
