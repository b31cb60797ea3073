// Canned-response Airbyte API server for the benchmark.
//
// Bodies are serialized once at start-up; a request costs a route match and a
// socket write. Keep-alive is on with long timeouts so no client pays for new
// connections. Run as its own process (`node bench/server.mjs`); it prints
// `LISTENING <port>` on stdout once ready.
//
// Routes (base path /v1):
//   GET  /v1/connections/{id}              -> one ConnectionResponse
//   GET  /v1/connections?offset=1000&...   -> ConnectionsResponse, 1,000 items
//   GET  /v1/connections?...               -> ConnectionsResponse, 100 items
//   POST /v1/connections                   -> ConnectionResponse (body must name sourceId/destinationId)
//   GET  /v1/health                        -> 200, empty body
//   GET  /__stats                          -> request counters (for the harness)
//
// BENCH_SERVER_FAULT (see below) breaks one body on purpose.
//
// Every /v1 request must carry `Authorization: Bearer t`; anything unexpected is
// answered with 4xx and counted in `bad`, so the harness can fail a run in which a
// client sent something wrong.
import http from "node:http";
import { cannedBodies, GET_CONNECTION_ID } from "./fixtures.mjs";

const json = (v) => Buffer.from(JSON.stringify(v));
const BODIES = cannedBodies();
// BENCH_SERVER_FAULT=<case>[,<case>…] makes those bodies lose a required field (`connectionId` of
// the object or of the last list item): the harness uses it to check that clients see bad data.
for (const fault of (process.env.BENCH_SERVER_FAULT ?? "").split(",")) {
  if (!(fault in BODIES)) continue;
  const v = JSON.parse(BODIES[fault].toString("utf8"));
  delete (Array.isArray(v.data) ? v.data[v.data.length - 1] : v).connectionId;
  BODIES[fault] = json(v);
}
const HEADERS = (len) => ({ "content-type": "application/json", "content-length": String(len) });

const stats = { get: 0, list100: 0, list1000: 0, create: 0, health: 0, bad: 0, badSamples: [] };

function bad(res, status, why, req) {
  stats.bad++;
  if (stats.badSamples.length < 10) stats.badSamples.push(`${req.method} ${req.url}: ${why}`);
  const body = Buffer.from(JSON.stringify({ status, title: "bench server", detail: why }));
  res.writeHead(status, { "content-type": "application/problem+json", "content-length": String(body.length) });
  res.end(body);
}

function send(res, key) {
  stats[key]++;
  const body = BODIES[key];
  res.writeHead(200, HEADERS(body.length));
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (path === "/__stats") {
    const body = Buffer.from(JSON.stringify(stats));
    res.writeHead(200, HEADERS(body.length));
    res.end(body);
    return;
  }
  if (path === "/v1/health") {
    stats.health++;
    res.writeHead(200, { "content-length": "0" });
    res.end();
    return;
  }
  if (req.headers.authorization !== "Bearer t") return bad(res, 401, "missing or wrong bearer token", req);
  if (req.method === "GET" && path === `/v1/connections/${GET_CONNECTION_ID}`) return send(res, "get");
  if (req.method === "GET" && path === "/v1/connections") {
    const params = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    if (params.get("limit") !== "100") return bad(res, 400, "limit must be 100", req);
    return send(res, params.get("offset") === "1000" ? "list1000" : "list100");
  }
  if (req.method === "POST" && path === "/v1/connections") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return bad(res, 400, "body is not JSON", req);
      }
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
        return bad(res, 415, "content-type is not application/json", req);
      if (typeof body?.sourceId !== "string" || typeof body?.destinationId !== "string")
        return bad(res, 400, "sourceId/destinationId missing", req);
      send(res, "create");
    });
    return;
  }
  bad(res, 404, "no such route", req);
});
server.keepAliveTimeout = 600_000;
server.headersTimeout = 601_000;
server.requestTimeout = 0;

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  process.stdout.write(`LISTENING ${typeof addr === "object" && addr ? addr.port : port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
process.on("disconnect", () => process.exit(0));
