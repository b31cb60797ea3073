// Lists the connections of a workspace. The package is imported like any other: Vite picks its
// `browser` entry, which fetches the .wasm next to it (Vite copies it into dist/assets) and
// initialises it with a top-level await before this module runs — no plugin, no init call.
import { AirbyteAPI, AirbyteApiError, AirbyteError } from "airbyte-api-wasm";

const params = new URLSearchParams(location.search);

// Where the page sends API calls. The default is this page's own origin under /v1, which the
// Vite dev server (vite.config.js) or your static server proxies to the emulator or to a proxy
// that adds credentials server-side. `?server=` overrides it at run time.
const serverUrl =
  params.get("server") ||
  import.meta.env.VITE_AIRBYTE_SERVER_URL ||
  new URL("/v1", location.href).href.replace(/\/$/, "");

// The emulator's public demo token. Never build a real Airbyte secret into a page: everything
// here ships to every visitor. Against real Airbyte, put a proxy in front (see the Worker example).
const token = import.meta.env.VITE_AIRBYTE_TOKEN || "demo-token";

const status = document.getElementById("status");
const table = document.getElementById("connections");
const tbody = table.querySelector("tbody");

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function schedule(c) {
  const s = c.schedule;
  if (!s) return "";
  return s.scheduleType === "cron" && s.cronExpression ? `cron ${s.cronExpression}` : s.scheduleType;
}

async function main() {
  const airbyte = new AirbyteAPI({ serverUrl, security: { bearerAuth: token } });

  let workspaceId = params.get("workspace");
  let workspaceName = workspaceId;
  if (!workspaceId) {
    const workspaces = await airbyte.workspaces.listWorkspaces({ limit: 1 });
    const first = workspaces.data[0];
    if (!first) throw new Error("no workspace visible with these credentials");
    workspaceId = first.workspaceId;
    workspaceName = first.name;
  }

  const page = await airbyte.connections.listConnections({ workspaceIds: [workspaceId], limit: 100 });
  for (const c of page.data) {
    const tr = document.createElement("tr");
    tr.dataset.connectionId = c.connectionId;
    tr.append(cell(c.name), cell(c.status, `status-${c.status}`), cell(schedule(c)), cell(c.connectionId, "id"));
    tbody.append(tr);
  }
  table.hidden = false;
  const more = page.next ? " (first 100)" : "";
  status.textContent = `${page.data.length} connection(s) in workspace ${workspaceName}${more}`;
  document.body.dataset.state = "ready";
}

main().catch((err) => {
  let text;
  if (err instanceof AirbyteApiError) text = `Airbyte answered ${err.statusCode}: ${err.message}`;
  else if (err instanceof AirbyteError) text = `${err.name}: ${err.message}`;
  else text = `Unexpected error: ${err && err.message ? err.message : String(err)}`;
  status.textContent = text;
  document.body.dataset.state = "error";
});
