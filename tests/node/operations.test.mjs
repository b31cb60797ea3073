// Every one of the 60 operations, called with typed arguments against the recording server;
// each recorded request is checked field by field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AirbyteAPI } from "../../pkg/node.js";
import {
  startServer, bodies as B, WS, WS2, SRC, DST, CONN, DEF, USER, ORG, PERM, TAG,
} from "./server.mjs";

let srv;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());

const manifest = { version: "6.0.0", type: "DeclarativeSource" };
const oauthConf = { clientId: "x", clientSecret: "y" };

// [group, method, args, expected { method, path, query, body }, reply, expected result]
// `body` undefined = no body sent. `reply` undefined = 204 empty.
const CASES = [
  ["connections", "createConnection",
    [{ sourceId: SRC, destinationId: DST, name: "Postgres-to-Bigquery", namespaceFormat: "${SOURCE_NAMESPACE}" }],
    { method: "POST", path: "/v1/connections", query: [],
      body: { sourceId: SRC, destinationId: DST, name: "Postgres-to-Bigquery", namespaceFormat: "${SOURCE_NAMESPACE}" } },
    B.ConnectionResponse],
  ["connections", "listConnections",
    [{ workspaceIds: [WS, WS2], tagIds: [TAG], includeDeleted: true, limit: 50, offset: 10 }],
    { method: "GET", path: "/v1/connections",
      query: [["workspaceIds", WS], ["workspaceIds", WS2], ["tagIds", TAG], ["includeDeleted", "true"], ["limit", "50"], ["offset", "10"]] },
    B.ConnectionsResponse],
  ["connections", "getConnection", [{ connectionId: CONN }],
    { method: "GET", path: `/v1/connections/${CONN}`, query: [] }, B.ConnectionResponse],
  ["connections", "patchConnection",
    [{ connectionId: CONN, connectionPatchRequest: { status: "inactive", schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" } } }],
    { method: "PATCH", path: `/v1/connections/${CONN}`, query: [],
      body: { status: "inactive", schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" } } },
    B.ConnectionResponse],
  ["connections", "deleteConnection", [{ connectionId: CONN }],
    { method: "DELETE", path: `/v1/connections/${CONN}`, query: [] }, undefined],

  ["declarativeSourceDefinitions", "listDeclarativeSourceDefinitions", [{ workspaceId: WS }],
    { method: "GET", path: `/v1/workspaces/${WS}/definitions/declarative_sources`, query: [] },
    B.DeclarativeSourceDefinitionsResponse],
  ["declarativeSourceDefinitions", "createDeclarativeSourceDefinition",
    [{ workspaceId: WS, createDeclarativeSourceDefinitionRequest: { name: "decl", manifest } }],
    { method: "POST", path: `/v1/workspaces/${WS}/definitions/declarative_sources`, query: [],
      body: { name: "decl", manifest } },
    B.DeclarativeSourceDefinitionResponse],
  ["declarativeSourceDefinitions", "getDeclarativeSourceDefinition", [{ workspaceId: WS, definitionId: DEF }],
    { method: "GET", path: `/v1/workspaces/${WS}/definitions/declarative_sources/${DEF}`, query: [] },
    B.DeclarativeSourceDefinitionResponse],
  ["declarativeSourceDefinitions", "updateDeclarativeSourceDefinition",
    [{ workspaceId: WS, definitionId: DEF, updateDeclarativeSourceDefinitionRequest: { manifest } }],
    { method: "PUT", path: `/v1/workspaces/${WS}/definitions/declarative_sources/${DEF}`, query: [], body: { manifest } },
    B.DeclarativeSourceDefinitionResponse],
  ["declarativeSourceDefinitions", "deleteDeclarativeSourceDefinition", [{ workspaceId: WS, definitionId: DEF }],
    { method: "DELETE", path: `/v1/workspaces/${WS}/definitions/declarative_sources/${DEF}`, query: [] },
    B.DeclarativeSourceDefinitionResponse],
];

for (const [kind, group] of [["destinations", "destinationDefinitions"], ["sources", "sourceDefinitions"]]) {
  const cap = kind === "sources" ? "Source" : "Destination";
  const base = `/v1/workspaces/${WS}/definitions/${kind}`;
  CASES.push(
    [group, `list${cap}Definitions`, [{ workspaceId: WS }], { method: "GET", path: base, query: [] }, B.DefinitionsResponse],
    [group, `create${cap}Definition`,
      [{ workspaceId: WS, createDefinitionRequest: { name: "custom", dockerRepository: "me/src", dockerImageTag: "1.0" } }],
      { method: "POST", path: base, query: [], body: { name: "custom", dockerRepository: "me/src", dockerImageTag: "1.0" } },
      B.DefinitionResponse],
    [group, `get${cap}Definition`, [{ workspaceId: WS, definitionId: DEF }],
      { method: "GET", path: `${base}/${DEF}`, query: [] }, B.DefinitionResponse],
    [group, `update${cap}Definition`,
      [{ workspaceId: WS, definitionId: DEF, updateDefinitionRequest: { name: "custom", dockerImageTag: "1.1" } }],
      { method: "PUT", path: `${base}/${DEF}`, query: [], body: { name: "custom", dockerImageTag: "1.1" } },
      B.DefinitionResponse],
    [group, `delete${cap}Definition`, [{ workspaceId: WS, definitionId: DEF }],
      { method: "DELETE", path: `${base}/${DEF}`, query: [] }, B.DefinitionResponse],
  );
}

const srcConf = { sourceType: "postgres", host: "db", port: 5432 };
const dstConf = { destinationType: "bigquery", dataset_id: "d" };
CASES.push(
  ["destinations", "listDestinations", [{ workspaceIds: [WS], includeDeleted: false, limit: 1, offset: 0 }],
    { method: "GET", path: "/v1/destinations",
      query: [["workspaceIds", WS], ["includeDeleted", "false"], ["limit", "1"], ["offset", "0"]] },
    B.DestinationsResponse],
  ["destinations", "createDestination", [{ name: "bq", workspaceId: WS, configuration: dstConf }],
    { method: "POST", path: "/v1/destinations", query: [], body: { name: "bq", workspaceId: WS, configuration: dstConf } },
    B.DestinationResponse],
  ["destinations", "getDestination", [{ destinationId: DST, includeSecretCoordinates: true }],
    { method: "GET", path: `/v1/destinations/${DST}`, query: [["includeSecretCoordinates", "true"]] }, B.DestinationResponse],
  ["destinations", "deleteDestination", [{ destinationId: DST }],
    { method: "DELETE", path: `/v1/destinations/${DST}`, query: [] }, undefined],
  ["destinations", "patchDestination", [{ destinationId: DST, destinationPatchRequest: { name: "bq2" } }],
    { method: "PATCH", path: `/v1/destinations/${DST}`, query: [], body: { name: "bq2" } }, B.DestinationResponse],
  ["destinations", "putDestination",
    [{ destinationId: DST, destinationPutRequest: { name: "bq3", configuration: dstConf } }],
    { method: "PUT", path: `/v1/destinations/${DST}`, query: [], body: { name: "bq3", configuration: dstConf } },
    B.DestinationResponse],

  ["health", "getHealthCheck", [], { method: "GET", path: "/v1/health", query: [], noAuth: true, noAccept: true },
    { status: 200, body: "" }],

  ["jobs", "listJobs",
    [{ connectionId: CONN, limit: 5, offset: 5, jobType: "sync", workspaceIds: [WS], status: "failed",
      createdAtStart: new Date("2024-01-02T03:04:05Z"), createdAtEnd: "2024-02-01T00:00:00Z", orderBy: "updatedAt|DESC" }],
    { method: "GET", path: "/v1/jobs",
      query: [["connectionId", CONN], ["limit", "5"], ["offset", "5"], ["jobType", "sync"], ["workspaceIds", WS],
        ["status", "failed"], ["createdAtStart", "2024-01-02T03:04:05.000Z"], ["createdAtEnd", "2024-02-01T00:00:00Z"],
        ["orderBy", "updatedAt|DESC"]] },
    B.JobsResponse],
  ["jobs", "createJob", [{ connectionId: CONN, jobType: "sync" }],
    { method: "POST", path: "/v1/jobs", query: [], body: { connectionId: CONN, jobType: "sync" } }, B.JobResponse],
  ["jobs", "getJob", [{ jobId: 42 }], { method: "GET", path: "/v1/jobs/42", query: [] }, B.JobResponse],
  ["jobs", "cancelJob", [{ jobId: 42 }], { method: "DELETE", path: "/v1/jobs/42", query: [] }, B.JobResponse],

  ["organizations", "listOrganizationsForUser", [], { method: "GET", path: "/v1/organizations", query: [] },
    B.OrganizationsResponse],
  ["organizations", "createOrUpdateOrganizationOAuthCredentials",
    [{ organizationId: ORG, organizationOAuthCredentialsRequest: { actorType: "source", name: "github", configuration: oauthConf } }],
    { method: "PUT", path: `/v1/organizations/${ORG}/oauthCredentials`, query: [],
      body: { actorType: "source", name: "github", configuration: oauthConf } },
    { status: 200, body: "" }],
  ["organizations", "deleteOrganizationOAuthCredentials", [{ organizationId: ORG, actorType: "destination", name: "a b/ü" }],
    { method: "DELETE", path: `/v1/organizations/${ORG}/oauthCredentials/destination/a b/ü`,
      rawPath: `/v1/organizations/${ORG}/oauthCredentials/destination/a%20b%2F%C3%BC`, query: [] },
    undefined],

  ["permissions", "getPermission", [{ permissionId: PERM }],
    { method: "GET", path: `/v1/permissions/${PERM}`, query: [] }, B.PermissionResponse],
  ["permissions", "updatePermission", [{ permissionId: PERM, permissionUpdateRequest: { permissionType: "workspace_reader" } }],
    { method: "PATCH", path: `/v1/permissions/${PERM}`, query: [], body: { permissionType: "workspace_reader" } },
    B.PermissionResponse],
  ["permissions", "deletePermission", [{ permissionId: PERM }],
    { method: "DELETE", path: `/v1/permissions/${PERM}`, query: [] }, undefined],
  ["permissions", "listPermissions", [{ userId: USER, organizationId: ORG }],
    { method: "GET", path: "/v1/permissions", query: [["userId", USER], ["organizationId", ORG]] }, B.PermissionsResponse],
  ["permissions", "createPermission", [{ permissionType: "workspace_admin", userId: USER, workspaceId: WS }],
    { method: "POST", path: "/v1/permissions", query: [], body: { permissionType: "workspace_admin", userId: USER, workspaceId: WS } },
    B.PermissionResponse],

  ["sources", "listSources", [{ workspaceIds: [WS], includeDeleted: true, limit: 100, offset: 3 }],
    { method: "GET", path: "/v1/sources",
      query: [["workspaceIds", WS], ["includeDeleted", "true"], ["limit", "100"], ["offset", "3"]] },
    B.SourcesResponse],
  ["sources", "createSource", [{ name: "pg", workspaceId: WS, definitionId: DEF, configuration: srcConf }],
    { method: "POST", path: "/v1/sources", query: [], body: { name: "pg", workspaceId: WS, definitionId: DEF, configuration: srcConf } },
    B.SourceResponse],
  ["sources", "getSource", [{ sourceId: SRC }], { method: "GET", path: `/v1/sources/${SRC}`, query: [] }, B.SourceResponse],
  ["sources", "patchSource", [{ sourceId: SRC, sourcePatchRequest: { name: "pg2", configuration: srcConf } }],
    { method: "PATCH", path: `/v1/sources/${SRC}`, query: [], body: { name: "pg2", configuration: srcConf } }, B.SourceResponse],
  ["sources", "putSource", [{ sourceId: SRC, sourcePutRequest: { name: "pg3", configuration: srcConf } }],
    { method: "PUT", path: `/v1/sources/${SRC}`, query: [], body: { name: "pg3", configuration: srcConf } }, B.SourceResponse],
  ["sources", "deleteSource", [{ sourceId: SRC }], { method: "DELETE", path: `/v1/sources/${SRC}`, query: [] }, undefined],
  ["sources", "initiateOAuth",
    [{ redirectUrl: "https://app.example/cb", workspaceId: WS, sourceType: "github" }],
    { method: "POST", path: "/v1/sources/initiateOAuth", query: [],
      body: { redirectUrl: "https://app.example/cb", workspaceId: WS, sourceType: "github" } },
    { status: 200, body: { consentUrl: "https://github.example/oauth" } }],

  ["streams", "getStreamProperties", [{ sourceId: SRC, destinationId: DST, ignoreCache: true }],
    { method: "GET", path: "/v1/streams", query: [["sourceId", SRC], ["destinationId", DST], ["ignoreCache", "true"]] },
    B.StreamPropertiesResponse],

  ["tags", "listTags", [{ workspaceIds: [WS, WS2] }],
    { method: "GET", path: "/v1/tags", query: [["workspaceIds", WS], ["workspaceIds", WS2]] }, B.TagsResponse],
  ["tags", "createTag", [{ name: "prod", color: "FF0000", workspaceId: WS }],
    { method: "POST", path: "/v1/tags", query: [], body: { name: "prod", color: "FF0000", workspaceId: WS } }, B.TagResponse],
  ["tags", "getTag", [{ tagId: TAG }], { method: "GET", path: `/v1/tags/${TAG}`, query: [] }, B.TagResponse],
  ["tags", "deleteTag", [{ tagId: TAG }], { method: "DELETE", path: `/v1/tags/${TAG}`, query: [] }, undefined],
  ["tags", "updateTag", [{ tagId: TAG, tagPatchRequest: { name: "dev", color: "00FF00" } }],
    { method: "PATCH", path: `/v1/tags/${TAG}`, query: [], body: { name: "dev", color: "00FF00" } }, B.TagResponse],

  ["users", "listUsersWithinAnOrganization", [{ organizationId: ORG, ids: [USER], emails: ["ada@b.example"] }],
    { method: "GET", path: "/v1/users", query: [["organizationId", ORG], ["ids", USER], ["emails", "ada@b.example"]] },
    B.UsersResponse],

  ["workspaces", "listWorkspaces", [{ workspaceIds: [WS], includeDeleted: false, limit: 20, offset: 0 }],
    { method: "GET", path: "/v1/workspaces",
      query: [["workspaceIds", WS], ["includeDeleted", "false"], ["limit", "20"], ["offset", "0"]] },
    B.WorkspacesResponse],
  ["workspaces", "createWorkspace", [{ name: "ws", organizationId: ORG }],
    { method: "POST", path: "/v1/workspaces", query: [], body: { name: "ws", organizationId: ORG } }, B.WorkspaceResponse],
  ["workspaces", "getWorkspace", [{ workspaceId: WS }], { method: "GET", path: `/v1/workspaces/${WS}`, query: [] },
    B.WorkspaceResponse],
  ["workspaces", "updateWorkspace", [{ workspaceId: WS, workspaceUpdateRequest: { name: "ws2" } }],
    { method: "PATCH", path: `/v1/workspaces/${WS}`, query: [], body: { name: "ws2" } }, B.WorkspaceResponse],
  ["workspaces", "deleteWorkspace", [{ workspaceId: WS }], { method: "DELETE", path: `/v1/workspaces/${WS}`, query: [] },
    undefined],
  ["workspaces", "createOrUpdateWorkspaceOAuthCredentials",
    [{ workspaceId: WS, workspaceOAuthCredentialsRequest: { actorType: "destination", name: "gcs", configuration: oauthConf } }],
    { method: "PUT", path: `/v1/workspaces/${WS}/oauthCredentials`, query: [],
      body: { actorType: "destination", name: "gcs", configuration: oauthConf } },
    { status: 200, body: { ok: true } }],
  ["workspaces", "deleteWorkspaceOAuthCredentials", [{ workspaceId: WS, actorType: "source", name: "github" }],
    { method: "DELETE", path: `/v1/workspaces/${WS}/oauthCredentials/source/github`, query: [] }, undefined],
);

test("the case table covers all 60 operations exactly once", () => {
  const c = new AirbyteAPI();
  const all = [];
  for (const g of Object.keys(c)) for (const m of Object.keys(c[g])) all.push(`${g}.${m}`);
  assert.equal(all.length, 60);
  assert.deepEqual(CASES.map(([g, m]) => `${g}.${m}`).sort(), all.sort());
});

for (const [group, name, args, exp, reply] of CASES) {
  test(`${group}.${name} sends the documented request`, { timeout: 5000 }, async () => {
    srv.reset();
    const client = new AirbyteAPI({
      serverUrl: `${srv.url}/v1/`,
      security: { bearerAuth: "tok-123" },
      headers: { "X-Client": "yes" },
    });
    const r =
      reply === undefined ? { status: 204 } : typeof reply.status === "number" ? reply : { status: 200, body: reply };
    srv.reply(r);
    const result = await client[group][name](...args, { headers: { "X-Call": "1" } });
    assert.equal(srv.requests.length, 1);
    const q = srv.requests[0];
    assert.equal(q.method, exp.method);
    assert.equal(decodeURIComponent(q.rawPath), exp.path);
    if (exp.rawPath) assert.equal(q.rawPath, exp.rawPath);
    assert.deepEqual(q.query, exp.query);
    const h = q.headers;
    assert.equal(h["user-agent"], "airbyte-api-wasm/0.1.0");
    assert.equal(h["x-client"], "yes");
    assert.equal(h["x-call"], "1");
    assert.equal(h.authorization, exp.noAuth ? undefined : "Bearer tok-123");
    const emptyResult = reply === undefined || exp.noAccept;
    assert.equal(h.accept, emptyResult ? (h.accept === undefined ? undefined : "*/*") : "application/json");
    if (exp.body === undefined) {
      assert.equal(q.body, "");
      assert.equal(h["content-type"], undefined);
    } else {
      assert.equal(h["content-type"], "application/json");
      assert.deepEqual(JSON.parse(q.body), exp.body);
      assert.equal(q.body, JSON.stringify(JSON.parse(q.body)), "compact JSON body");
    }
    if (reply === undefined || (r.body === "")) assert.equal(result, undefined);
    else assert.deepEqual(result, r.body);
  });
}
