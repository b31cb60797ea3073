// Property tests (fast-check): arbitrary JS values into every method's arguments and options, and
// arbitrary or mutated responses from a custom fetch (no server: fast). Every call settles with
// a value or an AirbyteError — never a synchronous throw, a trap or an unhandled rejection — and
// the instance still works afterwards.
//
// FUZZ_RUNS (default 10000) sets the number of cases of the main property.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { AirbyteAPI, AirbyteError, InvalidRequestError } from "../../pkg/node.js";
import { bodies as B } from "../node/server.mjs";
import { validArgs } from "./valid-args.mjs";

const VALID_ARGS = validArgs(new URL("../../pkg/generated.d.ts", import.meta.url));

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);
before(() => process.on("unhandledRejection", onUnhandled));
after(() => process.off("unhandledRejection", onUnhandled));

// --- responses --------------------------------------------------------------------------------

const VALID = Object.values(B).map((b) => JSON.stringify(b));

/** A valid body, then a few edits: truncation, a character flipped, a key dropped or retyped. */
const mutatedBody = fc
  .tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.anything()), { maxLength: 3 }))
  .map(([text, edits]) => {
    let t = text;
    for (const [kind, at, v] of edits) {
      const i = t.length ? at % t.length : 0;
      switch (kind % 4) {
        case 0:
          t = t.slice(0, i);
          break;
        case 1:
          t = t.slice(0, i) + String.fromCharCode(at % 0x10000) + t.slice(i + 1);
          break;
        default: {
          try {
            const o = JSON.parse(t);
            if (o && typeof o === "object") {
              const keys = Object.keys(o);
              const k = keys[at % Math.max(1, keys.length)];
              if (kind % 4 === 2) delete o[k];
              else o[k] = v;
              t = JSON.stringify(o) ?? "";
            }
          } catch {
            /* leave t */
          }
        }
      }
    }
    return t;
  });

const body = fc.oneof(mutatedBody, fc.constantFrom(...VALID), fc.string(), fc.json(), fc.constant(""));
const status = fc.oneof(
  fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504),
  fc.integer({ min: 0, max: 1000 }),
  fc.constantFrom(-1, 1.5, NaN, "200", null),
);
const headers = fc.oneof(
  fc.constant({ "content-type": "application/json" }),
  fc.dictionary(fc.constantFrom("content-type", "retry-after", "retry-after-ms", "x-a"), fc.string({ maxLength: 30 })),
  fc.record({ "retry-after": fc.constantFrom("0", "1", "Sun, 06 Nov 1994 08:49:37 GMT", "-5", "9999999999", "soon") }),
);

/** How the custom fetch answers one request. */
const reply = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("response"), status, headers, body }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("fake"), status, body: fc.anything(), headers: fc.anything() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom("reject", "refused", "throw", "garbage", "textRejects", "notAResponse"),
      value: fc.anything(),
    }),
  },
);

let script = [];
let calls = 0;
const CALL_CAP = 12;

function mockFetch(url, init) {
  calls++;
  // Bounded: past the cap every request fails, so polls and pages always end.
  const r = calls > CALL_CAP ? { kind: "reject", value: new TypeError("cap") } : script[(calls - 1) % Math.max(1, script.length)] ?? { kind: "response", status: 200, headers: {}, body: "{}" };
  switch (r.kind) {
    case "response": {
      const s = typeof r.status === "number" && Number.isInteger(r.status) && r.status >= 200 && r.status <= 599 ? r.status : 500;
      const noBody = s === 204 || s === 205 || s === 304;
      return Promise.resolve(new Response(noBody ? null : r.body, { status: s, headers: r.headers }));
    }
    case "fake":
      return Promise.resolve({ status: r.status, headers: r.headers, text: () => Promise.resolve(r.body) });
    case "reject":
      return Promise.reject(r.value);
    case "refused": {
      const e = new TypeError("fetch failed");
      e.cause = { code: "ECONNREFUSED" };
      return Promise.reject(e);
    }
    case "throw":
      throw r.value;
    case "garbage":
      return r.value;
    case "textRejects":
      return Promise.resolve({ status: 200, headers: new Headers(), text: () => Promise.reject(r.value) });
    default:
      return Promise.resolve(r.value);
  }
}

// --- arguments and options --------------------------------------------------------------------

const FIELDS = [
  "connectionId", "workspaceId", "sourceId", "destinationId", "jobId", "limit", "offset", "name",
  "jobType", "workspaceIds", "includeDeleted", "configuration", "tagIds", "status", "__proto__",
];
const uuid = fc.uuid();
const hostile = fc.oneof(
  fc.constant(null).map(() => {
    const o = {};
    o.self = o;
    return o;
  }),
  fc.constant(null).map(() => new Proxy({}, { get() { throw new Error("get"); }, ownKeys() { throw new Error("keys"); } })),
  fc.constant(null).map(() => {
    let a = [];
    for (let i = 0; i < 20000; i++) a = [a];
    return a;
  }),
  fc.constant(Symbol("s")),
  fc.constant(() => 1),
  fc.bigInt(),
  fc.constant(new Date(NaN)),
  fc.constant(Object.create(null)),
);
const anyValue = fc.oneof(
  { weight: 5, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, maxDepth: 3 }) },
  { weight: 1, arbitrary: hostile },
);
const fieldValue = fc.oneof(uuid, fc.integer({ min: -5, max: 200 }), fc.string({ maxLength: 10 }), fc.boolean(), fc.array(uuid, { maxLength: 2 }), anyValue);
const requestLike = fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 });
const arg = fc.oneof({ weight: 3, arbitrary: requestLike }, { weight: 2, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(undefined) });

const signal = fc.constantFrom("live", "aborted", "garbage").map((k) => {
  if (k === "garbage") return { aborted: "no" };
  const ac = new AbortController();
  if (k === "aborted") ac.abort();
  return ac.signal;
});
// Every generated backoff policy ends within 200 ms (a policy "retry for 11 days" is legitimate,
// but would stall the run), whatever else it says.
const bounded = (r) => {
  if (r.strategy !== "backoff") return r;
  let b = {};
  try {
    if (r.backoff !== null && typeof r.backoff === "object" && !Array.isArray(r.backoff)) b = { ...r.backoff };
  } catch {
    b = {}; // a hostile proxy
  }
  return { ...r, backoff: { ...b, maxElapsedTime: 200 } };
};
const retries = fc.oneof(
  fc.constant({ strategy: "none" }),
  fc.record(
    {
      strategy: fc.constantFrom("backoff", "none", "bogus"),
      backoff: fc.oneof(fc.record({ initialInterval: fc.constantFrom(0, 1, -1, NaN), maxInterval: fc.constantFrom(0, 2), exponent: fc.constantFrom(0, 2, 1e308), maxElapsedTime: fc.constantFrom(0, 50, 1e9) }, { requiredKeys: [] }), anyValue),
      maxRetries: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 1.5, 1e12), anyValue),
      retryConnectionErrors: fc.oneof(fc.boolean(), anyValue),
    },
    { requiredKeys: [] },
  ).map(bounded),
  anyValue,
);
/** The operation's valid argument, as is or with a few fields replaced, dropped or added. */
function argFor(method) {
  const base = VALID_ARGS.get(method);
  const mutated = fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), fieldValue, fc.boolean()), { maxLength: 2 }).map((edits) => {
    if (base === null || typeof base !== "object") return base;
    const o = structuredClone(base);
    const keys = Object.keys(o);
    for (const [at, extraKey, v, drop] of edits) {
      const k = keys.length ? keys[at % keys.length] : extraKey;
      if (drop) delete o[k];
      else o[at % 3 === 0 ? extraKey : k] = v;
    }
    return o;
  });
  return fc.oneof({ weight: 3, arbitrary: fc.constant(base) }, { weight: 3, arbitrary: mutated }, { weight: 2, arbitrary: arg });
}

const callOptions = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        timeoutMs: fc.oneof(fc.constantFrom(1, 100, 1000, 0, -1, NaN, Infinity), anyValue),
        signal,
        headers: fc.oneof(fc.constant({ "X-Trace": "1" }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }), anyValue),
        retries,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);
const waitOptions = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      pollIntervalMs: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -1, NaN, "5", null)),
      timeoutMs: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, -1, NaN)),
      signal,
      onProgress: fc.constantFrom(() => {}, () => { throw new Error("cb"); }, 5),
      retries,
      nope: anyValue,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const extraArgs = fc.array(anyValue, { maxLength: 2 });

// The client under test: fast retries (no real waiting) so 10,000 cases stay quick.
const c = new AirbyteAPI({
  serverUrl: "https://fuzz.example/v1",
  security: { bearerAuth: "fuzz-secret-token" },
  fetch: mockFetch,
  retryConfig: { strategy: "backoff", backoff: { initialInterval: 0, maxInterval: 0, exponent: 2, maxElapsedTime: 1000 }, maxRetries: 2 },
});
const PLAIN = [];
for (const g of Object.keys(c)) for (const m of Object.keys(c[g])) PLAIN.push([g, m]);
const PAGED = [["connections", "listConnectionsAll"], ["sources", "listSourcesAll"], ["destinations", "listDestinationsAll"], ["jobs", "listJobsAll"], ["workspaces", "listWorkspacesAll"]];

function checkError(e) {
  assert.ok(e instanceof AirbyteError, `not an AirbyteError: ${e?.name}: ${e?.message}`);
  assert.ok(!String(e.stack).includes("fuzz-secret-token"));
  assert.ok(!(e instanceof RangeError) && !(e instanceof TypeError));
}

async function settle(run) {
  try {
    await run();
  } catch (e) {
    checkError(e);
    return "error";
  }
  return "value";
}

test("60 operations: arbitrary arguments, options and responses", { timeout: 600000 }, async () => {
  assert.equal(PLAIN.length, 60);
  const tally = { value: 0, error: 0, sent: 0 };
  await fc.assert(
    fc.asyncProperty(fc.nat(PLAIN.length - 1).chain((i) => fc.tuple(fc.constant(i), argFor(PLAIN[i][1]))), callOptions, extraArgs, fc.array(reply, { minLength: 1, maxLength: 4 }), async ([i, a], o, extra, replies) => {
      script = replies;
      calls = 0;
      const [g, m] = PLAIN[i];
      let p;
      assert.doesNotThrow(() => {
        p = c[g][m](a, o, ...extra);
      });
      assert.ok(p instanceof Promise);
      tally[await settle(() => p)]++;
      if (calls > 0) tally.sent++;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // Enough cases get past validation to exercise the response side.
  assert.ok(tally.value > 0 && tally.error > 0 && tally.sent > RUNS / 10, JSON.stringify(tally));
  console.log(`fuzz: ${JSON.stringify(tally)}`);
});

test("pagination and waitForJob helpers: arbitrary input, bounded responses", { timeout: 600000 }, async () => {
  const runs = Math.max(1000, Math.floor(RUNS / 5));
  await fc.assert(
    fc.asyncProperty(fc.nat(PAGED.length), arg, callOptions, waitOptions, fc.oneof(fc.integer({ min: 0, max: 99 }), anyValue), fc.array(reply, { minLength: 1, maxLength: 4 }), async (i, a, o, wo, jobId, replies) => {
      script = replies;
      calls = 0;
      if (i === PAGED.length) {
        let p;
        assert.doesNotThrow(() => {
          p = c.jobs.waitForJob(jobId, wo);
        });
        await settle(() => p);
        return;
      }
      const [g, m] = PAGED[i];
      let it;
      assert.doesNotThrow(() => {
        it = c[g][m](a, o);
      });
      await settle(async () => {
        let n = 0;
        for await (const x of it) {
          void x;
          if (++n > 500) break;
        }
      });
    }),
    { numRuns: runs, seed: SEED },
  );
});

test("constructor: arbitrary options construct a client or throw InvalidRequestError", () => {
  const opt = fc.oneof(
    anyValue,
    fc.record(
      {
        serverUrl: fc.oneof(fc.webUrl(), fc.string(), anyValue),
        security: fc.oneof(fc.record({ bearerAuth: fc.oneof(fc.string(), anyValue) }), fc.record({ basicAuth: anyValue }), anyValue),
        timeoutMs: anyValue,
        retryConfig: retries,
        debugLogger: fc.oneof(fc.constant({ debug() {} }), anyValue),
        headers: anyValue,
        fetch: anyValue,
      },
      { requiredKeys: [] },
    ),
  );
  fc.assert(
    fc.property(opt, (o) => {
      try {
        const x = new AirbyteAPI(o);
        assert.equal(typeof x.connections.listConnections, "function");
      } catch (e) {
        assert.ok(e instanceof InvalidRequestError, `${e?.name}: ${e?.message}`);
      }
    }),
    { numRuns: Math.max(2000, Math.floor(RUNS / 5)), seed: SEED },
  );
});

test("afterwards: no unhandled rejection, and the same instance still works", async () => {
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(unhandled, []);
  script = [{ kind: "response", status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(B.TagsResponse) }];
  calls = 0;
  const r = await c.tags.listTags();
  assert.equal(r.data.length, 1);
});
