import { defineConfig } from "vite";

// Where `vite` (dev) and `vite preview` forward the page's /v1 calls: the emulator by default.
// Run it with `cargo run --release -p airbyte-emulator -- --port 8080`, or point this at any
// server that adds Airbyte credentials itself (never put real secrets into the page).
const target = process.env.AIRBYTE_EMULATOR_URL || "http://127.0.0.1:8080";
const proxy = { "/v1": { target, changeOrigin: true } };

export default defineConfig({
  // No wasm plugin. The package's browser entry loads its .wasm with
  // `new URL("./airbyte_api_wasm_bg.wasm", import.meta.url)`, which `vite build` understands
  // (it copies the file into dist/assets and rewrites the URL).
  //
  // The dev server, however, pre-bundles dependencies into node_modules/.vite/deps, where that
  // relative URL no longer points at the .wasm: serve the package's files as they are instead.
  optimizeDeps: { exclude: ["airbyte-api-wasm"] },
  build: {
    // The browser entry uses top-level await. Vite 7's default target (Baseline "widely
    // available" browsers) already allows it; Vite 6 and older default to older browsers
    // (e.g. Safari 14) and stop with "Top-level await is not available in the configured target
    // environment". Stating es2022 keeps the build working whatever the default is.
    target: "es2022",
  },
  server: { proxy },
  preview: { proxy },
});
