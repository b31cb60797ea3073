// The public client: `new AirbyteAPI(options)` with one property per API group and one method
// per operation, built from the operation table of the wasm core.

import { WasmClient, operations } from "./airbyte_api_wasm.js";
import { AirbyteError, InvalidRequestError, fromDescriptor } from "./errors.js";

export {
  AirbyteError,
  AirbyteApiError,
  ResponseValidationError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  InvalidRequestError,
} from "./errors.js";

let table;
function operationTable() {
  if (table === undefined) {
    table = operations().map(([group, id, shape], index) => ({ group, id, shape, index }));
  }
  return table;
}

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

function serialize(arg) {
  try {
    return JSON.stringify(arg, replacer);
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

function method(core, { index, shape }) {
  return (...a) => {
    try {
      const options = shape === "none" ? a[0] : a[1];
      const json = shape === "none" ? undefined : serialize(a[0]);
      return core.call(index, json, options).catch((e) => {
        throw toError(e);
      });
    } catch (e) {
      return Promise.reject(toError(e));
    }
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
    for (const op of operationTable()) {
      let group = this[op.group];
      if (group === undefined) {
        group = {};
        Object.defineProperty(this, op.group, { value: group, enumerable: true });
      }
      group[op.id] = method(this.#core, op);
    }
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
