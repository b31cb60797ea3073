import type { AirbyteAPIOptions, RequestOptions, RetryConfig } from "./options.js";
import type {
  AirbyteGroups,
  ConnectionResponse,
  DestinationResponse,
  JobResponse,
  ListConnectionsRequest,
  ListDestinationsRequest,
  ListJobsRequest,
  ListSourcesRequest,
  ListWorkspacesRequest,
  SourceResponse,
  WorkspaceResponse,
  ConnectionsApi,
  DeclarativeSourceDefinitionsApi,
  DestinationDefinitionsApi,
  DestinationsApi,
  HealthApi,
  JobsApi,
  OrganizationsApi,
  PermissionsApi,
  SourceDefinitionsApi,
  SourcesApi,
  StreamsApi,
  TagsApi,
  UsersApi,
  WorkspacesApi,
} from "./generated.js";

export * from "./generated.js";
export * from "./options.js";

/** Base class of every error a client method rejects with. */
export declare class AirbyteError extends Error {
  /** Number of requests sent, when known. */
  readonly attempts?: number;
}

/** The server answered with a non-2xx status. */
export declare class AirbyteApiError extends AirbyteError {
  readonly name: "AirbyteApiError";
  readonly statusCode: number;
  /** The exact response text ('' when empty). */
  readonly body: string;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** The error body, parsed from any of the shapes Airbyte sends; undefined for HTML/empty bodies. */
  readonly problem?: {
    status?: number;
    type?: string;
    title?: string;
    detail?: string;
    documentationUrl?: string;
    data?: unknown;
    messages?: string[];
  };
}

/** A 2xx body did not match the response schema. */
export declare class ResponseValidationError extends AirbyteError {
  readonly name: "ResponseValidationError";
  readonly rawBody: string;
  /** Where the first mismatch is, e.g. `data[3].connectionId` ('' for the whole body). */
  readonly path: string;
}

/** The request could not be sent or the response could not be read. */
export declare class ConnectionError extends AirbyteError {
  readonly name: "ConnectionError";
}

/** The timeout elapsed first. */
export declare class RequestTimeoutError extends AirbyteError {
  readonly name: "RequestTimeoutError";
}

/** The caller's AbortSignal fired. */
export declare class RequestAbortedError extends AirbyteError {
  readonly name: "RequestAbortedError";
}

/** Bad argument or options; nothing was sent. */
export declare class InvalidRequestError extends AirbyteError {
  readonly name: "InvalidRequestError";
  /** Dotted path of the first bad field, e.g. `connectionPatchRequest.status`. */
  readonly field: string;
}

/** `connections` with auto-pagination. */
export interface ConnectionsApiWithPaging extends ConnectionsApi {
  /** Every connection matching the request, fetched page by page (`limit` items per page,
   * default 100) from the client's own server. Rejects the iteration on the first error. */
  listConnectionsAll(request?: ListConnectionsRequest, options?: RequestOptions): AsyncIterable<ConnectionResponse>;
}

/** `sources` with auto-pagination. */
export interface SourcesApiWithPaging extends SourcesApi {
  /** Every source matching the request, page by page (see `listConnectionsAll`). */
  listSourcesAll(request?: ListSourcesRequest, options?: RequestOptions): AsyncIterable<SourceResponse>;
}

/** `destinations` with auto-pagination. */
export interface DestinationsApiWithPaging extends DestinationsApi {
  /** Every destination matching the request, page by page (see `listConnectionsAll`). */
  listDestinationsAll(request?: ListDestinationsRequest, options?: RequestOptions): AsyncIterable<DestinationResponse>;
}

/** `workspaces` with auto-pagination. */
export interface WorkspacesApiWithPaging extends WorkspacesApi {
  /** Every workspace matching the request, page by page (see `listConnectionsAll`). */
  listWorkspacesAll(request?: ListWorkspacesRequest, options?: RequestOptions): AsyncIterable<WorkspaceResponse>;
}

/** Options of `jobs.waitForJob`. */
export interface WaitForJobOptions {
  /** Pause between two polls, in milliseconds. Default 2000. */
  pollIntervalMs?: number;
  /** Give up after this many milliseconds in total (RequestTimeoutError). */
  timeoutMs?: number;
  /** Stops waiting (RequestAbortedError). */
  signal?: AbortSignal;
  /** Called with every polled job. */
  onProgress?: (job: JobResponse) => void;
  /** Retry policy of each poll (default: the client's). */
  retries?: RetryConfig;
  /** Extra headers of each poll. */
  headers?: Record<string, string>;
}

/** `jobs` with auto-pagination and job waiting. */
export interface JobsApiWithHelpers extends JobsApi {
  /** Every job matching the request, page by page (see `listConnectionsAll`). */
  listJobsAll(request?: ListJobsRequest, options?: RequestOptions): AsyncIterable<JobResponse>;
  /** Polls the job until it is succeeded, failed or cancelled, and resolves with it (failed and
   * cancelled resolve too). Transient poll errors are retried per the retry policy. */
  waitForJob(jobId: number, options?: WaitForJobOptions): Promise<JobResponse>;
}

/** Client for the Airbyte public API. */
export declare class AirbyteAPI implements AirbyteGroups {
  /** Throws InvalidRequestError for bad options. */
  constructor(options?: AirbyteAPIOptions);
  readonly connections: ConnectionsApiWithPaging;
  readonly declarativeSourceDefinitions: DeclarativeSourceDefinitionsApi;
  readonly destinationDefinitions: DestinationDefinitionsApi;
  readonly destinations: DestinationsApiWithPaging;
  readonly health: HealthApi;
  readonly jobs: JobsApiWithHelpers;
  readonly organizations: OrganizationsApi;
  readonly permissions: PermissionsApi;
  readonly sourceDefinitions: SourceDefinitionsApi;
  readonly sources: SourcesApiWithPaging;
  readonly streams: StreamsApi;
  readonly tags: TagsApi;
  readonly users: UsersApi;
  readonly workspaces: WorkspacesApiWithPaging;
  toJSON(): { client: "AirbyteAPI" };
  toString(): string;
}
