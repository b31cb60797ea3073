// Every `@ts-expect-error` line must be a type error; tsc fails if one of them compiles.
import { AirbyteAPI } from "airbyte-api-wasm";

const a = new AirbyteAPI();
const id = "11111111-2222-4333-8444-555555555555";

export async function wrong(): Promise<void> {
  // @ts-expect-error limit must be a number
  await a.connections.listConnections({ limit: "50" });
  // @ts-expect-error unknown key (typo of workspaceIds)
  await a.connections.listConnections({ workspaceId: id });
  // @ts-expect-error workspaceIds is an array
  await a.connections.listConnections({ workspaceIds: id });
  // @ts-expect-error connectionId is required
  await a.connections.getConnection({});
  // @ts-expect-error the argument is required
  await a.connections.getConnection();
  // @ts-expect-error status is an enum
  await a.connections.patchConnection({ connectionId: id, connectionPatchRequest: { status: "paused" } });
  // @ts-expect-error the body goes under connectionPatchRequest
  await a.connections.patchConnection({ connectionId: id, status: "inactive" });
  // @ts-expect-error destinationId is required
  await a.connections.createConnection({ sourceId: id });
  // @ts-expect-error jobType is an enum
  await a.jobs.createJob({ connectionId: id, jobType: "bogus" });
  // @ts-expect-error jobId is a number
  await a.jobs.getJob({ jobId: "42" });
  // @ts-expect-error getHealthCheck takes only options
  await a.health.getHealthCheck({ foo: 1 });
  // @ts-expect-error timeoutMs is a number
  await a.tags.listTags({}, { timeoutMs: "5" });
  // @ts-expect-error unknown method
  await a.connections.listConnection();
  // @ts-expect-error unknown group
  void a.connection;
  // @ts-expect-error createdAtStart is a string or a Date
  await a.jobs.listJobs({ createdAtStart: 5 });
  // @ts-expect-error actorType is "source" | "destination"
  await a.workspaces.deleteWorkspaceOAuthCredentials({ workspaceId: id, actorType: "both", name: "x" });
  const c = await a.connections.getConnection({ connectionId: id });
  // @ts-expect-error results are typed
  const n: number = c.name;
  void n;
  const none = await a.connections.deleteConnection({ connectionId: id });
  // @ts-expect-error a 204 resolves to void
  none.toString();
}

export function badOptions(): void {
  // @ts-expect-error two security schemes
  new AirbyteAPI({ security: { bearerAuth: "a", basicAuth: { username: "u", password: "p" } } });
  // @ts-expect-error token must be a string
  new AirbyteAPI({ security: { bearerAuth: 5 } });
  // @ts-expect-error unknown option
  new AirbyteAPI({ serverURL: "https://x.example" });
  // @ts-expect-error only server 0 exists
  new AirbyteAPI({ serverIdx: 1 });
}
