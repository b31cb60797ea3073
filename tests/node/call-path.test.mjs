// The per-call path with custom fetch functions: the cached request headers stay intact whatever
// a fetch does with the object it is given, odd fetch-likes fail with a precise ConnectionError,
// many calls in flight at once all settle with their own results, and timeouts and the caller's
// signal cut an attempt (or a retry wait) short and are unhooked afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AirbyteAPI,
  ConnectionError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
} from "../../pkg/node.js";
import { bodies as B, CONN } from "./server.mjs";

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

test("a fetch that changes init.headers does not change the next call's headers", async () => {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ ...init.headers });
    // A wrapper that edits the headers it is handed.
    init.headers["X-Added"] = "1";
    delete init.headers.Authorization;
    init.headers.Accept = "text/plain";
    return json(B.TagsResponse);
  };
  const c = new AirbyteAPI({ fetch, security: { bearerAuth: "tok" }, headers: { "X-Team": "a" } });
  for (let i = 0; i < 3; i++) await c.tags.listTags();
  assert.equal(seen.length, 3);
  for (const h of seen) {
    assert.deepEqual(h, {
      Accept: "application/json",
      "User-Agent": seen[0]["User-Agent"],
      "X-Team": "a",
      Authorization: "Bearer tok",
    });
  }
});

test("Content-Type only with a body; per-call headers replace client ones for that call only", async () => {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push(init);
    return init.method === "POST" ? json(B.ConnectionResponse) : json(B.TagsResponse);
  };
  const c = new AirbyteAPI({ fetch, security: { bearerAuth: "tok" }, headers: { "X-Team": "a" } });
  await c.tags.listTags();
  await c.connections.createConnection({ sourceId: B.ConnectionResponse.sourceId, destinationId: B.ConnectionResponse.destinationId });
  await c.tags.listTags(undefined, { headers: { "x-team": "b", authorization: "Bearer other" } });
  await c.tags.listTags();
  const [get1, post, override, get2] = seen;
  assert.equal(get1.headers["Content-Type"], undefined);
  assert.equal(post.headers["Content-Type"], "application/json");
  assert.equal(typeof post.body, "string");
  assert.equal(get1.body, undefined);
  // Case-insensitive replacement; the client's Authorization is set last, as before.
  assert.equal(override.headers["X-Team"], undefined);
  assert.equal(override.headers["x-team"], "b");
  assert.equal(override.headers.Authorization, "Bearer tok");
  assert.equal(override.headers.authorization, undefined);
  assert.deepEqual(get2.headers, get1.headers);
  for (const init of seen) assert.equal(init.redirect, "manual");
});

test("odd fetch-likes fail with a ConnectionError that says what was wrong", async () => {
  const throwing = { get status() { throw new Error("x"); } };
  const cases = [
    [async () => null, /did not resolve to a Response/],
    [async () => ({ status: "200" }), /no valid status/],
    [async () => ({ status: 200.5 }), /no valid status/],
    [async () => throwing, /no valid status/],
    [async () => ({ status: 200, type: "opaqueredirect" }), /redirect, which is not followed/],
    [async () => ({ status: 200 }), /has no text\(\)/],
    [async () => ({ status: 200, arrayBuffer: async () => new ArrayBuffer(2) }), /has no text\(\)/],
    [async () => ({ status: 200, text: async () => new Uint8Array(2) }), /not text/],
    [async () => ({ status: 500, text: async () => 5 }), /not text/],
    [async () => ({ status: 200, text: () => { throw new Error("read failed"); } }), /read failed/],
    [async () => ({ status: 200, text: () => Promise.reject(new Error("reset")) }), /reset/],
    [() => { throw new TypeError("sync boom"); }, /sync boom/],
    [async () => { throw new TypeError("async boom"); }, /async boom/],
  ];
  for (const [fetch, message] of cases) {
    const c = new AirbyteAPI({ fetch, retryConfig: { strategy: "none" } });
    const e = await c.tags.listTags().then(
      () => assert.fail("expected a rejection"),
      (err) => err,
    );
    assert.ok(e instanceof ConnectionError, `${message}: ${e?.constructor?.name} ${e?.message}`);
    assert.match(e.message, message);
  }
});

test("a fetch-like with only text() works; a 2xx body that is not valid JSON is a validation error", async () => {
  const text = (body, status = 200) => async () => ({ status, text: async () => body });
  const ok = new AirbyteAPI({ fetch: text(JSON.stringify(B.TagsResponse)) });
  assert.equal((await ok.tags.listTags()).data.length, 1);
  const bad = new AirbyteAPI({ fetch: text("{") });
  const e = await bad.tags.listTags().catch((err) => err);
  assert.ok(e instanceof ResponseValidationError, e?.message);
  assert.equal(e.rawBody, "{");
});

test("a body with a byte order mark, and one with invalid UTF-8, read as Response.text() does", async () => {
  const bytes = (b) => async () => new Response(b, { status: 200 });
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(B.TagsResponse))]);
  const c = new AirbyteAPI({ fetch: bytes(withBom) });
  assert.equal((await c.tags.listTags()).data.length, 1);
  const invalid = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]); // {"\xff":1}
  const d = new AirbyteAPI({ fetch: bytes(invalid) });
  const e = await d.tags.listTags().catch((err) => err);
  assert.ok(e instanceof ResponseValidationError, e?.message);
  assert.equal(e.rawBody, '{"\ufffd":1}');
});

test("non-ASCII bodies reach validation as the same UTF-8 that JSON.parse reads", async () => {
  const text = (body) => async () => ({ status: 200, text: async () => body });
  const tag = B.TagsResponse.data[0];
  // ASCII first (one byte per UTF-16 unit), then 2-, 3- and 4-byte characters (a surrogate
  // pair), so the bytes outgrow the first buffer; and the same at the very start.
  for (const name of ["x".repeat(5000) + "é✓😀" + "y".repeat(300), "😀é" + "z".repeat(70), "✓".repeat(4000)]) {
    const body = JSON.stringify({ ...B.TagsResponse, data: [{ ...tag, name }, { ...tag, name: name + "!" }] });
    const got = await new AirbyteAPI({ fetch: text(body) }).tags.listTags();
    assert.equal(got.data[0].name, name);
    assert.equal(got.data[1].name, name + "!");
    // A required field missing after the non-ASCII text is still found, at the right path.
    const { tagId, ...noId } = tag;
    const bad = JSON.stringify({ ...B.TagsResponse, data: [{ ...tag, name }, noId] });
    const e = await new AirbyteAPI({ fetch: text(bad) }).tags.listTags().catch((err) => err);
    assert.ok(e instanceof ResponseValidationError, e?.message);
    assert.equal(e.path, "data[1].tagId");
    assert.equal(e.rawBody, bad);
  }
  // A lone surrogate (possible only from a fetch-like's text()) is U+FFFD to the validator and
  // left as it is for JSON.parse.
  const lone = JSON.stringify({ ...B.TagsResponse, data: [{ ...tag, name: "a\ud800b" }] }).replace("\\ud800", "\ud800");
  const got = await new AirbyteAPI({ fetch: text(lone) }).tags.listTags();
  assert.equal(got.data[0].name.length, 3);
});

test("1,000 calls in flight at once each settle with their own result", async () => {
  let n = 0;
  const fetch = (url) =>
    new Promise((resolve) => {
      const i = n++;
      // Settle out of order.
      setTimeout(() => {
        if (i % 10 === 3) resolve(json({ message: "nope" }, 404));
        else resolve(json({ ...B.ConnectionResponse, connectionId: url.split("/").pop() }));
      }, (i * 7919) % 13);
    });
  const c = new AirbyteAPI({ fetch, security: { bearerAuth: "t" }, retryConfig: { strategy: "none" } });
  const ids = Array.from({ length: 1000 }, (_, i) => `${CONN.slice(0, -4)}${String(i).padStart(4, "0")}`);
  const results = await Promise.allSettled(ids.map((connectionId) => c.connections.getConnection({ connectionId })));
  let rejected = 0;
  results.forEach((r, i) => {
    if (r.status === "fulfilled") assert.equal(r.value.connectionId, ids[i]);
    else {
      rejected++;
      assert.equal(r.reason.statusCode, 404);
    }
  });
  assert.equal(rejected, 100);
});

// A stand-in for AbortSignal that records its listeners.
function fakeSignal({ aborted = false, addThrows = false } = {}) {
  const listeners = new Set();
  return {
    aborted,
    added: 0,
    removed: 0,
    addEventListener(type, f) {
      if (addThrows) throw new Error("no listeners here");
      this.added++;
      listeners.add(f);
    },
    removeEventListener(type, f) {
      this.removed++;
      listeners.delete(f);
    },
    fire() {
      this.aborted = true;
      for (const f of [...listeners]) f();
    },
    get listening() {
      return listeners.size;
    },
  };
}

test("timeoutMs cuts a body read that never ends, and aborts the signal fetch was given", async () => {
  let given;
  const fetch = async (url, init) => {
    given = init.signal;
    return { status: 200, text: () => new Promise(() => {}) };
  };
  const c = new AirbyteAPI({ fetch, retryConfig: { strategy: "none" } });
  const t0 = performance.now();
  const e = await c.tags.listTags(undefined, { timeoutMs: 30 }).catch((err) => err);
  assert.ok(e instanceof RequestTimeoutError, e?.message);
  assert.match(e.message, /30 ms/);
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(given.aborted, true);
});

test("the caller's signal: aborts mid-fetch, is unhooked after every call, and is checked first", async () => {
  const s = fakeSignal();
  let release;
  const fetch = (url, init) =>
    new Promise((resolve, reject) => {
      release = () => resolve(json(B.TagsResponse));
      init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  const c = new AirbyteAPI({ fetch, retryConfig: { strategy: "none" } });
  // Success: the listener is added once and removed again.
  const ok = c.tags.listTags(undefined, { signal: s });
  await new Promise((r) => setTimeout(r, 5));
  release();
  assert.equal((await ok).data.length, 1);
  assert.equal(s.added, 1);
  assert.equal(s.listening, 0);
  // Abort while fetch is pending.
  const p = c.tags.listTags(undefined, { signal: s }).catch((err) => err);
  await new Promise((r) => setTimeout(r, 5));
  s.fire();
  const e = await p;
  assert.ok(e instanceof RequestAbortedError, e?.message);
  assert.equal(s.listening, 0);
  // Already aborted: fetch is not called at all.
  let calls = 0;
  const d = new AirbyteAPI({ fetch: async () => (calls++, json(B.TagsResponse)) });
  const e2 = await d.tags.listTags(undefined, { signal: fakeSignal({ aborted: true }) }).catch((err) => err);
  assert.ok(e2 instanceof RequestAbortedError, e2?.message);
  assert.equal(calls, 0);
  // addEventListener throws: an invalid request, nothing sent.
  const e3 = await d.tags.listTags(undefined, { signal: fakeSignal({ addThrows: true }) }).catch((err) => err);
  assert.ok(e3 instanceof InvalidRequestError, e3?.message);
  assert.equal(e3.field, "options.signal");
  assert.equal(calls, 0);
});

test("the signal ends a retry wait at once", async () => {
  const s = fakeSignal();
  let calls = 0;
  const fetch = async () => (calls++, json({ message: "busy" }, 503));
  const c = new AirbyteAPI({
    fetch,
    retryConfig: { strategy: "backoff", backoff: { initialInterval: 60000, maxInterval: 60000, exponent: 1, maxElapsedTime: 600000 } },
  });
  const p = c.tags.listTags(undefined, { signal: s }).catch((err) => err);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  s.fire();
  const e = await p;
  assert.ok(e instanceof RequestAbortedError, e?.message);
  assert.ok(performance.now() - t0 < 1000);
  assert.equal(calls, 1);
  assert.equal(s.listening, 0);
});

test("per-call options: data, inherited and accessor properties, unknown and symbol keys", async () => {
  const hang = async () => ({ status: 200, text: () => new Promise(() => {}) });
  const c = new AirbyteAPI({ fetch: hang, retryConfig: { strategy: "none" } });
  const fails = async (options) => c.tags.listTags(undefined, options).then(() => assert.fail("expected a rejection"), (e) => e);
  // Inherited and non-enumerable options are read, as with a plain property.
  const inherited = Object.create({ timeoutMs: 20 });
  assert.ok((await fails(inherited)) instanceof RequestTimeoutError);
  const hidden = Object.defineProperty({}, "timeoutMs", { value: 20, enumerable: false });
  assert.ok((await fails(hidden)) instanceof RequestTimeoutError);
  // A getter is called; one that throws names the option.
  assert.ok((await fails({ get timeoutMs() { return 20; } })) instanceof RequestTimeoutError);
  const threw = await fails({ get timeoutMs() { throw new Error("no"); } });
  assert.ok(threw instanceof InvalidRequestError);
  assert.equal(threw.field, "options.timeoutMs");
  const bad = await fails({ timeoutMs: -5 });
  assert.ok(bad instanceof InvalidRequestError);
  assert.equal(bad.field, "options.timeoutMs");
  const unknown = await fails({ timeoutMs: 20, tiemoutMs: 5 });
  assert.ok(unknown instanceof InvalidRequestError);
  assert.equal(unknown.field, "options.tiemoutMs");
  const sym = await fails({ [Symbol("x")]: 1 });
  assert.ok(sym instanceof InvalidRequestError);
  assert.match(sym.message, /symbol/);
  const notObject = await fails([]);
  assert.ok(notObject instanceof InvalidRequestError);
  assert.equal(notObject.field, "options");
});
