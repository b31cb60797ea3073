// Each line marked with an expect comment (code, then a quoted name) must fail with that code (checked by run.sh); the
// messages must name the offending key or value. Nothing else in this file may fail.
import type { DestinationBigquery, SourceCreateRequest, SourcePostgres } from "airbyte-api-wasm";

const base = { sourceType: "postgres", port: 5432, database: "d", username: "u" } as const;
export const typo: SourceCreateRequest = {
  name: "pg",
  workspaceId: "w",
  configuration: { ...base, host: "h", hots: "h" }, // expect TS2353 'hots'
};
export const badEnum: SourcePostgres = { ...base, host: "h", ssl_mode: { mode: "verify_full", ca_certificate: "c" } }; // expect TS2820 '"verify_full"'
export const missing: DestinationBigquery = { destinationType: "bigquery", project_id: "p", dataset_location: "EU" }; // expect TS2741 'dataset_id'
