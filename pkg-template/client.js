// The public client: `new AirbyteAPI(options)` with one property per API group and one method
// per operation, built from the operation table (`operations.js`, generated with the core's).

import { WasmClient } from "./airbyte_api_wasm.js";
import { OPERATIONS } from "./operations.js";
import {
  AirbyteError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  fromDescriptor,
} from "./errors.js";

export {
  AirbyteError,
  AirbyteApiError,
  ResponseValidationError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  InvalidRequestError,
} from "./errors.js";

const MARKER = "\u0000invalid:";

// bigint, function and symbol values become a marker string the validator reports as a wrong
// type (JSON.stringify would throw on bigint and silently drop the others). An invalid Date
// (which JSON.stringify turns into null, i.e. "absent") is marked too.
function replacer(key, value) {
  const t = typeof value;
  if (t === "bigint" || t === "function" || t === "symbol") return MARKER + t;
  if (value === null && this[key] instanceof Date) return MARKER + "invalid Date";
  return value;
}

// True when JSON.stringify alone gives what it gives with `replacer`: nothing of those types, no
// Date (nor anything else with a toJSON), at most 32 levels deep. Conservative: for..in also
// sees inherited keys, which JSON.stringify skips.
function plainJson(v, depth) {
  const t = typeof v;
  if (t !== "object") return t !== "bigint" && t !== "function" && t !== "symbol";
  if (v === null) return true;
  if (depth > 32 || typeof v.toJSON === "function") return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!plainJson(v[i], depth + 1)) return false;
    return true;
  }
  for (const k in v) if (!plainJson(v[k], depth + 1)) return false;
  return true;
}

function serialize(arg) {
  try {
    // A replacer makes JSON.stringify call back for every value (≈ 3× slower): only when needed.
    return plainJson(arg, 0) ? JSON.stringify(arg) : JSON.stringify(arg, replacer);
  } catch (e) {
    let why;
    try {
      why = e instanceof Error ? e.message : String(e);
    } catch {
      why = "it threw";
    }
    throw new InvalidRequestError(`invalid request: the argument cannot be serialized (${why})`, {
      field: "",
      cause: e,
    });
  }
}

function toError(e) {
  return e instanceof AirbyteError ? e : fromDescriptor(e);
}

const rethrow = (e) => {
  throw toError(e);
};

// A call's first attempt is driven from here: the core checks the argument and starts the
// exchange (`start`), a 2xx answer is validated and parsed in one synchronous step (`finish`),
// and anything else (an error status, a timeout, a network error) goes to the core's full path
// (`call` with that first outcome), which retries and reports. Calls the core cannot start this
// way (per-call options, a logger, client credentials) take `call` from the outset.
function method(core, index, shape) {
  return (...a) => {
    try {
      const options = shape === "none" ? a[0] : a[1];
      const json = shape === "none" ? undefined : serialize(a[0]);
      const sent = core.start(index, json, options);
      if (sent === undefined) return core.call(index, json, options, undefined, 0).catch(rethrow);
      return sent.then(
        (out) => {
          if (!(Array.isArray(out) && out[0] >= 200 && out[0] < 300)) {
            return core.call(index, json, undefined, out, 1).catch(rethrow);
          }
          try {
            return core.finish(index, out[1]);
          } catch (e) {
            throw toError(e);
          }
        },
        (e) => core.call(index, json, undefined, e, 2).catch(rethrow),
      );
    } catch (e) {
      return Promise.reject(toError(e));
    }
  };
}

// --- auto-pagination -------------------------------------------------------------------------

// `<group>.<method>All` for every paged list: [group, plain method, helper name].
const PAGED = [
  ["connections", "listConnections", "listConnectionsAll"],
  ["sources", "listSources", "listSourcesAll"],
  ["destinations", "listDestinations", "listDestinationsAll"],
  ["jobs", "listJobs", "listJobsAll"],
  ["workspaces", "listWorkspaces", "listWorkspacesAll"],
];

const DEFAULT_PAGE_SIZE = 100;

function abortedError() {
  return new RequestAbortedError("request aborted by the caller's signal");
}

function signalAborted(options) {
  try {
    return options !== null && typeof options === "object" && options.signal?.aborted === true;
  } catch {
    return false;
  }
}

/** Reads `limit`/`offset` from the caller's request; anything odd is left for the plain method
 * to reject (it validates the first page's request exactly as a direct call would). */
function pageStart(request) {
  let base;
  try {
    base = request === undefined || request === null ? {} : request;
    if (typeof base !== "object" || Array.isArray(base)) return { base, limit: undefined, offset: 0 };
    base = { ...base };
  } catch (e) {
    throw new InvalidRequestError("invalid request: the argument cannot be read", { field: "", cause: e });
  }
  const limit = base.limit === undefined ? DEFAULT_PAGE_SIZE : base.limit;
  const offset = base.offset === undefined ? 0 : base.offset;
  return { base, limit, offset };
}

// Pages by `offset` against the client's own server: the `next` URL in a page is only read as
// "there is more", never fetched, so credentials cannot follow it to another origin.
async function* paginate(list, request, options) {
  const start = pageStart(request);
  let { limit, offset } = start;
  const plain = typeof start.base !== "object" || start.base === null || Array.isArray(start.base);
  for (;;) {
    if (signalAborted(options)) throw abortedError();
    const arg = plain ? start.base : { ...start.base, limit, offset };
    const page = await list(arg, options);
    const data = page !== null && typeof page === "object" && Array.isArray(page.data) ? page.data : [];
    for (const item of data) {
      yield item;
      if (signalAborted(options)) throw abortedError();
    }
    if (plain || !page || !page.next || data.length === 0 || data.length < limit) return;
    offset += data.length;
  }
}

// --- waiting for a job ------------------------------------------------------------------------

const MAX_TIMER_MS = 2147483647;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const WAIT_KEYS = new Set(["pollIntervalMs", "timeoutMs", "signal", "onProgress", "retries", "headers"]);

function invalid(field, message, cause) {
  return new InvalidRequestError(`invalid request: \`${field}\`: ${message}`, { field, cause });
}

function waitOptions(o) {
  if (o === undefined || o === null) return { pollIntervalMs: 2000 };
  if (typeof o !== "object" || Array.isArray(o)) throw invalid("options", "expected an object");
  let keys;
  try {
    keys = Reflect.ownKeys(o);
  } catch (e) {
    throw invalid("options", "object cannot be inspected", e);
  }
  const out = { pollIntervalMs: 2000 };
  for (const k of keys) {
    if (typeof k !== "string" || !WAIT_KEYS.has(k)) throw invalid(`options.${String(k)}`, "unknown option");
    let v;
    try {
      v = o[k];
    } catch (e) {
      throw invalid(`options.${k}`, "reading the property threw", e);
    }
    if (v === undefined) continue;
    const positive = typeof v === "number" && Number.isFinite(v) && v > 0;
    if ((k === "pollIntervalMs" || k === "timeoutMs") && !positive) {
      throw invalid(`options.${k}`, "expected a positive finite number of milliseconds");
    }
    if (k === "onProgress" && typeof v !== "function") throw invalid("options.onProgress", "expected a function");
    if (k === "signal") {
      let ok = false;
      try {
        ok = typeof v === "object" && typeof v.aborted === "boolean" && typeof v.addEventListener === "function";
      } catch {
        ok = false;
      }
      if (!ok) throw invalid("options.signal", "expected an AbortSignal");
    }
    out[k] = v;
  }
  return out;
}

async function waitForJob(getJob, jobId, options) {
  if (typeof jobId !== "number" || !Number.isSafeInteger(jobId) || jobId < 0) {
    throw invalid("jobId", "expected a non-negative integer");
  }
  const o = waitOptions(options);
  const controller = new AbortController();
  let why;
  const stop = (reason) => {
    if (why === undefined) {
      why = reason;
      controller.abort();
    }
  };
  const onAbort = () => stop("aborted");
  if (o.signal) {
    if (o.signal.aborted) throw abortedError();
    o.signal.addEventListener("abort", onAbort, { once: true });
  }
  // setTimeout fires at once beyond 2^31 - 1 ms: longer deadlines are no deadline at all.
  const deadline =
    o.timeoutMs === undefined || o.timeoutMs > MAX_TIMER_MS ? undefined : setTimeout(() => stop("timeout"), o.timeoutMs);
  const cut = () =>
    why === "timeout"
      ? new RequestTimeoutError(`waiting for job ${jobId} timed out after ${o.timeoutMs} ms`)
      : abortedError();
  const callOptions = { signal: controller.signal };
  if (o.retries !== undefined) callOptions.retries = o.retries;
  if (o.headers !== undefined) callOptions.headers = o.headers;
  try {
    for (;;) {
      let job;
      try {
        job = await getJob({ jobId }, callOptions);
      } catch (e) {
        if (why !== undefined) throw cut();
        throw e;
      }
      if (o.onProgress) {
        try {
          o.onProgress(job);
        } catch (e) {
          throw new AirbyteError("onProgress threw", { cause: e });
        }
      }
      if (job !== null && typeof job === "object" && TERMINAL.has(job.status)) return job;
      if (why !== undefined) throw cut();
      await new Promise((resolve) => {
        const t = setTimeout(done, Math.min(o.pollIntervalMs, MAX_TIMER_MS));
        function done() {
          clearTimeout(t);
          controller.signal.removeEventListener("abort", done);
          resolve();
        }
        controller.signal.addEventListener("abort", done, { once: true });
      });
      if (why !== undefined) throw cut();
    }
  } finally {
    if (deadline !== undefined) clearTimeout(deadline);
    if (o.signal) o.signal.removeEventListener("abort", onAbort);
  }
}

function wrapAsync(f) {
  return (...a) => {
    try {
      return f(...a).catch((e) => {
        throw toError(e);
      });
    } catch (e) {
      return Promise.reject(toError(e));
    }
  };
}

// Async generators never throw synchronously; this also maps any stray error to AirbyteError.
function wrapIterable(gen) {
  return (...a) => {
    const it = gen(...a);
    return {
      next: (v) => it.next(v).catch((e) => Promise.reject(toError(e))),
      return: (v) => it.return(v),
      throw: (e) => it.throw(e).catch((err) => Promise.reject(toError(err))),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };
}

export class AirbyteAPI {
  #core;

  constructor(options) {
    try {
      this.#core = new WasmClient(options);
    } catch (e) {
      throw toError(e);
    }
    const core = this.#core;
    // Indexed loops: this runs once per client, mostly in V8's interpreter, where destructuring
    // a row costs an array iterator (≈ 0.07 ms less per first client than `for…of`).
    for (let g = 0; g < OPERATIONS.length; g++) {
      const ops = OPERATIONS[g][1];
      const group = {};
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i];
        group[op[0]] = method(core, op[2], op[1]);
      }
      Object.defineProperty(this, OPERATIONS[g][0], { value: group, enumerable: true });
    }
    // Helpers are not enumerable: enumerating a group lists exactly its API operations.
    const helper = (obj, name, value) =>
      Object.defineProperty(obj, name, { value, enumerable: false, writable: true, configurable: true });
    for (let p = 0; p < PAGED.length; p++) {
      const group = this[PAGED[p][0]];
      const plain = group[PAGED[p][1]];
      helper(group, PAGED[p][2], wrapIterable((request, options) => paginate(plain, request, options)));
    }
    const getJob = this.jobs.getJob;
    helper(this.jobs, "waitForJob", wrapAsync((jobId, options) => waitForJob(getJob, jobId, options)));
  }

  /** Never reveals configuration or credentials. */
  toJSON() {
    return { client: "AirbyteAPI" };
  }

  toString() {
    return "[object AirbyteAPI]";
  }

  get [Symbol.toStringTag]() {
    return "AirbyteAPI";
  }
}
