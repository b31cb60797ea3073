// An upper bound on what splitting the package would gain at a cold start: a copy of the built
// package in which every wasm function that a Node cold start (import, construct, first
// getConnection) does not run has its body replaced by `unreachable`. The module keeps its
// imports, exports, tables and data; only the code the first call never reaches is gone, as if
// it lived in a second module loaded later. The copy answers that first call like the package
// and traps on anything else, so it is a measuring device, never a build to ship.
//   node bench/cold/first-call-only.mjs <outDir>          (BENCH_PKG_DIR selects the source build)
// Then, interleaved with the package itself:
//   FLOOR_OTHER_PKG=<outDir> node bench/cold/floor.mjs 81
//   BENCH_PKG_DIR=<outDir> node bench/cold/miniflare-cold.mjs <serverUrl> 21 pkg   (and without)
// Which functions run is taken from V8 (`--trace-wasm-compilation-times`: each wasm function is
// compiled on its first call) over three harness-style cold starts and one in-memory one.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../canned-server.mjs";
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { PKG_DIR, PKG_NODE_URL } from "../paths.mjs";
import { Reader, imports, leb, sections } from "../../scripts/wasm-binary.mjs";

const out = process.argv[2] && resolve(process.argv[2]);
if (!out) throw new Error("usage: first-call-only.mjs <outDir>");
if (out === resolve(fileURLToPath(PKG_DIR))) throw new Error("the output directory is the package itself");
const WASM = "airbyte_api_wasm_bg.wasm";
const cold = fileURLToPath(new URL("node-cold.mjs", import.meta.url));
const entry = fileURLToPath(new URL("node-entry.mjs", import.meta.url));

/** The function indices V8 compiled in one process, for the module with the most of them (the
 * package's; undici's HTTP parser is a second, small wasm module). */
function compiled(args, env = process.env) {
  const r = spawnSync(process.execPath, ["--trace-wasm-compilation-times", ...args], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${(r.stderr || r.stdout).slice(-500)}`);
  const byModule = new Map();
  for (const m of r.stdout.matchAll(/Compiled function (0x[0-9a-f]+)#(\d+) using Liftoff/g)) {
    if (!byModule.has(m[1])) byModule.set(m[1], new Set());
    byModule.get(m[1]).add(Number(m[2]));
  }
  const sets = [...byModule.values()].sort((a, b) => b.size - a.size);
  if (sets.length === 0) throw new Error("the trace names no compiled wasm function (has V8's trace format changed?)");
  return sets[0];
}

/** `bytes` with every defined function whose index is not in `keep` reduced to `unreachable`. */
function stub(bytes, keep) {
  // Function imports come first in the function index space.
  const imported = imports(bytes).filter((imp) => imp.kind === 0).length;
  let kept = 0;
  const parts = [bytes.subarray(0, 8)];
  for (const sec of sections(bytes)) {
    if (sec.id !== 10) {
      parts.push(bytes.subarray(sec.start, sec.end));
      continue;
    }
    const r = new Reader(bytes, sec.content);
    const bodies = [];
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const size = r.u32();
      if (keep.has(imported + i)) {
        bodies.push(Buffer.from(leb(size)), bytes.subarray(r.p, r.p + size));
        kept++;
      } else bodies.push(Buffer.from([3, 0, 0x00, 0x0b])); // size 3: no locals; unreachable; end
      r.p += size;
    }
    const content = Buffer.concat([Buffer.from(leb(n)), ...bodies]);
    parts.push(Buffer.from([10, ...leb(content.length)]), content);
  }
  return { bytes: Buffer.concat(parts), kept };
}

const server = await startServer();
const keep = new Set();
try {
  for (let i = 0; i < 3; i++)
    for (const f of compiled([cold, "pkg", server.url, GET_CONNECTION_ID, PKG_NODE_URL.href])) keep.add(f);
} finally {
  server.stop();
}
for (const f of compiled([entry])) keep.add(f);

rmSync(out, { recursive: true, force: true });
cpSync(fileURLToPath(PKG_DIR), out, { recursive: true });
const source = readFileSync(join(out, WASM));
const res = stub(source, keep);
new WebAssembly.Module(res.bytes); // still a valid module
writeFileSync(join(out, WASM), res.bytes);
console.log(
  `${out}: ${res.kept} wasm functions kept of those the cold start runs (${keep.size} seen), the others reduced to ` +
    `\`unreachable\`; ${WASM} ${source.length} -> ${res.bytes.length} bytes`,
);
