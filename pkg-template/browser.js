// Browser / web worker / bundler entry: fetch and instantiate the .wasm next to this file.
// Uses top-level await (bundlers need a target of es2022 or later).
import init from "./airbyte_api_wasm.js";
await init({ module_or_path: new URL("./airbyte_api_wasm_bg.wasm", import.meta.url) });
export * from "./client.js";
