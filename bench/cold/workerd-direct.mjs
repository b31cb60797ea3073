// Workerd cold start without Miniflare: the `workerd` binary itself (the npm package Miniflare
// uses), started with a config that embeds the worker's modules, timed from spawn until the
// first request (one getConnection against the canned server) has answered. The package's worker
// runs twice: as the package's own modules, and bundled as `wrangler deploy` bundles it.
//
// Why: Miniflare's own start-up cost grows with the bytes of the worker's modules (its capnp
// config serializer grows a single-segment arena by copying it on every allocation, and it
// parses every JS module with acorn to find imports), which is host-side Node work that a
// deployed worker never pays. Both workers here go through the same path: a config file in a
// temporary directory, the same modules copied next to it, the same socket and polling.
//
//   node bench/cold/workerd-direct.mjs [runs=11]        (BENCH_PKG_DIR selects another build)
// or import { coldWorkerdDirect } and pass the bench server's URL (bench/run.mjs does).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker, pkgWorkerFiles, stageWorkers } from "./stage.mjs";
import { median } from "../stats.mjs";

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// `bundled`: the names of the files bundleWorker wrote for the package's worker (the bundle first).
function config(kind, port, serverUrl, connectionId, bundled) {
  const mod = (name, file = name) =>
    name.endsWith(".wasm") ? `(name = "${name}", wasm = embed "${file}")` : `(name = "${name}", esModule = embed "${file}")`;
  const modules =
    kind === "pkg-bundled"
      ? bundled.map((f, i) => mod(i === 0 ? "worker.mjs" : f, `bundled-pkg/${f}`))
      : [mod("worker.mjs", `worker-${kind}.mjs`), ...(kind === "pkg" ? pkgWorkerFiles().map((f) => mod(f)) : [])];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w), (name = "net", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ ${modules.join(", ")} ],
  compatibilityDate = "2026-04-01",
  globalOutbound = "net",
  bindings = [ (name = "SERVER_URL", text = ${JSON.stringify(serverUrl)}), (name = "CONNECTION_ID", text = ${JSON.stringify(connectionId)}) ],
);
`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One cold start: spawn → first response. Returns ms. */
async function once(bin, dir, kind, serverUrl, connectionId, bundled) {
  const port = await freePort();
  const cfg = join(dir, `${kind}-${port}.capnp`);
  writeFileSync(cfg, config(kind, port, serverUrl, connectionId, bundled));
  const t0 = performance.now();
  const child = spawn(bin, ["serve", cfg, "--experimental"], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  let exited = false;
  child.once("exit", () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`workerd exited: ${err.trim().slice(-600)}`);
      if (performance.now() - t0 > 20_000) throw new Error("workerd did not answer within 20 s");
      let res;
      try {
        res = await fetch(`http://127.0.0.1:${port}/`);
      } catch {
        await sleep(0.5);
        continue;
      }
      const body = await res.json();
      const ms = performance.now() - t0;
      if (!body.ok) throw new Error(`worker answered ${JSON.stringify(body)}`);
      return ms;
    }
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
  }
}

/** Interleaved runs of the plain-fetch worker and (withPkg) the package's worker twice: as the
 * package's modules (`pkg`, a hand-written workerd config) and bundled as `wrangler deploy` bundles
 * it (`pkg-bundled`: one ESM file and the `.wasm`, stage.mjs's bundleWorker). */
export async function coldWorkerdDirect({ serverUrl, connectionId, runs, withPkg = true }) {
  const bin = (await import("workerd")).default.default;
  const { dir, cleanup } = stageWorkers({ withPkg });
  try {
    const bundled = withPkg ? (await bundleWorker(dir, "pkg")).files.map((f) => f.name) : undefined;
    const kinds = withPkg ? ["fetch", "pkg", "pkg-bundled"] : ["fetch"];
    const runsBy = Object.fromEntries(kinds.map((k) => [k, []]));
    for (let i = 0; i < runs; i++) {
      for (let j = 0; j < kinds.length; j++) {
        const k = kinds[(i + j) % kinds.length];
        runsBy[k].push(await once(bin, dir, k, serverUrl, connectionId, bundled));
      }
    }
    const base = median(runsBy.fetch);
    return Object.fromEntries(
      kinds.map((k) => [
        k,
        {
          n: runsBy[k].length,
          totalMs: median(runsBy[k]),
          minMs: Math.min(...runsBy[k]),
          overFetchMs: median(runsBy[k]) - base,
          samplesMs: runsBy[k].map((x) => +x.toFixed(2)), // in run order
        },
      ]),
    );
  } finally {
    cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { GET_CONNECTION_ID } = await import("../fixtures.mjs");
  const { startServer } = await import("../canned-server.mjs");
  const server = await startServer();
  try {
    const res = await coldWorkerdDirect({
      serverUrl: server.url,
      connectionId: GET_CONNECTION_ID,
      runs: Number(process.argv[2] ?? 11),
    });
    console.log(JSON.stringify(res, (k, v) => (typeof v === "number" ? +v.toFixed(2) : v)));
  } finally {
    server.stop();
  }
}
