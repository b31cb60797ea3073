// Compiles only if every method is typed as documented. Never executed.
import {
  AirbyteAPI,
  AirbyteError,
  AirbyteApiError,
  ResponseValidationError,
  InvalidRequestError,
  RequestTimeoutError,
  RequestAbortedError,
  ConnectionError,
  type ConnectionResponse,
  type ConnectionsResponse,
  type JobResponse,
  type JobStatusEnum,
  type RequestOptions,
  type AirbyteAPIOptions,
  type SourceResponse,
  type StreamPropertiesResponse,
} from "airbyte-api-wasm";

const ws = "3f1e2a9c-6b1d-4c3e-9f0a-1b2c3d4e5f60";
const id = "11111111-2222-4333-8444-555555555555";
const opts: RequestOptions = { timeoutMs: 5000, signal: new AbortController().signal, headers: { "X-A": "b" } };
const clientOptions: AirbyteAPIOptions = {
  serverUrl: "https://api.airbyte.com/v1",
  security: { clientCredentials: { clientId: "a", clientSecret: "b", tokenUrl: "/applications/token" } },
  headers: { "X-Trace": "1" },
  fetch: (input, init) => fetch(input, init),
  timeoutMs: 1000,
  userAgent: "me/1",
};
const a = new AirbyteAPI(clientOptions);
new AirbyteAPI();
new AirbyteAPI({ serverIdx: 0, security: { bearerAuth: "t" } });
new AirbyteAPI({ security: { basicAuth: { username: "u", password: "p" } } });

const manifest = { version: "6.0.0" };
const oauth = { actorType: "source" as const, name: "github" as const, configuration: { clientId: "x" } };

export async function everything(): Promise<void> {
  // connections
  const conn: ConnectionResponse = await a.connections.createConnection(
    { sourceId: id, destinationId: id, name: "Postgres-to-Bigquery", namespaceFormat: "${SOURCE_NAMESPACE}" },
    opts,
  );
  const page: ConnectionsResponse = await a.connections.listConnections({ workspaceIds: [ws], limit: 50 });
  await a.connections.listConnections();
  await a.connections.getConnection({ connectionId: conn.connectionId });
  await a.connections.patchConnection({ connectionId: conn.connectionId, connectionPatchRequest: { status: "inactive" } });
  const gone: void = await a.connections.deleteConnection({ connectionId: id });
  void page;
  void gone;
  // declarativeSourceDefinitions
  await a.declarativeSourceDefinitions.listDeclarativeSourceDefinitions({ workspaceId: ws });
  await a.declarativeSourceDefinitions.createDeclarativeSourceDefinition({
    workspaceId: ws,
    createDeclarativeSourceDefinitionRequest: { name: "d", manifest },
  });
  await a.declarativeSourceDefinitions.getDeclarativeSourceDefinition({ workspaceId: ws, definitionId: id });
  await a.declarativeSourceDefinitions.updateDeclarativeSourceDefinition({
    workspaceId: ws,
    definitionId: id,
    updateDeclarativeSourceDefinitionRequest: { manifest },
  });
  await a.declarativeSourceDefinitions.deleteDeclarativeSourceDefinition({ workspaceId: ws, definitionId: id });
  // destinationDefinitions / sourceDefinitions
  const def = { name: "c", dockerRepository: "me/x", dockerImageTag: "1" };
  await a.destinationDefinitions.listDestinationDefinitions({ workspaceId: ws });
  await a.destinationDefinitions.createDestinationDefinition({ workspaceId: ws, createDefinitionRequest: def });
  await a.destinationDefinitions.getDestinationDefinition({ workspaceId: ws, definitionId: id });
  await a.destinationDefinitions.updateDestinationDefinition({
    workspaceId: ws,
    definitionId: id,
    updateDefinitionRequest: { name: "c", dockerImageTag: "2" },
  });
  await a.destinationDefinitions.deleteDestinationDefinition({ workspaceId: ws, definitionId: id });
  await a.sourceDefinitions.listSourceDefinitions({ workspaceId: ws });
  await a.sourceDefinitions.createSourceDefinition({ workspaceId: ws, createDefinitionRequest: def });
  await a.sourceDefinitions.getSourceDefinition({ workspaceId: ws, definitionId: id });
  await a.sourceDefinitions.updateSourceDefinition({
    workspaceId: ws,
    definitionId: id,
    updateDefinitionRequest: { name: "c", dockerImageTag: "2" },
  });
  await a.sourceDefinitions.deleteSourceDefinition({ workspaceId: ws, definitionId: id });
  // destinations
  const dconf = { destinationType: "bigquery", project_id: "p", dataset_id: "d", dataset_location: "US" } as const;
  await a.destinations.listDestinations({ workspaceIds: [ws], includeDeleted: true, limit: 10, offset: 0 });
  await a.destinations.createDestination({ name: "bq", workspaceId: ws, configuration: dconf });
  await a.destinations.getDestination({ destinationId: id, includeSecretCoordinates: false });
  await a.destinations.deleteDestination({ destinationId: id });
  await a.destinations.patchDestination({ destinationId: id, destinationPatchRequest: { name: "x" } });
  await a.destinations.putDestination({ destinationId: id, destinationPutRequest: { name: "x", configuration: dconf } });
  // health
  const h: void = await a.health.getHealthCheck(opts);
  void h;
  // jobs
  const status: JobStatusEnum = "running";
  await a.jobs.listJobs({ connectionId: id, status, createdAtStart: new Date(), updatedAtEnd: "2024-01-01T00:00:00Z" });
  const job: JobResponse = await a.jobs.createJob({ connectionId: id, jobType: "sync" });
  await a.jobs.getJob({ jobId: job.jobId });
  await a.jobs.cancelJob({ jobId: job.jobId });
  // organizations
  await a.organizations.listOrganizationsForUser();
  const o: unknown = await a.organizations.createOrUpdateOrganizationOAuthCredentials({
    organizationId: id,
    organizationOAuthCredentialsRequest: oauth,
  });
  void o;
  await a.organizations.deleteOrganizationOAuthCredentials({ organizationId: id, actorType: "source", name: "github" });
  // permissions
  await a.permissions.getPermission({ permissionId: id });
  await a.permissions.updatePermission({ permissionId: id, permissionUpdateRequest: { permissionType: "workspace_reader" } });
  await a.permissions.deletePermission({ permissionId: id });
  await a.permissions.listPermissions({ userId: id });
  await a.permissions.createPermission({ permissionType: "workspace_admin", userId: id, workspaceId: ws });
  // sources
  const sconf = { sourceType: "postgres", host: "db", port: 5432, database: "app", username: "u" } as const;
  await a.sources.listSources({ workspaceIds: [ws] });
  const s: SourceResponse = await a.sources.createSource({ name: "pg", workspaceId: ws, configuration: sconf });
  await a.sources.getSource({ sourceId: s.sourceId });
  await a.sources.patchSource({ sourceId: id, sourcePatchRequest: { name: "pg2" } });
  await a.sources.putSource({ sourceId: id, sourcePutRequest: { name: "pg3", configuration: sconf } });
  await a.sources.deleteSource({ sourceId: id });
  await a.sources.initiateOAuth({ redirectUrl: "https://a.example/cb", workspaceId: ws, sourceType: "github" });
  // streams
  const props: StreamPropertiesResponse = await a.streams.getStreamProperties({ sourceId: id, ignoreCache: true });
  void props;
  // tags
  await a.tags.listTags({ workspaceIds: [ws] });
  await a.tags.createTag({ name: "t", color: "FF0000", workspaceId: ws });
  await a.tags.getTag({ tagId: id });
  await a.tags.deleteTag({ tagId: id });
  await a.tags.updateTag({ tagId: id, tagPatchRequest: { name: "t", color: "00FF00" } });
  // users
  await a.users.listUsersWithinAnOrganization({ organizationId: id, emails: ["a@b.example"] });
  // workspaces
  await a.workspaces.listWorkspaces({ limit: 1 });
  await a.workspaces.createWorkspace({ name: "w" });
  await a.workspaces.getWorkspace({ workspaceId: ws });
  await a.workspaces.updateWorkspace({ workspaceId: ws, workspaceUpdateRequest: { name: "w2" } });
  await a.workspaces.deleteWorkspace({ workspaceId: ws });
  await a.workspaces.createOrUpdateWorkspaceOAuthCredentials({ workspaceId: ws, workspaceOAuthCredentialsRequest: oauth });
  await a.workspaces.deleteWorkspaceOAuthCredentials({ workspaceId: ws, actorType: "destination", name: "gcs" });
}

export function errors(e: unknown): string {
  if (e instanceof AirbyteApiError) {
    const n: number = e.statusCode;
    const b: string = e.body;
    const h: Record<string, string> = e.headers;
    return `${n} ${b} ${Object.keys(h).length} ${e.problem?.detail ?? ""}`;
  }
  if (e instanceof ResponseValidationError) return `${e.path} ${e.rawBody}`;
  if (e instanceof InvalidRequestError) return e.field;
  if (e instanceof RequestTimeoutError || e instanceof RequestAbortedError || e instanceof ConnectionError) {
    return e.name;
  }
  if (e instanceof AirbyteError) return `${e.message} ${e.attempts ?? 0}`;
  return "";
}
