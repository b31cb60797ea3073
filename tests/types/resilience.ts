// Compiles only if the resilience API (retries, logger, pagination, waitForJob) is typed as
// documented. Never executed.
import {
  AirbyteAPI,
  type ConnectionResponse,
  type DestinationResponse,
  type JobResponse,
  type RetryConfig,
  type SourceResponse,
  type WaitForJobOptions,
  type WorkspaceResponse,
} from "airbyte-api-wasm";

const retryConfig: RetryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 500, maxInterval: 8000, exponent: 2, maxElapsedTime: 30000 },
  maxRetries: 2,
  retryConnectionErrors: true,
};
const client = new AirbyteAPI({ security: { bearerAuth: "t" }, retryConfig, debugLogger: console });
// @ts-expect-error debugLogger needs debug()
new AirbyteAPI({ debugLogger: { info() {} } });
// @ts-expect-error unknown strategy
const badRetry: RetryConfig = { strategy: "sometimes" };
void badRetry;

export async function paging(signal: AbortSignal): Promise<number> {
  let n = 0;
  for await (const c of client.connections.listConnectionsAll({ limit: 50 }, { signal, retries: { strategy: "none" } })) {
    const x: ConnectionResponse = c;
    n += x.name.length;
  }
  const s: AsyncIterable<SourceResponse> = client.sources.listSourcesAll();
  const d: AsyncIterable<DestinationResponse> = client.destinations.listDestinationsAll({ workspaceIds: ["w"] });
  const j: AsyncIterable<JobResponse> = client.jobs.listJobsAll({ status: "running" });
  const w: AsyncIterable<WorkspaceResponse> = client.workspaces.listWorkspacesAll();
  void [s, d, j, w];
  // @ts-expect-error the iterable yields items, not pages
  const wrong: AsyncIterable<{ data: unknown[] }> = client.connections.listConnectionsAll();
  void wrong;
  return n;
}

export async function waiting(): Promise<string> {
  const opts: WaitForJobOptions = { pollIntervalMs: 1000, timeoutMs: 60000, onProgress: (j) => void j.status };
  const job: JobResponse = await client.jobs.waitForJob(42, opts);
  // @ts-expect-error jobId is a number
  await client.jobs.waitForJob("42");
  return job.status;
}
