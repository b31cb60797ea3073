// openapi-fetch typed with openapi-typescript output generated from the spec at
// bench time (bench/.gen/airbyte.d.ts). Compiled by tsc --strict into bench/.gen/out.
import createFetchClient from "openapi-fetch";
import type { paths } from "../.gen/airbyte.js";

/** The same arguments every client sends (bench/fixtures.mjs `ARGS`). */
export interface BenchArgs {
  get: { connectionId: string };
  list100: { limit: number; offset: number };
  list1000: { limit: number; offset: number };
  create: { sourceId: string; destinationId: string; name: string };
}

function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) {
    throw new Error(`HTTP ${r.response.status}: ${JSON.stringify(r.error)}`);
  }
  return r.data;
}

export function createClient(
  serverUrl: string,
  ARGS: BenchArgs,
  fetchImpl?: (input: Request) => Promise<Response>,
) {
  const client = createFetchClient<paths>({
    baseUrl: serverUrl,
    headers: { Authorization: "Bearer t" },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return {
    get: async () =>
      unwrap(
        await client.GET("/connections/{connectionId}", {
          params: { path: { connectionId: ARGS.get.connectionId } },
        }),
      ),
    list100: async () =>
      unwrap(await client.GET("/connections", { params: { query: ARGS.list100 } })),
    list1000: async () =>
      unwrap(await client.GET("/connections", { params: { query: ARGS.list1000 } })),
    create: async () => unwrap(await client.POST("/connections", { body: ARGS.create })),
  };
}
