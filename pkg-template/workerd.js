// Cloudflare Workers entry: workerd (and wrangler) import a .wasm file as a WebAssembly.Module.
import { initSync } from "./airbyte_api_wasm.js";
import wasm from "./airbyte_api_wasm_bg.wasm";
initSync({ module: wasm });
export * from "./client.js";
