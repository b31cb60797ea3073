// Compiles with `tsc --strict` against the package's declarations: typed connector
// configurations accepted where they should be, rejected (@ts-expect-error) where not.
import type {
  AirbyteGroups,
  AnySourceConfiguration,
  DestinationBigquery,
  DestinationConfiguration,
  DestinationCreateRequest,
  SourceConfiguration,
  SourceConfigurationFor,
  SourceConfigurationInput,
  SourceCreateRequest,
  SourcePostgres,
  SourceResponse,
  SourceType,
} from "airbyte-api-wasm";
// @ts-expect-error shared nested shapes are not part of the API (their names are not stable)
import type { TunnelMethod } from "airbyte-api-wasm";
type PostgresTunnel = SourceConfigurationFor<"postgres">["tunnel_method"];

declare const api: AirbyteGroups;
const workspaceId = "9924bcd0-99be-453d-ba47-c2c9766f7da5";

// --- A correct postgres source and a correct bigquery destination -----------------------
const postgres: SourcePostgres = {
  sourceType: "postgres",
  host: "db.internal",
  port: 5432,
  database: "app",
  username: "airbyte",
  password: "secret",
  schemas: ["public"],
  ssl_mode: { mode: "verify-ca", ca_certificate: "-----BEGIN CERTIFICATE-----" },
  replication_method: { method: "CDC", replication_slot: "slot", publication: "pub" },
  tunnel_method: {
    tunnel_method: "SSH_KEY_AUTH",
    tunnel_host: "bastion",
    tunnel_port: 22,
    tunnel_user: "me",
    ssh_key: "key",
  },
};
void api.sources.createSource({ name: "pg", workspaceId, configuration: postgres });
// Inline, as most callers write it.
void api.sources.createSource({
  name: "pg",
  workspaceId,
  configuration: { sourceType: "postgres", host: "h", port: 5432, database: "d", username: "u" },
});

const bigquery: DestinationBigquery = {
  destinationType: "bigquery",
  project_id: "proj",
  dataset_id: "raw",
  dataset_location: "EU",
  loading_method: {
    method: "GCS Staging",
    gcs_bucket_name: "b",
    gcs_bucket_path: "p",
    credential: { credential_type: "HMAC_KEY", hmac_key_access_id: "id", hmac_key_secret: "s" },
  },
};
const destinationRequest: DestinationCreateRequest = {
  name: "bq",
  workspaceId,
  configuration: bigquery,
};
void api.destinations.createDestination(destinationRequest);

// Each union narrows by its discriminator.
function describe(c: SourceConfiguration): string {
  if (c.sourceType === "postgres") return `${c.host}:${c.port}/${c.database}`;
  return c.sourceType;
}
function project(c: DestinationConfiguration): string | undefined {
  return c.destinationType === "bigquery" ? c.project_id : undefined;
}
const st: SourceType = "postgres";
void [describe(postgres), project(bigquery), st];

// --- Misspelled key, wrong enum value, missing required field ---------------------------
void api.sources.createSource({
  name: "pg",
  workspaceId,
  // @ts-expect-error misspelled key `hots`
  configuration: { sourceType: "postgres", hots: "h", port: 5432, database: "d", username: "u" },
});
const wrongEnum: SourcePostgres = {
  sourceType: "postgres",
  host: "h",
  port: 5432,
  database: "d",
  username: "u",
  // @ts-expect-error "verify_full" is not one of the ssl modes
  ssl_mode: { mode: "verify_full", ca_certificate: "c" },
};
// @ts-expect-error missing required `dataset_id`
const missing: DestinationBigquery = {
  destinationType: "bigquery",
  project_id: "proj",
  dataset_location: "EU",
};
const badLocation: DestinationCreateRequest = {
  name: "bq",
  workspaceId,
  configuration: {
    destinationType: "bigquery",
    project_id: "p",
    dataset_id: "d",
    // @ts-expect-error not a dataset location
    dataset_location: "mars-north1",
  },
};
// @ts-expect-error a sourceType nobody knows is not silently accepted
const unknownType: SourceCreateRequest = { name: "x", workspaceId, configuration: { sourceType: "postgress" } };
// @ts-expect-error the discriminator is required on a known connector interface
const noDiscriminator: SourcePostgres = { host: "h", port: 1, database: "d", username: "u" };
// @ts-expect-error nested objects have no index signature either
const nestedTypo: SourcePostgres = { ...postgres, replication_method: { method: "Xmin", extra: 1 } };
void [wrongEnum, missing, badLocation, unknownType, noDiscriminator, nestedTypo];

// --- Escape hatches for connectors this package does not know ---------------------------
// 1. No sourceType: the connector is named by definitionId; the configuration is unchecked.
void api.sources.createSource({
  name: "custom",
  workspaceId,
  definitionId: "11111111-2222-3333-4444-555555555555",
  configuration: { api_key: "k", anything: { nested: [1, 2] } },
});
// 2. Anything else unchecked, on purpose: a value typed as a plain record (here, a sourceType
//    newer than this package).
void api.sources.createSource({
  name: "new",
  workspaceId,
  configuration: { sourceType: "brand-new-connector", token: "t" } as Record<string, unknown>,
});
void api.destinations.createDestination({
  name: "new",
  workspaceId,
  configuration: { destinationType: "my-warehouse", url: "u" } as Record<string, unknown>,
});
// @ts-expect-error ... but not silently
void api.sources.createSource({ name: "new", workspaceId, configuration: { sourceType: "brand-new-connector", token: "t" } });
// 3. Data typed as a plain record already (parsed JSON, a config file).
const fromFile: Record<string, unknown> = JSON.parse('{"sourceType":"whatever"}');
void api.sources.createSource({ name: "f", workspaceId, configuration: fromFile });

// --- put and patch ------------------------------------------------------------------------
void api.sources.putSource({
  sourceId: "s",
  sourcePutRequest: { name: "pg", configuration: postgres },
});
void api.sources.patchSource({
  sourceId: "s",
  sourcePatchRequest: { configuration: { sourceType: "postgres", password: "rotated" } },
});
void api.sources.patchSource({
  sourceId: "s",
  // @ts-expect-error a patch is still checked against the connector's keys
  sourcePatchRequest: { configuration: { sourceType: "postgres", pasword: "rotated" } },
});
void api.sources.patchSource({
  sourceId: "s",
  // @ts-expect-error a bigquery key on a postgres patch
  sourcePatchRequest: { configuration: { sourceType: "postgres", project_id: "p" } },
});
void api.sources.patchSource({
  sourceId: "s",
  // @ts-expect-error wrong value type in a patch
  sourcePatchRequest: { configuration: { sourceType: "postgres", port: "5432" } },
});
void api.destinations.patchDestination({
  destinationId: "d",
  destinationPatchRequest: { configuration: { destinationType: "bigquery", dataset_id: "x" } },
});
void api.destinations.putDestination({
  destinationId: "d",
  // @ts-expect-error put needs the full configuration
  destinationPutRequest: { name: "bq", configuration: { destinationType: "bigquery", dataset_id: "x" } },
});

// --- Responses: wide, narrowed on purpose -------------------------------------------------
async function read(): Promise<number> {
  const src: SourceResponse = await api.sources.getSource({ sourceId: "s" });
  const any: AnySourceConfiguration = src.configuration;
  const type: string | undefined = any.sourceType;
  if (src.sourceType === "postgres") {
    const pg = src.configuration as SourceConfigurationFor<"postgres">;
    return pg.port + (type ? 0 : 1);
  }
  // @ts-expect-error the response side does not pretend to know the connector
  return src.configuration.port;
}
void read;
const noTunnel: PostgresTunnel = { tunnel_method: "NO_TUNNEL" };
void noTunnel;

// Read, change, write back: the wide response type goes back in through an explicit cast.
async function rotate(): Promise<void> {
  const src = await api.sources.getSource({ sourceId: "s" });
  const cfg = src.configuration as SourceConfigurationFor<"postgres">;
  await api.sources.putSource({
    sourceId: "s",
    sourcePutRequest: { name: src.name, configuration: { ...cfg, password: "new" } },
  });
  // @ts-expect-error unchecked response data does not flow into a request silently
  await api.sources.putSource({ sourceId: "s", sourcePutRequest: { name: src.name, configuration: src.configuration } });
  await api.sources.putSource({
    sourceId: "s",
    sourcePutRequest: { name: src.name, configuration: src.configuration as SourceConfigurationInput },
  });
}
void rotate;

// --- Building a configuration away from the call ------------------------------------------
// `satisfies` (or an annotation) keeps the literal types; a bare object widens `sourceType`
// to string, which is neither a known connector nor a marked custom one.
const viaSatisfies = {
  sourceType: "postgres",
  host: "h",
  port: 5432,
  database: "d",
  username: "u",
} satisfies SourceConfiguration;
void api.sources.createSource({ name: "pg", workspaceId, configuration: viaSatisfies });
const widened = { sourceType: "postgres", host: "h", port: 5432, database: "d", username: "u" };
// @ts-expect-error sourceType widened to string: annotate, use `satisfies` or `as const`
void api.sources.createSource({ name: "pg", workspaceId, configuration: widened });
const viaConst = { sourceType: "postgres", host: "h", port: 5432, database: "d", username: "u" } as const;
void api.sources.createSource({ name: "pg", workspaceId, configuration: viaConst });
