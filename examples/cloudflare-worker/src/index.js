// A narrow JSON API in front of Airbyte for browser apps. The Airbyte client credentials stay in
// the Worker (secrets); the page only ever talks to this Worker, and only from ALLOWED_ORIGIN.
//
//   GET  /workspaces/:workspaceId/connections[?limit=&offset=]  → { data: [...], nextOffset? }
//   POST /connections/:connectionId/sync                         → the new job
//   GET  /jobs/:jobId                                            → the job
//
// Errors are JSON: { error: { status, message, field?, upstreamStatus? } }.
import {
  AirbyteAPI,
  AirbyteApiError,
  InvalidRequestError,
  RequestTimeoutError,
} from "airbyte-api-wasm";

// One client per isolate: it caches the access token between requests. The env a request
// brings is the same for every request of a deployment, so the first one builds the client.
let client;
function airbyte(env) {
  if (client === undefined) {
    if (!env.AIRBYTE_CLIENT_ID || !env.AIRBYTE_CLIENT_SECRET) {
      throw new HttpError(500, "the Worker has no AIRBYTE_CLIENT_ID / AIRBYTE_CLIENT_SECRET secrets");
    }
    try {
      client = new AirbyteAPI({
        serverUrl: env.AIRBYTE_SERVER_URL || "https://api.airbyte.com/v1",
        security: {
          clientCredentials: { clientId: env.AIRBYTE_CLIENT_ID, clientSecret: env.AIRBYTE_CLIENT_SECRET },
        },
        timeoutMs: 20_000,
      });
    } catch (err) {
      // A bad AIRBYTE_SERVER_URL, for instance: the deployment's fault, not the caller's.
      throw new HttpError(500, `the Worker's Airbyte configuration is invalid: ${err.message}`);
    }
  }
  return client;
}

class HttpError extends Error {
  constructor(status, message, extra = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

const ROUTES = [
  { method: "GET", pattern: /^\/workspaces\/([^/]+)\/connections$/, handler: listConnections },
  { method: "POST", pattern: /^\/connections\/([^/]+)\/sync$/, handler: triggerSync },
  { method: "GET", pattern: /^\/jobs\/([^/]+)$/, handler: getJob },
];

async function listConnections(api, [workspaceId], url) {
  const limit = intParam(url, "limit", 20, 1, 100);
  const offset = intParam(url, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
  const page = await api.connections.listConnections({ workspaceIds: [workspaceId], limit, offset });
  // Airbyte's `next` is an absolute URL of the Airbyte API; the browser gets an offset instead.
  const body = { data: page.data };
  if (page.next) body.nextOffset = offset + page.data.length;
  return body;
}

async function triggerSync(api, [connectionId]) {
  return api.jobs.createJob({ connectionId, jobType: "sync" });
}

async function getJob(api, [jobId]) {
  if (!/^[0-9]{1,15}$/.test(jobId)) throw new HttpError(400, "jobId must be a number", { field: "jobId" });
  return api.jobs.getJob({ jobId: Number(jobId) });
}

function intParam(url, name, fallback, min, max) {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^[0-9]+$/.test(raw) || n < min || n > max) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`, { field: name });
  }
  return n;
}

// ---- CORS: exactly one origin ----------------------------------------------------------------

function corsHeaders(origin) {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
  };
}

function json(status, body, extraHeaders = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", Vary: "Origin", ...extraHeaders },
  });
}

function errorBody(status, message, extra = {}) {
  return { error: { status, message, ...extra } };
}

// ---- errors → HTTP ---------------------------------------------------------------------------

function toResponse(err) {
  if (err instanceof HttpError) return [err.status, errorBody(err.status, err.message, err.extra)];
  if (err instanceof URIError) return [400, errorBody(400, "malformed percent-encoding in the path")];
  if (err instanceof InvalidRequestError) {
    // The package checks ids (UUIDs), enums and ranges before sending anything.
    return [400, errorBody(400, err.message, { field: err.field })];
  }
  if (err instanceof AirbyteApiError) {
    const upstream = err.statusCode;
    const detail = err.problem?.detail || err.problem?.title || err.message;
    // 401/403 mean the Worker's own credentials are wrong: not something the browser can fix.
    if (upstream === 401 || upstream === 403) {
      return [502, errorBody(502, "the Worker could not authenticate to Airbyte", { upstreamStatus: upstream })];
    }
    if (upstream >= 400 && upstream < 500) {
      return [upstream, errorBody(upstream, detail, { upstreamStatus: upstream })];
    }
    return [502, errorBody(502, `Airbyte answered ${upstream}`, { upstreamStatus: upstream })];
  }
  if (err instanceof RequestTimeoutError) return [504, errorBody(504, "Airbyte did not answer in time")];
  // ConnectionError, ResponseValidationError and anything unexpected. The message of a package
  // error never contains credentials, but keep the browser-facing text generic anyway.
  console.error("airbyte proxy error:", err && err.name, err && err.message);
  return [502, errorBody(502, "Airbyte could not be reached or sent an unexpected answer")];
}

export default {
  async fetch(request, env) {
    const allowed = env.ALLOWED_ORIGIN;
    const origin = request.headers.get("Origin");
    if (!allowed) return json(500, errorBody(500, "the Worker has no ALLOWED_ORIGIN configured"));

    // Browsers send Origin on every cross-origin call; a different origin gets no CORS headers
    // and a 403, so its page can neither read the answer nor make the Worker act for it.
    if (origin !== null && origin !== allowed) {
      return json(403, errorBody(403, "origin not allowed"));
    }
    const cors = origin === null ? {} : corsHeaders(allowed);

    if (request.method === "OPTIONS") {
      if (origin === null) return json(400, errorBody(400, "not a CORS preflight"));
      return new Response(null, { status: 204, headers: { ...cors, Vary: "Origin" } });
    }

    const url = new URL(request.url);
    const matches = ROUTES.filter((r) => r.pattern.test(url.pathname));
    if (matches.length === 0) return json(404, errorBody(404, "no such route"), cors);
    const route = matches.find((r) => r.method === request.method);
    if (!route) {
      const allow = [...matches.map((r) => r.method), "OPTIONS"].join(", ");
      return json(405, errorBody(405, `use ${allow}`), { ...cors, Allow: allow });
    }

    try {
      const params = route.pattern.exec(url.pathname).slice(1).map(decodeURIComponent);
      const body = await route.handler(airbyte(env), params, url);
      return json(200, body, cors);
    } catch (err) {
      const [status, body] = toResponse(err);
      return json(status, body, cors);
    }
  },
};
