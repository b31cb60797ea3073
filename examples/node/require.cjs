// CommonJS consumer: the package is ESM-only. Node >= 20.19 (and >= 22.12) can require() an ES
// module that has no top-level await, which is the case for the package's `node` entry, so this
// works there; older Node versions throw ERR_REQUIRE_ESM and need `await import(...)` instead.
const { AirbyteAPI } = require("airbyte-api-wasm");

if (!process.env.AIRBYTE_TOKEN) {
  console.error("configuration: set AIRBYTE_TOKEN (and AIRBYTE_SERVER_URL for another server)");
  process.exit(2);
}
const airbyte = new AirbyteAPI({
  serverUrl: process.env.AIRBYTE_SERVER_URL || "https://api.airbyte.com/v1",
  security: { bearerAuth: process.env.AIRBYTE_TOKEN },
});
airbyte.workspaces.listWorkspaces({ limit: 5 }).then(
  (page) => console.log(`require() ok: ${page.data.length} workspace(s)`),
  (err) => {
    console.error(`error: ${err.name}: ${err.message}`);
    process.exitCode = 1;
  },
);
