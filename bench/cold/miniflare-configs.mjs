// Miniflare configurations for the package's worker side by side, in one interleaved loop, with
// the host process's CPU time from `new Miniflare` to `ready` (what Miniflare itself does in Node):
//   fetch_auto, pkg_auto          `modules: true` + scriptPath + modulesRules (harness: coldWorkerd)
//   fetch_bundled, pkg_bundled    as `wrangler dev`: esbuild bundle + `.wasm`, explicit module list
//                                 (stage.mjs bundleWorker; harness: coldWorkerdBundled)
//   pkg_bundled_nokeep            the same bundle without esbuild's keepNames
//   pkg_explicit_unbundled        explicit list of the unbundled files, the `.wasm` last
// Figures are medians, "+" relative to fetch_bundled.
//   node bench/cold/miniflare-configs.mjs [rounds=15]     (BENCH_PKG_DIR selects a build)
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { startServer } from "../canned-server.mjs";
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { bundleWorker, pkgWorkerFiles, stageWorkers } from "./stage.mjs";
import { median } from "../stats.mjs";

const rounds = Number(process.argv[2] ?? 15);
const server = await startServer();
const staged = stageWorkers();
try {
  const dir = staged.dir;
  const common = { compatibilityDate: "2026-04-01", bindings: { SERVER_URL: server.url, CONNECTION_ID: GET_CONNECTION_ID } };
  const modulesRules = [
    { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
    { type: "CompiledWasm", include: ["**/*.wasm"] },
  ];
  const auto = (k) => ({ ...common, modules: true, modulesRoot: dir, modulesRules, scriptPath: `${dir}/worker-${k}.mjs` });
  const bundled = async (k, over) => {
    const b = await bundleWorker(dir, k, over);
    return { ...common, modulesRoot: b.modulesRoot, modules: b.modules };
  };
  const mod = (f) => ({ type: f.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: `${dir}/${f}`, contents: readFileSync(`${dir}/${f}`) });
  const files = pkgWorkerFiles();
  const V = {
    fetch_auto: auto("fetch"),
    pkg_auto: auto("pkg"),
    fetch_bundled: await bundled("fetch"),
    pkg_bundled: await bundled("pkg"),
    // Same output path as pkg_bundled; Miniflare gets each module's `contents`, not the file.
    pkg_bundled_nokeep: await bundled("pkg", { keepNames: false }),
    pkg_explicit_unbundled: {
      ...common,
      modulesRoot: dir,
      modules: [mod("worker-pkg.mjs"), ...files.filter((f) => f.endsWith(".js")).map(mod), ...files.filter((f) => f.endsWith(".wasm")).map(mod)],
    },
  };

  const names = Object.keys(V);
  const R = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < rounds; i++)
    for (let j = 0; j < names.length; j++) {
      const k = names[(i + j) % names.length];
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const mf = new Miniflare(V[k]);
      await mf.ready;
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      const body = await (await mf.dispatchFetch("http://bench.local/")).json();
      const t2 = performance.now();
      await mf.dispose();
      if (!body.ok) throw new Error(`${k}: ${JSON.stringify(body)}`);
      R[k].push([t1 - t0, t2 - t1, t2 - t0, (c1.user + c1.system) / 1000]);
    }
  const cols = ["ready", "first", "total", "hostCpuToReady"];
  const med = (k, i) => median(R[k].map((r) => r[i]));
  for (const k of names) {
    const cells = cols.map((c, i) => {
      const d = med(k, i) - med("fetch_bundled", i);
      return `${c} ${med(k, i).toFixed(1)} (${d >= 0 ? "+" : ""}${d.toFixed(1)})`;
    });
    console.log(k.padEnd(24), cells.join("  "), ` min total ${Math.min(...R[k].map((r) => r[2])).toFixed(1)}`);
  }
} finally {
  staged.cleanup();
  server.stop();
}
