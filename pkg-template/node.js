// Node entry: compile the .wasm that sits next to this file synchronously at import time.
// The build ships this file with the glue, client.js and errors.js bundled in (one module to load).
import { initSync } from "./airbyte_api_wasm.js";
import { readFileSync } from "node:fs";
initSync({ module: readFileSync(new URL("./airbyte_api_wasm_bg.wasm", import.meta.url)) });
export * from "./client.js";
