// Error classes of airbyte-api-wasm. Every rejection of a client method is an AirbyteError and
// exactly one of its subclasses. None of them carries request headers or credentials.

export class AirbyteError extends Error {
  constructor(message, options) {
    super(message, options && "cause" in options ? { cause: options.cause } : undefined);
    if (options && options.attempts !== undefined) this.attempts = options.attempts;
  }
}

/** A non-2xx response. */
export class AirbyteApiError extends AirbyteError {
  constructor(message, { statusCode, body = "", headers = {}, problem, attempts } = {}) {
    super(message, { attempts });
    this.statusCode = statusCode;
    this.body = body;
    this.headers = headers;
    this.problem = problem;
  }
}

/** A 2xx response whose body does not match the schema. */
export class ResponseValidationError extends AirbyteError {
  constructor(message, { rawBody = "", path = "", attempts } = {}) {
    super(message, { attempts });
    this.rawBody = rawBody;
    this.path = path;
  }
}

/** The request could not be sent, or the response could not be read. */
export class ConnectionError extends AirbyteError {}

/** The timeout elapsed before the response was complete. */
export class RequestTimeoutError extends AirbyteError {}

/** The caller's AbortSignal cancelled the call. */
export class RequestAbortedError extends AirbyteError {}

/** Bad argument or options: nothing was sent. `field` names the first bad field. */
export class InvalidRequestError extends AirbyteError {
  constructor(message, { field = "", cause, attempts } = {}) {
    super(message, cause === undefined ? { attempts } : { attempts, cause });
    this.field = field;
  }
}

// `name` spelled out (not taken from constructor.name) so minifiers cannot change it.
for (const [cls, name] of [
  [AirbyteError, "AirbyteError"],
  [AirbyteApiError, "AirbyteApiError"],
  [ResponseValidationError, "ResponseValidationError"],
  [ConnectionError, "ConnectionError"],
  [RequestTimeoutError, "RequestTimeoutError"],
  [RequestAbortedError, "RequestAbortedError"],
  [InvalidRequestError, "InvalidRequestError"],
]) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

const KINDS = new Set(["api", "validation", "connection", "timeout", "aborted", "invalid"]);

function isDescriptor(d) {
  try {
    return (
      d !== null &&
      typeof d === "object" &&
      !(d instanceof Error) &&
      KINDS.has(d.kind) &&
      typeof d.message === "string"
    );
  } catch {
    return false;
  }
}

/** Turns an error descriptor from the wasm core into an error instance; anything else becomes
 * a plain AirbyteError with the original as `cause`. */
export function fromDescriptor(d) {
  if (d instanceof AirbyteError) return d;
  if (!isDescriptor(d)) {
    let text;
    try {
      text = d instanceof Error ? `${d.name}: ${d.message}` : String(d);
    } catch {
      text = "unknown failure";
    }
    return new AirbyteError(`internal error: ${text}`, { cause: d });
  }
  const attempts = typeof d.attempts === "number" ? d.attempts : undefined;
  switch (d.kind) {
    case "api":
      return new AirbyteApiError(d.message, {
        statusCode: d.statusCode,
        body: d.body,
        headers: d.headers,
        problem: d.problem,
        attempts,
      });
    case "validation":
      return new ResponseValidationError(d.message, { rawBody: d.rawBody, path: d.path, attempts });
    case "connection":
      return new ConnectionError(d.message, { attempts });
    case "timeout":
      return new RequestTimeoutError(d.message, { attempts });
    case "aborted":
      return new RequestAbortedError(d.message, { attempts });
    default:
      return new InvalidRequestError(d.message, { field: d.field, attempts });
  }
}
