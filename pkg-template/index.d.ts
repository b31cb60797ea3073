import type { AirbyteAPIOptions } from "./options.js";
import type {
  AirbyteGroups,
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

/** Client for the Airbyte public API. */
export declare class AirbyteAPI implements AirbyteGroups {
  /** Throws InvalidRequestError for bad options. */
  constructor(options?: AirbyteAPIOptions);
  readonly connections: ConnectionsApi;
  readonly declarativeSourceDefinitions: DeclarativeSourceDefinitionsApi;
  readonly destinationDefinitions: DestinationDefinitionsApi;
  readonly destinations: DestinationsApi;
  readonly health: HealthApi;
  readonly jobs: JobsApi;
  readonly organizations: OrganizationsApi;
  readonly permissions: PermissionsApi;
  readonly sourceDefinitions: SourceDefinitionsApi;
  readonly sources: SourcesApi;
  readonly streams: StreamsApi;
  readonly tags: TagsApi;
  readonly users: UsersApi;
  readonly workspaces: WorkspacesApi;
  toJSON(): { client: "AirbyteAPI" };
  toString(): string;
}
