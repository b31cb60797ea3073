// Node entry for Node versions without the `module-sync` export condition (20.0-20.18,
// 22.0-22.9) and for tools that do not know it: the same as node.js, with `node:fs` imported
// statically, which every Node version supports.
// The build ships this file with the glue, client.js and errors.js bundled in (one module to load).
import { initSync } from "./airbyte_api_wasm.js";
import { readFileSync } from "node:fs";
initSync({ module: readFileSync(new URL("./airbyte_api_wasm_bg.wasm", import.meta.url)) });
export * from "./client.js";
