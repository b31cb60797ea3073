// A temporary directory holding the two cold-start workers side by side with the package's
// worker files from PKG_DIR (BENCH_PKG_DIR), so Miniflare and bare workerd load exactly the build
// under test and both workers take the same path (same directory, same module rules).
//   worker-fetch.mjs  bench/cold/worker-fetch.mjs as is
//   worker-pkg.mjs    bench/cold/worker-pkg.mjs importing ./workerd.js
// bundleWorker() then turns a staged worker into what `wrangler dev` hands Miniflare (see there).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_DIR, PKG_DIR, REPO_DIR } from "../paths.mjs";

/** Every module the `workerd` entry can reach in the build: the `.js` files (snippets included)
 * except the other runtimes' entries, and the `.wasm`; paths relative to the package directory. */
const OTHER_ENTRIES = new Set(["node.js", "node-compat.js", "browser.js"]);

export function pkgWorkerFiles() {
  const files = readdirSync(fileURLToPath(PKG_DIR), { recursive: true }).map(String);
  const out = files.filter((f) => /\.(js|wasm)$/.test(f) && !f.startsWith("node_modules") && !OTHER_ENTRIES.has(f)).sort();
  for (const need of ["workerd.js", "airbyte_api_wasm_bg.wasm"])
    if (!out.includes(need)) throw new Error(`${need} is missing from ${PKG_DIR.href}`);
  return out;
}

export function stageWorkers({ withPkg = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "bench-cold-"));
  writeFileSync(join(dir, "worker-fetch.mjs"), readFileSync(new URL("cold/worker-fetch.mjs", BENCH_DIR)));
  if (withPkg) {
    for (const f of pkgWorkerFiles()) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(new URL(f, PKG_DIR), join(dir, f));
    }
    const src = readFileSync(new URL("cold/worker-pkg.mjs", BENCH_DIR), "utf8");
    if (!src.includes('"../../pkg/workerd.js"')) throw new Error("cold/worker-pkg.mjs no longer imports ../../pkg/workerd.js");
    writeFileSync(join(dir, "worker-pkg.mjs"), src.replace('"../../pkg/workerd.js"', '"./workerd.js"'));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The repository root's esbuild (its devDependency, the one `build-pkg.sh` uses). */
async function esbuild() {
  const require = createRequire(new URL("package.json", REPO_DIR));
  const mod = await import(require.resolve("esbuild"));
  return mod.default ?? mod;
}

/**
 * The staged worker `worker-<kind>.mjs` of `dir` (from stageWorkers) bundled the way `wrangler dev`
 * does before it starts Miniflare: esbuild, one ESM file, `platform: "neutral"`, conditions
 * `workerd, worker, browser`, `keepNames` (wrangler's defaults), not minified, no source map; every
 * `.wasm` import stays external and becomes its own `CompiledWasm` module next to the bundle (wrangler's
 * module collector does the same, with a content hash in the name).
 *
 * Returns Miniflare options for an explicit module list, the bundle first and then each `.wasm` in
 * import order: `{ modulesRoot, modules: [{ type, path, contents }] }`; no module discovery, so
 * Miniflare parses nothing in the host process. Also returns the module names and sizes.
 * `esbuildOverrides` replaces build options (for experiments, e.g. `{ keepNames: false }`).
 */
export async function bundleWorker(dir, kind, esbuildOverrides = {}) {
  const { build } = await esbuild();
  const outDir = join(dir, `bundled-${kind}`);
  const outfile = join(outDir, `worker-${kind}.js`);
  const wasm = new Map(); // name next to the bundle -> absolute source path, in import order
  const collectWasm = {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (args) => {
        const src = resolve(args.resolveDir, args.path);
        const name = basename(src);
        if (wasm.has(name) && wasm.get(name) !== src) throw new Error(`two .wasm modules named ${name}`);
        wasm.set(name, src);
        return { path: `./${name}`, external: true };
      });
    },
  };
  const res = await build({
    entryPoints: [join(dir, `worker-${kind}.mjs`)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    keepNames: true,
    minify: false,
    sourcemap: false,
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [collectWasm],
    ...esbuildOverrides,
  });
  const out = res.outputFiles.find((f) => f.path === outfile);
  if (!out) throw new Error(`esbuild wrote no ${outfile}`);
  const imported = Object.values(res.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && i.path.endsWith(".wasm"))
    .map((i) => i.path.replace(/^\.\//, ""));
  for (const name of wasm.keys())
    if (!imported.includes(name)) throw new Error(`the bundle of worker-${kind} does not import ./${name}`);
  const modules = [
    { type: "ESModule", path: outfile, contents: out.contents },
    ...[...wasm].map(([name, src]) => ({ type: "CompiledWasm", path: join(outDir, name), contents: readFileSync(src) })),
  ];
  mkdirSync(outDir, { recursive: true });
  for (const m of modules) writeFileSync(m.path, m.contents); // for inspection; Miniflare gets `contents`
  return {
    modulesRoot: outDir,
    modules,
    files: modules.map((m) => ({ name: m.path.slice(outDir.length + 1), type: m.type, bytes: m.contents.length })),
  };
}
