// Deterministic, spec-conformant response bodies for the canned server.
// Every item is a full `ConnectionResponse`: all required and all optional
// scalar fields set, a schedule, two configured streams and a tag.

/** A UUID-shaped id derived from a namespace digit and a counter. */
export function uuid(ns, i) {
  const h = (i >>> 0).toString(16).padStart(12, "0");
  return `${ns}${ns}${ns}${ns}${ns}${ns}${ns}${ns}-0ab1-4f72-9ed7-${h}`;
}

export const WORKSPACE_ID = uuid("7", 1);
export const SOURCE_ID = uuid("5", 1);
export const DESTINATION_ID = uuid("d", 1);
export const GET_CONNECTION_ID = uuid("c", 42);

function stream(name, cursor, pk, fields) {
  return {
    name,
    namespace: "public",
    syncMode: "incremental_deduped_history",
    cursorField: [cursor],
    primaryKey: [[pk]],
    includeFiles: false,
    selectedFields: fields.map((f) => ({ fieldPath: [f] })),
  };
}

/** One full ConnectionResponse object (about 1 KB of JSON). */
export function connection(i) {
  return {
    connectionId: uuid("c", i),
    name: `Postgres-to-BigQuery ${i}`,
    sourceId: uuid("5", i),
    destinationId: uuid("d", i),
    workspaceId: WORKSPACE_ID,
    status: "active",
    schedule: { scheduleType: "cron", cronExpression: "0 0 * * * ?" },
    nonBreakingSchemaUpdatesBehavior: "propagate_columns",
    namespaceDefinition: "custom_format",
    namespaceFormat: "${SOURCE_NAMESPACE}",
    prefix: "raw_",
    configurations: {
      streams: [
        stream("users", "updated_at", "id", ["id", "email", "updated_at"]),
        stream("orders", "updated_at", "order_id", ["order_id", "user_id", "total"]),
      ],
    },
    createdAt: 1764400000 + i,
    tags: [
      { tagId: uuid("a", i), workspaceId: WORKSPACE_ID, name: "production", color: "#FF5733" },
    ],
    statusReason: "",
  };
}

export function connectionsPage(n, offset) {
  const data = [];
  for (let i = 0; i < n; i++) data.push(connection(offset + i));
  return {
    previous: offset > 0 ? `https://api.airbyte.com/v1/connections?limit=100&offset=${Math.max(0, offset - 100)}` : undefined,
    next: `https://api.airbyte.com/v1/connections?limit=100&offset=${offset + n}`,
    data,
  };
}

/** The four canned response bodies, serialized (what the server sends). */
export function cannedBodies() {
  const json = (v) => Buffer.from(JSON.stringify(v));
  return {
    get: json(connection(42)),
    list100: json(connectionsPage(100, 0)),
    list1000: json(connectionsPage(1000, 1000)),
    create: json({ ...connection(7), name: "bench-connection" }),
  };
}

/** Request arguments used by every client. `list1000` uses offset=1000 as the server's switch. */
export const ARGS = {
  get: { connectionId: GET_CONNECTION_ID },
  list100: { limit: 100, offset: 0 },
  list1000: { limit: 100, offset: 1000 },
  create: { sourceId: SOURCE_ID, destinationId: DESTINATION_ID, name: "bench-connection" },
};

/** What each case must return, checked on every smoke call and on sampled full-mode calls. */
export const EXPECT = {
  get: (r) => r && r.connectionId === GET_CONNECTION_ID && r.configurations.streams.length === 2,
  list100: (r) => r && Array.isArray(r.data) && r.data.length === 100 && r.data[99].connectionId === uuid("c", 99),
  list1000: (r) => r && Array.isArray(r.data) && r.data.length === 1000 && r.data[999].connectionId === uuid("c", 1999),
  create: (r) => r && r.connectionId === uuid("c", 7) && r.name === "bench-connection",
};

export const CASES = ["get", "list100", "list1000", "create"];
export const CASE_LABEL = {
  get: "getConnection (1 object)",
  list100: "listConnections (100 items)",
  list1000: "listConnections (1,000 items)",
  create: "createConnection",
};
