// What a Node cold start costs before a client does any work of its own: the harness's Node case
// (node-cold.mjs, a fresh process per sample, timed from the script's first line to the
// getConnection result) for six kinds, interleaved, order rotating every round:
//   fetch          the plain-fetch script (the harness's baseline)
//   esm            the first `import()` of an empty ES module, then the plain-fetch call
//   wasm           the first `import()` of an ES module that reads a 52-byte `.wasm` next to it
//                  (one import, one function), compiles and instantiates it synchronously as the
//                  package's Node entry does, and calls it once; then the plain-fetch call
//   pkg-import     the first `import()` of this package's Node entry (which compiles and
//                  instantiates its `.wasm`), nothing constructed; then the plain-fetch call
//   openapi-fetch  the harness's pure-JS client
//   pkg            this package (import, construct, first getConnection)
// "over fetch" is the difference of medians, as in the harness, with its 95 % bootstrap interval;
// "paired" is the median of the per-round differences (each round runs every kind once, so a
// drift of the machine during the run cancels out of it), also with its interval.
//   node bench/cold/floor.mjs [rounds=41]            (BENCH_PKG_DIR selects another build)
// FLOOR_OTHER_PKG=<dir> adds a seventh kind, `other`: the whole cold start of the build in <dir>
// (e.g. first-call-only.mjs's copy), interleaved with the rest.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../canned-server.mjs";
import { runNode } from "../node-child.mjs";
import { GET_CONNECTION_ID } from "../fixtures.mjs";
import { PKG_NODE_URL } from "../paths.mjs";
import { median, medianDiffInterval, pairedDiff } from "../stats.mjs";

const rounds = Number(process.argv[2] ?? 41);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error("usage: floor.mjs [rounds ≥ 1]");
const BENCH = fileURLToPath(new URL("..", import.meta.url));

/** A module with one import `env.f: (i32) -> i32` and one export `run(x) = f(x) + 1`. */
function tinyWasm() {
  const section = (id, body) => [id, body.length, ...body];
  const str = (s) => [s.length, ...Buffer.from(s)];
  const I32 = 0x7f;
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, I32, 1, I32]), // type 0: (i32) -> i32
    ...section(2, [1, ...str("env"), ...str("f"), 0x00, 0]), // import func 0 = env.f
    ...section(3, [1, 0]), // func 1: type 0
    ...section(7, [1, ...str("run"), 0x00, 1]), // export "run" = func 1
    // func 1: no locals; local.get 0; call 0; i32.const 1; i32.add; end
    ...section(10, [1, 9, 0, 0x20, 0, 0x10, 0, 0x41, 1, 0x6a, 0x0b]),
  ]);
}

function stage() {
  const dir = mkdtempSync(join(tmpdir(), "airbyte-floor-"));
  writeFileSync(join(dir, "package.json"), '{"type":"module"}\n');
  writeFileSync(join(dir, "esm.js"), "export function ready() {\n  return true;\n}\n");
  writeFileSync(join(dir, "floor.wasm"), tinyWasm());
  writeFileSync(
    join(dir, "wasm.js"),
    [
      'const fs = process.getBuiltinModule("node:fs");',
      'const bytes = fs.readFileSync(new URL("./floor.wasm", import.meta.url));',
      "const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { f: (x) => x + 1 } });",
      "export function ready() {",
      "  return exports.run(1) === 3;",
      "}",
      "",
    ].join("\n"),
  );
  return dir;
}


const dir = stage();
const server = await startServer();
const script = fileURLToPath(new URL("node-cold.mjs", import.meta.url));
const kinds = [
  ["fetch", "fetch", ""],
  ["esm", "floor", pathToFileURL(join(dir, "esm.js")).href],
  ["wasm", "floor", pathToFileURL(join(dir, "wasm.js")).href],
  ["pkg-import", "floor", PKG_NODE_URL.href],
  ["openapi-fetch", "openapi-fetch", ""],
  ["pkg", "pkg", PKG_NODE_URL.href],
  ...(process.env.FLOOR_OTHER_PKG ? [["other", "pkg", pathToFileURL(join(process.env.FLOOR_OTHER_PKG, "node.js")).href]] : []),
];
const ms = Object.fromEntries(kinds.map(([name]) => [name, []]));
try {
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < kinds.length; j++) {
      const [name, kind, url] = kinds[(r + j) % kinds.length];
      ms[name].push((await runNode([script, kind, server.url, GET_CONNECTION_ID, url], { cwd: BENCH })).ms);
    }
  }
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}

const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const base = ms.fetch;
console.log(`${rounds} rounds; ms; intervals are 95 % bootstrap intervals`);
console.log("| kind | median | over fetch | its interval | paired | its interval |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const [name] of kinds) {
  const xs = ms[name];
  const [lo, hi] = name === "fetch" ? [NaN, NaN] : medianDiffInterval(xs, base);
  const paired = pairedDiff(xs, base);
  const [plo, phi] = name === "fetch" ? [NaN, NaN] : paired.interval;
  console.log(
    `| ${name} | ${f(median(xs))} | ${f(median(xs) - median(base))} | ${f(lo)} to ${f(hi)} | ${f(paired.median)} | ${f(plo)} to ${f(phi)} |`,
  );
}
