// The same checks as the openapi-typescript consumer that bench.sh compares against
// (defaulted fields filled in, since that generator makes them required).
import type {
  DestinationBigquery,
  DestinationCreateRequest,
  SourceCreateRequest,
  SourcePostgres,
} from "airbyte-api-wasm";
const workspaceId = "9924bcd0-99be-453d-ba47-c2c9766f7da5";
export const pg: SourceCreateRequest = {
  name: "pg",
  workspaceId,
  configuration: {
    sourceType: "postgres", host: "db", port: 5432, database: "app", username: "u", password: "p", entra_service_principal_auth: false, schemas: ["public"],
    ssl_mode: { mode: "verify-ca", ca_certificate: "c" },
    replication_method: { method: "Standard" },
  },
};
export const bq: DestinationCreateRequest = {
  name: "bq",
  workspaceId,
  configuration: { destinationType: "bigquery", project_id: "p", dataset_id: "d", dataset_location: "EU", cdc_deletion_mode: "Soft delete", disable_type_dedupe: false },
};
export const typo: SourceCreateRequest = {
  name: "pg", workspaceId,
  // @ts-expect-error typo
  configuration: { sourceType: "postgres", hots: "h", port: 5432, database: "d", username: "u" },
};
export const badEnum: SourcePostgres = {
  sourceType: "postgres", host: "h", port: 5432, database: "d", username: "u",
  // @ts-expect-error enum
  ssl_mode: { mode: "verify_full", ca_certificate: "c" },
};
// @ts-expect-error missing
export const missing: DestinationBigquery = { destinationType: "bigquery", project_id: "p", dataset_location: "EU" };
