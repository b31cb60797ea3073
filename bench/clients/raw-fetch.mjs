// The floor: a bare `fetch` + `res.json()` with the same headers the SDKs send.
import { ARGS } from "../fixtures.mjs";

/** `fetchImpl` replaces the global fetch (the in-memory transport run uses it). */
export function createClient(serverUrl, fetchImpl = globalThis.fetch) {
  const fetch = fetchImpl;
  const headers = { authorization: "Bearer t", accept: "application/json" };
  const postHeaders = { ...headers, "content-type": "application/json" };
  async function json(res) {
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  }
  const listUrl = (a) => `${serverUrl}/connections?limit=${a.limit}&offset=${a.offset}`;
  return {
    get: async () =>
      json(await fetch(`${serverUrl}/connections/${encodeURIComponent(ARGS.get.connectionId)}`, { headers })),
    list100: async () => json(await fetch(listUrl(ARGS.list100), { headers })),
    list1000: async () => json(await fetch(listUrl(ARGS.list1000), { headers })),
    create: async () =>
      json(
        await fetch(`${serverUrl}/connections`, {
          method: "POST",
          headers: postHeaders,
          body: JSON.stringify(ARGS.create),
        }),
      ),
  };
}
