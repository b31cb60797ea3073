// Node entry (Node >= 20.19 and >= 22.10, the versions with the `module-sync` export condition):
// compile the .wasm that sits next to this file synchronously at import time.
// `node:fs` comes from `process.getBuiltinModule` (Node >= 20.16) rather than a static import:
// Node builds an ES module facade for a builtin imported statically, copying every export of
// `fs` (and loading `fs/promises` on the way), which is a measurable part of a cold start
// (bench/cold/README.md). Older Node versions resolve the package to node-compat.js instead.
// The build ships this file with the glue, client.js and errors.js bundled in (one module to load).
import { initSync } from "./airbyte_api_wasm.js";
const fs = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("node:fs") : undefined;
if (fs === undefined) {
  throw new Error("airbyte-api-wasm: the node entry needs process.getBuiltinModule (Node >= 20.16)");
}
initSync({ module: fs.readFileSync(new URL("./airbyte_api_wasm_bg.wasm", import.meta.url)) });
export * from "./client.js";
