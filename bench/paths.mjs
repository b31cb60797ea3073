// Locations shared by the harness scripts.
export const BENCH_DIR = new URL("./", import.meta.url);
export const REPO_DIR = new URL("../", import.meta.url);
// BENCH_PKG_DIR=/abs/path/to/pkg measures another build of the package (e.g. an experiment).
export const PKG_DIR = process.env.BENCH_PKG_DIR
  ? new URL(`file://${process.env.BENCH_PKG_DIR.replace(/\/?$/, "/")}`)
  : new URL("../pkg/", import.meta.url);
export const PKG_NODE_URL = new URL("node.js", PKG_DIR);
export const SPEC_PATH = new URL("../../shared/airbyte-api/api_sdk.yaml", import.meta.url);
export const GEN_DIR = new URL("./.gen/", import.meta.url);
export const OUT_DIR = new URL("./out/", import.meta.url);
export const DOCS_DIR = new URL("../docs/bench/", import.meta.url);
