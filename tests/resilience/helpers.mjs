// Shared helpers of the resilience suites: the emulator's admin API (fault injection, request
// log, reset) and small assertions.
import assert from "node:assert/strict";
import http from "node:http";
import { AirbyteAPI, AirbyteError } from "../../pkg/node.js";

export const EMU = process.env.EMULATOR_URL;
export const TOKEN = "demo-token";
export const CONN = (n) => `4a000000-0000-4000-8000-00000000000${n}`;
export const WS1 = "1a000000-0000-4000-8000-000000000001";

/** Fast backoff so the suite stays quick; the defaults are tested in core (native). */
export const FAST = {
  strategy: "backoff",
  backoff: { initialInterval: 20, maxInterval: 3000, exponent: 2, maxElapsedTime: 15000 },
  maxRetries: 2,
};

export async function admin(path, { method = "GET", body } = {}) {
  const r = await fetch(`${EMU}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `admin ${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const fault = (f) => admin("/faults", { method: "POST", body: f });
export const reset = () => admin("/reset", { method: "POST" });

/** Requests the emulator recorded, optionally filtered (`path` may use `*`). */
export async function recorded(method, path) {
  const q = new URLSearchParams();
  if (method) q.set("method", method);
  if (path) q.set("path", path);
  const r = await admin(`/requests?${q}`);
  return Array.isArray(r) ? r : r.requests ?? r.data ?? [];
}

export function client(extra = {}) {
  return new AirbyteAPI({ serverUrl: `${EMU}/v1`, security: { bearerAuth: TOKEN }, retryConfig: FAST, ...extra });
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(p) {
  try {
    const v = await p;
    assert.fail(`expected a rejection, got ${JSON.stringify(v)?.slice(0, 200)}`);
  } catch (e) {
    if (e?.code === "ERR_ASSERTION") throw e;
    return e;
  }
}

export function isA(e, cls) {
  assert.ok(e instanceof AirbyteError, `not an AirbyteError: ${e}`);
  assert.ok(e instanceof cls, `${e.name} is not a ${cls.name}: ${e.message}`);
  for (const s of [String(e), e.stack ?? "", JSON.stringify(e), e.message]) {
    assert.ok(!s.includes(TOKEN), "the token leaked into the error");
  }
}

/** After every case the same instance still serves a valid call. */
export async function stillWorks(c) {
  const conn = await c.connections.getConnection({ connectionId: CONN(1) });
  assert.equal(conn.connectionId, CONN(1));
}

/** A throwaway HTTP server recording requests; `handler(req, res)` answers. */
export async function tinyServer(handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((ok) => server.close(ok));
    },
  };
}
