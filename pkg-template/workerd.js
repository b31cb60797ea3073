// Cloudflare Workers entry: workerd (and wrangler) import a .wasm file as a WebAssembly.Module.
// The .wasm is imported last: tools that list a worker's modules in import order (Miniflare)
// then put the large module at the end of their config, which some serialize faster that way.
// ES modules run their dependencies first, in this order, so `initSync` below still runs
// before any call (client.js only touches the wasm when a client is used).
export * from "./client.js";
import { initSync } from "./airbyte_api_wasm.js";
import wasm from "./airbyte_api_wasm_bg.wasm";
initSync({ module: wasm });
