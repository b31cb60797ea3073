// This package, loaded through its `node` entry (pkg/node.js, built by `make build`).
import { ARGS } from "../fixtures.mjs";
import { PKG_NODE_URL } from "../paths.mjs";

/** `fetchImpl` (optional) is passed as the client's `fetch` option. */
export async function createClient(serverUrl, fetchImpl) {
  const { AirbyteAPI } = await import(PKG_NODE_URL.href);
  const api = new AirbyteAPI({
    serverUrl,
    security: { bearerAuth: "t" },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const c = api.connections;
  return {
    get: () => c.getConnection(ARGS.get),
    list100: () => c.listConnections(ARGS.list100),
    list1000: () => c.listConnections(ARGS.list1000),
    create: () => c.createConnection(ARGS.create),
  };
}
