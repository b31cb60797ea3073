// The harness's cold-start cases alone (bench/run.mjs coldNode, coldWorkerd + coldWorkerdBundled,
// coldWorkerdDirect) against the canned server, for before/after comparisons in one sitting:
//   node bench/cold/cold-only.mjs [nodeRuns=21] [workerdRuns=11]   (BENCH_PKG_DIR selects a build)
// Prints medians as JSON. Same scripts and measures as the full run.
import { fileURLToPath } from "node:url";
import { startServer } from "../canned-server.mjs";
import { runNode } from "../node-child.mjs";
import { BENCH_DIR, PKG_NODE_URL } from "../paths.mjs";
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { coldWorkerdDirect } from "./workerd-direct.mjs";
import { bundleWorker, stageWorkers } from "./stage.mjs";
import { median } from "../stats.mjs";

const P = (u) => fileURLToPath(u);
const nodeRuns = Number(process.argv[2] ?? 21);
const workerdRuns = Number(process.argv[3] ?? 11);

const server = await startServer();
try {
  const url = server.url;
  const out = {};
  if (nodeRuns > 0) {
    const kinds = ["fetch", "pkg"];
    const runs = { fetch: [], pkg: [] };
    const script = P(new URL("cold/node-cold.mjs", BENCH_DIR));
    for (let i = 0; i < nodeRuns; i++)
      for (let j = 0; j < 2; j++) {
        const k = kinds[(i + j) % 2];
        runs[k].push((await runNode([script, k, url, GET_CONNECTION_ID, PKG_NODE_URL.href], { cwd: P(BENCH_DIR) })).ms);
      }
    out.node = { fetch: median(runs.fetch), pkg: median(runs.pkg), overFetchMs: median(runs.pkg) - median(runs.fetch) };
  }
  if (workerdRuns > 0) {
    // Miniflare two ways in one interleaved loop, as bench/run.mjs: module auto-discovery
    // (`miniflare`, results.json coldWorkerd) and the worker bundled as `wrangler dev` does it
    // (`miniflareBundled`, coldWorkerdBundled).
    const { Miniflare } = await import("miniflare");
    const kinds = ["fetch", "pkg"];
    const configs = ["auto", "bundled"];
    const staged = stageWorkers();
    const common = { compatibilityDate: "2026-04-01", bindings: { SERVER_URL: url, CONNECTION_ID: GET_CONNECTION_ID } };
    const options = { auto: {}, bundled: {} };
    const runs = { auto: { fetch: [], pkg: [] }, bundled: { fetch: [], pkg: [] } };
    for (const k of kinds) {
      options.auto[k] = {
        ...common,
        modules: true,
        modulesRoot: staged.dir,
        modulesRules: [
          { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
          { type: "CompiledWasm", include: ["**/*.wasm"] },
        ],
        scriptPath: `${staged.dir}/worker-${k}.mjs`,
      };
      const b = await bundleWorker(staged.dir, k);
      options.bundled[k] = { ...common, modulesRoot: b.modulesRoot, modules: b.modules };
    }
    const variants = configs.flatMap((c) => kinds.map((k) => [c, k]));
    for (let i = 0; i < workerdRuns; i++)
      for (let j = 0; j < variants.length; j++) {
        const [c, k] = variants[(i + j) % variants.length];
        const t0 = performance.now();
        const mf = new Miniflare(options[c][k]);
        await mf.ready;
        const t1 = performance.now();
        const body = await (await mf.dispatchFetch("http://bench.local/")).json();
        const t2 = performance.now();
        await mf.dispose();
        if (!body.ok) throw new Error(JSON.stringify(body));
        runs[c][k].push([t1 - t0, t2 - t1, t2 - t0]);
      }
    staged.cleanup();
    for (const [c, key] of [["auto", "miniflare"], ["bundled", "miniflareBundled"]]) {
      const m = (k, i) => median(runs[c][k].map((r) => r[i]));
      out[key] = {
        readyOver: m("pkg", 0) - m("fetch", 0),
        firstOver: m("pkg", 1) - m("fetch", 1),
        overFetchMs: m("pkg", 2) - m("fetch", 2),
        fetchTotal: m("fetch", 2),
        pkgTotal: m("pkg", 2),
        minOver: Math.min(...runs[c].pkg.map((r) => r[2])) - Math.min(...runs[c].fetch.map((r) => r[2])),
      };
    }
    out.workerdBinary = await coldWorkerdDirect({ serverUrl: url, connectionId: GET_CONNECTION_ID, runs: workerdRuns });
  }
  console.log(JSON.stringify(out, (k, v) => (typeof v === "number" ? +v.toFixed(2) : v)));
} finally {
  server.stop();
}
