// A local recording HTTP server for the node tests: records every request and answers from a
// queue of canned replies (or a default 200 `{}`).
import http from "node:http";

export const WS = "3f1e2a9c-6b1d-4c3e-9f0a-1b2c3d4e5f60";
export const WS2 = "7a8b9c0d-1e2f-4a5b-8c6d-7e8f9a0b1c2d";
export const SRC = "11111111-2222-4333-8444-555555555555";
export const DST = "66666666-7777-4888-9999-aaaaaaaaaaaa";
export const CONN = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
export const DEF = "0a0b0c0d-0e0f-4a1b-8c1d-1e1f2a2b2c2d";
export const USER = "12345678-90ab-4cde-8f01-234567890abc";
export const ORG = "fedcba98-7654-4321-8fed-cba987654321";
export const PERM = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
export const TAG = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";

/** Spec-conformant bodies, one per response schema (required fields plus some optional ones). */
export const bodies = {
  ConnectionResponse: {
    connectionId: CONN, name: "pg-to-bq", sourceId: SRC, destinationId: DST, workspaceId: WS,
    status: "active", schedule: { scheduleType: "manual" }, configurations: { streams: [] },
    createdAt: 1700000000, tags: [],
  },
  SourceResponse: {
    sourceId: SRC, name: "pg", sourceType: "postgres", definitionId: DEF, workspaceId: WS,
    configuration: { sourceType: "postgres", host: "db" }, createdAt: 1700000000,
  },
  DestinationResponse: {
    destinationId: DST, name: "bq", destinationType: "bigquery", definitionId: DEF, workspaceId: WS,
    configuration: { destinationType: "bigquery" }, createdAt: 1700000000,
  },
  JobResponse: {
    jobId: 42, status: "running", jobType: "sync", startTime: "2024-01-01T00:00:00Z", connectionId: CONN,
  },
  DefinitionResponse: { id: DEF, name: "custom", dockerRepository: "me/src", dockerImageTag: "1.0" },
  DeclarativeSourceDefinitionResponse: { id: DEF, name: "decl", manifest: { version: "6.0.0" }, version: 1 },
  WorkspaceResponse: { workspaceId: WS, name: "ws", dataResidency: "auto", notifications: {} },
  PermissionResponse: { permissionId: PERM, permissionType: "workspace_admin", userId: USER, workspaceId: WS },
  TagResponse: { tagId: TAG, name: "prod", color: "FF0000", workspaceId: WS },
  OrganizationResponse: { organizationId: ORG, organizationName: "org", email: "a@b.example" },
  UserResponse: { id: USER, name: "Ada", email: "ada@b.example" },
};
const list = (item, n = 2) => ({ data: Array.from({ length: n }, () => item), next: "https://next.example/" });
Object.assign(bodies, {
  ConnectionsResponse: list(bodies.ConnectionResponse),
  SourcesResponse: list(bodies.SourceResponse),
  DestinationsResponse: list(bodies.DestinationResponse),
  JobsResponse: list(bodies.JobResponse),
  DefinitionsResponse: list(bodies.DefinitionResponse),
  DeclarativeSourceDefinitionsResponse: list(bodies.DeclarativeSourceDefinitionResponse),
  WorkspacesResponse: list(bodies.WorkspaceResponse),
  PermissionsResponse: {
    data: [{ permissionId: PERM, permissionType: "workspace_admin", userId: USER, scope: "workspace", scopeId: WS }],
  },
  TagsResponse: { data: [bodies.TagResponse] },
  OrganizationsResponse: { data: [bodies.OrganizationResponse] },
  UsersResponse: { data: [bodies.UserResponse] },
  StreamPropertiesResponse: [{ streamName: "users", syncModes: ["full_refresh_overwrite"] }],
});

/**
 * Start the server. `srv.reply(...)` queues a reply: `{ status, body, headers, delayMs }` or a
 * function `(req, rec) => reply`. `srv.requests` holds `{ method, path, query, rawQuery, headers, body }`.
 */
export async function startServer() {
  const requests = [];
  const queue = [];
  let fallback = null;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const u = new URL(req.url, "http://x");
      const rec = {
        method: req.method,
        path: u.pathname,
        rawPath: req.url.split("?")[0],
        rawQuery: req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "",
        query: [...u.searchParams.entries()],
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(rec);
      let r = queue.length ? queue.shift() : fallback ?? { status: 200, body: {} };
      if (typeof r === "function") r = await r(req, rec);
      if (r.destroy) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        const body =
          r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
        const headers = { ...(r.body !== undefined && typeof r.body !== "string" ? { "content-type": "application/json" } : {}), ...(r.headers ?? {}) };
        res.writeHead(r.status ?? 200, headers);
        res.end(body);
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(...rs) {
      queue.push(...rs);
    },
    setFallback(r) {
      fallback = r;
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      fallback = null;
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((ok) => server.close(ok));
    },
  };
}

/** A JWT-shaped token (unsigned) whose `exp` is `expSeconds`. */
export function jwt(expSeconds, extra = {}) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64({ exp: expSeconds, ...extra })}.sig`;
}
