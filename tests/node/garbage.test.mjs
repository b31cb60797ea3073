// Seeded random garbage into every method's argument and options, and random bodies back from
// the server: every call settles (value or AirbyteError), never a synchronous throw, never a trap,
// and the instance keeps working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AirbyteAPI, AirbyteError } from "../../pkg/node.js";
import { startServer, bodies as B, WS, CONN } from "./server.mjs";
// The seeded generator the benchmark uses for its bootstrap intervals (mulberry32).
import { seededRandom as rng } from "../../bench/stats.mjs";

let srv;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());

const KEYS = ["connectionId", "workspaceIds", "limit", "offset", "name", "status", "jobId", "sourceId",
  "configuration", "connectionPatchRequest", "timeoutMs", "headers", "signal", "retries", "data", "__proto__"];

function value(r, depth = 0) {
  const pick = Math.floor(r() * 16);
  switch (depth > 3 ? pick % 9 : pick) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r() < 0.5;
    case 3: return [0, -1, 1.5, 101, NaN, Infinity, -0, 2 ** 53, 1e308][Math.floor(r() * 9)];
    case 4: return ["", "x", CONN, WS, "active", "sync", "\u0000invalid:bigint", "ü\n\"", "a".repeat(1000)][Math.floor(r() * 9)];
    case 5: return BigInt(Math.floor(r() * 100));
    case 6: return Symbol("s");
    case 7: return () => 1;
    case 8: return new Date(r() < 0.5 ? NaN : 1e12);
    case 9: case 10: case 11: {
      const o = {};
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++) o[KEYS[Math.floor(r() * KEYS.length)]] = value(r, depth + 1);
      return o;
    }
    case 12: return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    case 13: return new Proxy({}, { get() { throw new Error("x"); }, ownKeys() { throw new Error("y"); } });
    case 14: { const o = {}; o.self = o; return o; }
    default: return new Map([[1, 2]]);
  }
}

const REPLIES = [
  { status: 200, body: "" }, { status: 200, body: "null" }, { status: 200, body: "[]" },
  { status: 200, body: "{\"data\":[{}]}" }, { status: 200, body: "{" }, { status: 204 },
  { status: 500, body: "<html>" }, { status: 400, body: "{\"message\":5,\"_embedded\":{\"errors\":7}}" },
  { status: 404, body: "{\"status\":\"x\",\"title\":[],\"detail\":{}}" }, { status: 200, body: "\"str\"" },
  { status: 200, body: JSON.stringify(B.ConnectionResponse) }, { status: 200, body: "[".repeat(5000) + "]".repeat(5000) },
];

test("3000 random calls settle with a value or an AirbyteError", { timeout: 120000 }, async () => {
  const r = rng(12345);
  const c = new AirbyteAPI({ serverUrl: srv.url, security: { bearerAuth: "t" }, retryConfig: { strategy: "none" } });
  const methods = [];
  for (const g of Object.keys(c)) for (const m of Object.keys(c[g])) methods.push(c[g][m]);
  srv.setFallback(() => REPLIES[Math.floor(r() * REPLIES.length)]);
  let errors = 0;
  for (let i = 0; i < 3000; i++) {
    const m = methods[Math.floor(r() * methods.length)];
    const args = r() < 0.3 ? [value(r)] : [value(r), r() < 0.5 ? undefined : value(r)];
    let p;
    assert.doesNotThrow(() => {
      p = m(...args);
    });
    try {
      await p;
    } catch (e) {
      errors++;
      assert.ok(e instanceof AirbyteError, `${e?.name}: ${e?.message}`);
      assert.notEqual(e.constructor, AirbyteError, `only subclasses expected: ${e.message}`);
    }
  }
  assert.ok(errors > 0);
  srv.setFallback({ status: 200, body: B.TagsResponse });
  assert.equal((await c.tags.listTags()).data.length, 1);
});
