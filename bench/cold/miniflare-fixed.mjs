// The installed Miniflare with one line of its config serializer changed, for the benchmark only.
//
// Miniflare hands workerd its config as one capnp message. The message sits in a single-segment
// arena, and each time the arena is full it grows by at least 4 KiB: it allocates a buffer of
// the old size plus the new piece, and copies the whole old buffer into it. The user's worker
// is written first, Miniflare's own workers follow, and every small growth after that copies the
// user's modules again. So the host-side cost of a worker's bytes is its size times the number
// of growths that come after it. The report is cloudflare/workers-sdk#15271 (open).
//
// `loadFixedMiniflare()` compiles a second copy of the installed `miniflare` module in this
// process, from the same file and directory (so its own workers and dependencies resolve as
// usual), with the arena growing by at least its own size. The capnp bytes sent to workerd are the
// same (checked on load, for a sample config); only the number of copies changes. The benchmark times it beside the stock Miniflare,
// to show how much of a worker's cold start under `wrangler dev` is this copy.
import Module, { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { BENCH_DIR } from "../paths.mjs";

const STOCK = "s.buffer = new ArrayBuffer(srcBuffer.byteLength + minSize);";
const FIXED = "s.buffer = new ArrayBuffer(srcBuffer.byteLength + Math.max(minSize, srcBuffer.byteLength));";

/** The source of the installed Miniflare with the arena's growth doubled; throws when the line
 * is not there exactly once (a Miniflare that changed the arena needs a fresh look). */
export function patchedSource(src) {
  const at = src.indexOf(STOCK);
  if (at < 0 || src.indexOf(STOCK, at + 1) >= 0)
    throw new Error("miniflare-fixed: the single-segment arena's growth line is not in the installed Miniflare exactly once");
  return src.slice(0, at) + FIXED + src.slice(at + STOCK.length);
}

// A config whose first worker holds a large module and whose later workers hold many small ones:
// the shape that makes the stock arena grow (and copy) many times after the large bytes.
function sampleConfig() {
  const wasm = new Uint8Array(96 * 1024).map((_, i) => (i * 31) & 0xff);
  const worker = (name, modules) => ({ name, worker: { compatibilityDate: "2026-04-01", modules } });
  const small = Array.from({ length: 60 }, (_, i) =>
    worker(`w${i}`, [{ name: `m${i}.mjs`, esModule: `export default { fetch() { return new Response("${"x".repeat(i * 50)}"); } };` }]),
  );
  return { services: [worker("user", [{ name: "a.mjs", esModule: "export default {};" }, { name: "a.wasm", wasm }]), ...small] };
}

/** `{ Miniflare, version }` from the patched copy. Before returning, it checks that the patched
 * copy's `serializeConfig` writes the same bytes as the stock one for a sample config. */
export function loadFixedMiniflare() {
  const require = createRequire(new URL("package.json", BENCH_DIR));
  const file = require.resolve("miniflare");
  const { version } = require("miniflare/package.json");
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(dirname(file));
  m._compile(patchedSource(readFileSync(file, "utf8")), file);
  if (typeof m.exports.Miniflare !== "function") throw new Error("miniflare-fixed: the patched module exports no Miniflare");
  const stockBytes = require("miniflare").serializeConfig(sampleConfig());
  const fixedBytes = m.exports.serializeConfig(sampleConfig());
  if (stockBytes.length < 96 * 1024 || !stockBytes.equals(fixedBytes))
    throw new Error("miniflare-fixed: the patched serializer does not write the same config as the stock one");
  return { Miniflare: m.exports.Miniflare, version };
}
