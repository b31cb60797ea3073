// The harness's Miniflare cold starts (bench/run.mjs runs this in a child process of its own, so
// that the Miniflare instances do not slow down the per-call phases that follow).
//
//   node bench/cold/miniflare-cold.mjs <serverUrl> <rounds> [pkg|fetch-only]
//
// Prints one JSON object: { result: { auto, bundled, fixed }, errors: [{ what, message }] }.
// `result` is null when a case failed. Three Miniflare configurations, both workers (plain fetch,
// the package) in each, every (configuration, worker) pair once per round, order rotating:
//   auto     `modules: true` + `scriptPath` + `modulesRules`: Miniflare finds the worker's modules
//            itself (it parses every JS module with acorn in the host process) and lists them in
//            discovery order. Unchanged since the first harness (results.json → coldWorkerd).
//   bundled  what `wrangler dev` hands Miniflare: the worker bundled by esbuild into one ESM file,
//            then the `.wasm` as a CompiledWasm module, as an explicit `modules` list
//            (stage.mjs bundleWorker; results.json → coldWorkerdBundled). Bundling is done once,
//            before the loop: it is wrangler's build step, not the worker's cold start.
//   fixed    the same bundled worker in a copy of the installed Miniflare whose config serializer
//            grows its buffer by doubling instead of by 4 KiB, each growth a copy of the whole
//            buffer (miniflare-fixed.mjs; results.json → coldWorkerdFixed): how much of the
//            `bundled` figure is that host-side copy (cloudflare/workers-sdk#15271).
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { loadFixedMiniflare } from "./miniflare-fixed.mjs";
import { bundleWorker, stageWorkers } from "./stage.mjs";
import { median } from "../stats.mjs";

const CONFIGS = ["auto", "bundled", "fixed"];
const MODULES_RULES = [
  { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
  { type: "CompiledWasm", include: ["**/*.wasm"] },
];

export async function coldMiniflare({ serverUrl, rounds, withPkg, fail }) {
  const { Miniflare } = await import("miniflare");
  let fixed;
  try {
    fixed = loadFixedMiniflare().Miniflare;
  } catch (e) {
    fail("cold start workerd: Miniflare with the serializer fix", e);
    return null;
  }
  const miniflare = { auto: Miniflare, bundled: Miniflare, fixed };
  const kinds = ["fetch", ...(withPkg ? ["pkg"] : [])];
  // Both workers from one temporary directory next to the build under test (BENCH_PKG_DIR).
  const staged = stageWorkers({ withPkg });
  const common = { compatibilityDate: "2026-04-01", bindings: { SERVER_URL: serverUrl, CONNECTION_ID: GET_CONNECTION_ID } };
  const options = Object.fromEntries(CONFIGS.map((c) => [c, {}]));
  const runs = Object.fromEntries(CONFIGS.map((c) => [c, {}]));
  try {
    for (const k of kinds) {
      options.auto[k] = { ...common, modules: true, modulesRoot: staged.dir, modulesRules: MODULES_RULES, scriptPath: `${staged.dir}/worker-${k}.mjs` };
      const b = await bundleWorker(staged.dir, k);
      options.bundled[k] = { ...common, modulesRoot: b.modulesRoot, modules: b.modules };
      options.fixed[k] = options.bundled[k];
      for (const c of CONFIGS) runs[c][k] = [];
    }
  } catch (e) {
    staged.cleanup();
    fail("cold start workerd: staging or bundling the workers", e);
    return null;
  }
  const variants = CONFIGS.flatMap((c) => kinds.map((k) => [c, k]));
  try {
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < variants.length; j++) {
        const [c, k] = variants[(i + j) % variants.length];
        const t0 = performance.now();
        let mf;
        try {
          mf = new miniflare[c](options[c][k]);
          await mf.ready;
          const t1 = performance.now();
          const res = await mf.dispatchFetch("http://bench.local/");
          const body = await res.json();
          const t2 = performance.now();
          if (!body.ok) throw new Error(`worker answered ${JSON.stringify(body)}`);
          runs[c][k].push({ readyMs: t1 - t0, firstMs: t2 - t1, totalMs: t2 - t0 });
        } catch (e) {
          fail(`cold start workerd ${c} ${k}`, e);
          if (mf) await mf.dispose().catch(() => {});
          return null;
        }
        await mf.dispose();
      }
    }
  } finally {
    staged.cleanup();
  }
  const out = {};
  for (const c of CONFIGS) {
    const m = (k, f) => median(runs[c][k].map((r) => r[f]));
    out[c] = {};
    for (const k of kinds) {
      out[c][k] = {
        n: runs[c][k].length,
        readyMs: m(k, "readyMs"),
        firstMs: m(k, "firstMs"),
        totalMs: m(k, "totalMs"),
        overFetchMs: m(k, "totalMs") - m("fetch", "totalMs"),
        firstOverFetchMs: m(k, "firstMs") - m("fetch", "firstMs"),
        samplesMs: runs[c][k].map((r) => +r.totalMs.toFixed(2)), // totals, in run order
      };
    }
  }
  return out;
}

const [serverUrl, rounds, which] = process.argv.slice(2);
if (!serverUrl || !(Number(rounds) > 0)) {
  console.error("usage: node bench/cold/miniflare-cold.mjs <serverUrl> <rounds> [pkg|fetch-only]");
  process.exit(2);
}
const errors = [];
const fail = (what, e) => errors.push({ what, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
let result = null;
try {
  result = await coldMiniflare({ serverUrl, rounds: Number(rounds), withPkg: which !== "fetch-only", fail });
} catch (e) {
  fail("cold start workerd", e);
}
process.stdout.write(JSON.stringify({ result, errors }) + "\n");
// Miniflare and esbuild may leave handles open; the answer is written.
process.exit(0);
