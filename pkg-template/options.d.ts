/** Retry policy. Default: backoff with full jitter, 500 ms initial, 8 s max interval, exponent 2,
 * 30 s max elapsed, 2 retries, connection errors retried. GET/PUT/PATCH/DELETE are retried on
 * connection errors, timeouts, 408, 429, 500, 502, 503, 504; POST only on 429 or a refused
 * connection. `Retry-After` / `retry-after-ms` are honoured (capped by maxInterval). */
export type RetryConfig =
  | { strategy: "none" }
  | {
      strategy: "backoff";
      backoff?: {
        /** First wait in milliseconds. */
        initialInterval?: number;
        /** Longest single wait in milliseconds. */
        maxInterval?: number;
        /** Growth factor between waits. */
        exponent?: number;
        /** Give up after this many milliseconds in total. */
        maxElapsedTime?: number;
      };
      maxRetries?: number;
      retryConnectionErrors?: boolean;
    };

/** Options accepted by every method as its last argument. */
export interface RequestOptions {
  /** Abort the request after this many milliseconds (RequestTimeoutError). */
  timeoutMs?: number;
  /** Cancels the call (RequestAbortedError). */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
  retries?: RetryConfig;
}

/** A bearer token (an application access token). */
export interface BearerAuthSecurity {
  bearerAuth: string;
  basicAuth?: never;
  clientCredentials?: never;
}

/** HTTP basic authentication (self-hosted deployments). */
export interface BasicAuthSecurity {
  basicAuth: { username: string; password: string };
  bearerAuth?: never;
  clientCredentials?: never;
}

/** OAuth client credentials, exchanged for short-lived tokens by the client. */
export interface ClientCredentialsSecurity {
  clientCredentials: {
    clientId: string;
    clientSecret: string;
    /** Absolute URL, or a path relative to the server URL. Default `<serverUrl>/applications/token`. */
    tokenUrl?: string;
  };
  bearerAuth?: never;
  basicAuth?: never;
}

/** Exactly one authentication scheme. */
export type Security = BearerAuthSecurity | BasicAuthSecurity | ClientCredentialsSecurity;

/** Options of `new AirbyteAPI(options)`. */
export interface AirbyteAPIOptions {
  security?: Security;
  /** Index into the known servers; 0 (the default) is `https://api.airbyte.com/v1`. */
  serverIdx?: 0;
  /** Server base URL, e.g. `https://api.airbyte.com/v1` or `https://host/api/public/v1`; wins over serverIdx. */
  serverUrl?: string;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** A fetch-compatible function used instead of the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Default per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Replaces the default `airbyte-api-wasm/<version>` User-Agent where the runtime allows it. */
  userAgent?: string;
  /** Retry policy of every call (per call: `options.retries`). */
  retryConfig?: RetryConfig;
  /** Gets one line per attempt (method, path, status, duration, attempt number); never
   * credentials. `console` works. */
  debugLogger?: DebugLogger;
}

/** Receives debug lines; `warn` (optional) receives the plain-http credentials warning. */
export interface DebugLogger {
  debug(...args: unknown[]): void;
  warn?(...args: unknown[]): void;
}
