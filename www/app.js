// Demo page for airbyte-api-wasm: manage connections and jobs of an Airbyte workspace.
// Every server-supplied string is rendered with textContent; credentials live only in memory.
import { AirbyteAPI, AirbyteError } from "/pkg/browser.js";

const $ = (id) => document.getElementById(id);
const state = {
  api: null,
  workspaceId: "",
  connections: [],
  sources: new Map(),
  destinations: new Map(),
  lastJobs: new Map(),
  jobsFor: null, // null: panel closed; "": all jobs of the workspace; else a connectionId
  jobsTimer: 0,
  editing: null,
};

// ---------- small DOM helpers ----------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "onclick") el.addEventListener("click", v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function describeError(err) {
  if (err instanceof AirbyteError) return err.message;
  return "Unexpected error: " + (err && err.name ? err.name : "unknown");
}

function showNotice(msg, kind = "error") {
  const n = $("notice");
  n.textContent = msg;
  n.className = "notice " + kind;
  n.hidden = !msg;
}

async function guarded(what, fn) {
  try {
    return await fn();
  } catch (err) {
    showNotice(`${what} failed: ${describeError(err)}`);
    return undefined;
  }
}

// ---------- formatting ----------
function fmtTime(v) {
  if (v === undefined || v === null || v === "") return "—";
  const d = typeof v === "number" ? new Date(v * 1000) : new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toLocaleString();
}

function fmtDuration(iso) {
  if (!iso) return "—";
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
  if (!m) return String(iso);
  const [, d, hh, mm, ss] = m;
  const parts = [];
  if (d) parts.push(`${d}d`);
  if (hh) parts.push(`${hh}h`);
  if (mm) parts.push(`${mm}m`);
  if (ss) parts.push(`${Math.round(Number(ss))}s`);
  return parts.length ? parts.join(" ") : "0s";
}

function fmtBytes(n) {
  if (typeof n !== "number") return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function fmtSchedule(s) {
  if (!s) return "—";
  if (s.scheduleType === "cron") return `cron ${s.cronExpression ?? ""}`.trim();
  if (s.scheduleType === "basic") return s.basicTiming ? String(s.basicTiming) : "basic";
  return String(s.scheduleType);
}

const badge = (status) => h("span", { class: `badge badge-${/^[a-z_]+$/.test(status) ? status : "other"}` }, status);

// ---------- settings ----------
function readSettings() {
  const kind = $("auth-kind").value;
  let security;
  if (kind === "bearer") security = { bearerAuth: $("auth-token").value };
  else if (kind === "basic") security = { basicAuth: { username: $("auth-user").value, password: $("auth-password").value } };
  else security = { clientCredentials: { clientId: $("auth-client-id").value, clientSecret: $("auth-client-secret").value } };
  return { serverUrl: $("server-url").value.trim(), security };
}

function syncAuthFields() {
  const kind = $("auth-kind").value;
  for (const el of document.querySelectorAll("[data-auth]")) el.hidden = el.dataset.auth !== kind;
}

function defaults() {
  $("server-url").value = sessionStorage.getItem("airbyte-demo-server") || `${location.origin}/v1`;
  $("auth-kind").value = sessionStorage.getItem("airbyte-demo-auth") || "bearer";
  // The local emulator's default credentials; they are not secrets.
  $("auth-token").value = "demo-token";
  $("auth-user").value = "demo";
  $("auth-password").value = "demo";
  $("auth-client-id").value = "demo-client";
  $("auth-client-secret").value = "demo-secret";
  syncAuthFields();
}

async function connect() {
  showNotice("");
  try {
    state.api = new AirbyteAPI(readSettings());
  } catch (err) {
    showNotice(`Settings rejected: ${describeError(err)}`);
    return;
  }
  sessionStorage.setItem("airbyte-demo-server", $("server-url").value.trim());
  sessionStorage.setItem("airbyte-demo-auth", $("auth-kind").value);
  await loadWorkspaces();
}

// ---------- loading ----------
async function listAll(group, method, request) {
  const api = state.api[group];
  const all = api[`${method}All`];
  const out = [];
  if (typeof all === "function") {
    for await (const item of all.call(api, request)) out.push(item);
    return out;
  }
  const limit = 100;
  for (let offset = 0; ; offset += limit) {
    const page = await api[method]({ ...request, limit, offset });
    out.push(...page.data);
    if (!page.next || page.data.length < limit) return out;
  }
}

async function loadWorkspaces() {
  const sel = $("workspace");
  sel.replaceChildren();
  $("connections-status").textContent = "Loading workspaces…";
  const workspaces = await guarded("Loading workspaces", () => listAll("workspaces", "listWorkspaces", {}));
  if (!workspaces) {
    $("connections-status").textContent = "Could not load workspaces.";
    return;
  }
  for (const w of workspaces) sel.append(h("option", { value: w.workspaceId }, w.name));
  if (!workspaces.length) {
    $("connections-status").textContent = "No workspaces.";
    return;
  }
  const keep = workspaces.find((w) => w.workspaceId === state.workspaceId);
  state.workspaceId = keep ? keep.workspaceId : workspaces[0].workspaceId;
  sel.value = state.workspaceId;
  await loadWorkspace();
}

async function loadWorkspace() {
  const ws = state.workspaceId;
  if (!ws) return;
  $("connections-status").textContent = "Loading connections…";
  const result = await guarded("Loading connections", () =>
    Promise.all([
      listAll("connections", "listConnections", { workspaceIds: [ws] }),
      listAll("sources", "listSources", { workspaceIds: [ws] }),
      listAll("destinations", "listDestinations", { workspaceIds: [ws] }),
      state.api.jobs.listJobs({ workspaceIds: [ws], limit: 100, orderBy: "createdAt|DESC" }),
    ]),
  );
  if (!result || ws !== state.workspaceId) return;
  const [connections, sources, destinations, jobs] = result;
  state.connections = connections;
  state.sources = new Map(sources.map((s) => [s.sourceId, s]));
  state.destinations = new Map(destinations.map((d) => [d.destinationId, d]));
  state.lastJobs = new Map();
  for (const j of jobs.data) if (!state.lastJobs.has(j.connectionId)) state.lastJobs.set(j.connectionId, j);
  renderConnections();
}

// ---------- connections table ----------
function renderConnections() {
  const q = $("filter").value.trim().toLowerCase();
  const body = $("connections").tBodies[0];
  const rows = [];
  for (const c of state.connections) {
    const src = state.sources.get(c.sourceId);
    const dst = state.destinations.get(c.destinationId);
    const srcName = src ? src.name : c.sourceId;
    const dstName = dst ? dst.name : c.destinationId;
    const hay = `${c.name} ${srcName} ${dstName} ${c.status}`.toLowerCase();
    if (q && !hay.includes(q)) continue;
    const job = state.lastJobs.get(c.connectionId);
    const active = c.status === "active";
    const act = (label, fn, cls) => h("button", { type: "button", class: cls, "aria-label": `${label}: ${c.name}`, onclick: fn }, label);
    rows.push(
      h(
        "tr",
        { "data-connection-id": c.connectionId },
        h("td", { class: "name" }, c.name),
        h("td", {}, srcName, " → ", dstName),
        h("td", {}, badge(c.status)),
        h("td", {}, fmtSchedule(c.schedule)),
        h("td", {}, job ? [badge(job.status), " ", h("span", { class: "muted" }, fmtTime(job.startTime))] : h("span", { class: "muted" }, "never")),
        h(
          "td",
          { class: "row-actions" },
          act("Sync now", () => startJob(c, "sync"), "primary"),
          act("Reset", () => startJob(c, "reset")),
          act(active ? "Disable" : "Enable", () => setStatus(c, active ? "inactive" : "active")),
          act("Edit", () => openConnectionDialog(c)),
          act("Jobs", () => openJobs(c.connectionId)),
          act("Delete", () => confirmDelete(c), "danger"),
        ),
      ),
    );
  }
  body.replaceChildren(...rows);
  $("connections").hidden = rows.length === 0;
  $("connections-status").textContent = state.connections.length === 0
    ? "No connections in this workspace yet. Create one with “New connection”."
    : rows.length === 0
      ? "No connection matches the filter."
      : `${rows.length} of ${state.connections.length} connections`;
}

async function startJob(c, jobType) {
  showNotice("");
  const job = await guarded(`Starting a ${jobType} of ${c.name}`, () => state.api.jobs.createJob({ connectionId: c.connectionId, jobType }));
  if (!job) return;
  state.lastJobs.set(c.connectionId, job);
  renderConnections();
  await openJobs(c.connectionId);
}

async function setStatus(c, status) {
  showNotice("");
  const updated = await guarded(`Updating ${c.name}`, () =>
    state.api.connections.patchConnection({ connectionId: c.connectionId, connectionPatchRequest: { status } }),
  );
  if (updated) replaceConnection(updated);
}

function replaceConnection(updated) {
  state.connections = state.connections.map((x) => (x.connectionId === updated.connectionId ? updated : x));
  renderConnections();
}

function confirmDelete(c) {
  const dlg = $("confirm-dialog");
  $("confirm-text").textContent = `Delete the connection “${c.name}”? Its sync history stays in Airbyte.`;
  $("confirm-yes").setAttribute("aria-label", `Delete ${c.name}`);
  dlg.returnValue = "";
  dlg.onclose = async () => {
    if (dlg.returnValue !== "yes") return;
    showNotice("");
    const ok = await guarded(`Deleting ${c.name}`, async () => {
      await state.api.connections.deleteConnection({ connectionId: c.connectionId });
      return true;
    });
    if (ok) {
      state.connections = state.connections.filter((x) => x.connectionId !== c.connectionId);
      renderConnections();
      showNotice(`Deleted ${c.name}.`, "info");
    }
  };
  dlg.showModal();
}

// ---------- create / edit dialog ----------
function fillSelect(sel, items, idKey) {
  sel.replaceChildren(...items.map((x) => h("option", { value: x[idKey] }, x.name)));
}

function syncCron() {
  $("cf-cron-label").hidden = $("cf-schedule").value !== "cron";
}

function openConnectionDialog(c) {
  state.editing = c || null;
  $("connection-dialog-title").textContent = c ? `Edit ${c.name}` : "New connection";
  $("cf-submit").textContent = c ? "Save connection" : "Create connection";
  fillSelect($("cf-source"), [...state.sources.values()], "sourceId");
  fillSelect($("cf-destination"), [...state.destinations.values()], "destinationId");
  $("cf-name").value = c ? c.name : "";
  $("cf-source").disabled = !!c;
  $("cf-destination").disabled = !!c;
  if (c) {
    $("cf-source").value = c.sourceId;
    $("cf-destination").value = c.destinationId;
  }
  const st = c && c.schedule ? c.schedule.scheduleType : "manual";
  $("cf-schedule").value = st === "cron" ? "cron" : st === "basic" ? "basic" : "manual";
  $("cf-cron").value = c && c.schedule && c.schedule.cronExpression ? c.schedule.cronExpression : "";
  $("cf-status").value = c && c.status === "inactive" ? "inactive" : "active";
  $("cf-error").hidden = true;
  syncCron();
  $("connection-dialog").showModal();
}

async function submitConnection(ev) {
  ev.preventDefault();
  const scheduleType = $("cf-schedule").value;
  const schedule = scheduleType === "cron" ? { scheduleType, cronExpression: $("cf-cron").value.trim() } : scheduleType === "manual" ? { scheduleType } : undefined;
  const common = { name: $("cf-name").value.trim(), status: $("cf-status").value };
  if (schedule) common.schedule = schedule;
  const errBox = $("cf-error");
  errBox.hidden = true;
  try {
    if (state.editing) {
      const updated = await state.api.connections.patchConnection({ connectionId: state.editing.connectionId, connectionPatchRequest: common });
      replaceConnection(updated);
    } else {
      const created = await state.api.connections.createConnection({ ...common, sourceId: $("cf-source").value, destinationId: $("cf-destination").value });
      state.connections = [...state.connections, created];
      renderConnections();
    }
    $("connection-dialog").close();
  } catch (err) {
    errBox.textContent = describeError(err);
    errBox.hidden = false;
  }
}

// ---------- jobs panel ----------
async function openJobs(connectionId) {
  state.jobsFor = connectionId;
  $("jobs-panel").hidden = false;
  const c = state.connections.find((x) => x.connectionId === connectionId);
  $("jobs-title").textContent = connectionId ? `Jobs: ${c ? c.name : connectionId}` : "All jobs";
  await refreshJobs();
  $("jobs-panel").scrollIntoView({ block: "nearest" });
}

function closeJobs() {
  state.jobsFor = null;
  clearTimeout(state.jobsTimer);
  $("jobs-panel").hidden = true;
}

async function refreshJobs() {
  clearTimeout(state.jobsTimer);
  if (state.jobsFor === null) return;
  const req = state.jobsFor ? { connectionId: state.jobsFor, limit: 50, orderBy: "createdAt|DESC" } : { workspaceIds: [state.workspaceId], limit: 50, orderBy: "createdAt|DESC" };
  const page = await guarded("Loading jobs", () => state.api.jobs.listJobs(req));
  if (!page || state.jobsFor === null) return;
  const names = new Map(state.connections.map((c) => [c.connectionId, c.name]));
  const live = page.data.some((j) => j.status === "pending" || j.status === "running" || j.status === "queued");
  $("jobs").tBodies[0].replaceChildren(
    ...page.data.map((j) =>
      h(
        "tr",
        { "data-job-id": j.jobId },
        h("td", {}, `#${j.jobId}`),
        h("td", {}, names.get(j.connectionId) ?? j.connectionId),
        h("td", {}, badge(j.status)),
        h("td", {}, j.jobType),
        h("td", {}, fmtTime(j.startTime)),
        h("td", {}, fmtDuration(j.duration)),
        h("td", {}, `${j.rowsSynced ?? 0} rows / ${fmtBytes(j.bytesSynced ?? 0)}`),
        h(
          "td",
          {},
          j.status === "pending" || j.status === "running"
            ? h("button", { type: "button", class: "danger", "aria-label": `Cancel job ${j.jobId}`, onclick: () => cancelJob(j) }, "Cancel")
            : "",
        ),
      ),
    ),
  );
  $("jobs-status").textContent = page.data.length ? (live ? "Refreshing while a job runs…" : "") : "No jobs yet.";
  for (const j of [...page.data].reverse()) {
    const prev = state.lastJobs.get(j.connectionId);
    if (!prev || prev.jobId <= j.jobId) state.lastJobs.set(j.connectionId, j);
  }
  renderConnections();
  if (live) state.jobsTimer = setTimeout(refreshJobs, 1000);
}

async function cancelJob(j) {
  showNotice("");
  await guarded(`Cancelling job ${j.jobId}`, () => state.api.jobs.cancelJob({ jobId: j.jobId }));
  await refreshJobs();
}

// ---------- wiring ----------
function init() {
  defaults();
  $("auth-kind").addEventListener("change", syncAuthFields);
  $("settings-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    connect();
  });
  $("workspace").addEventListener("change", () => {
    state.workspaceId = $("workspace").value;
    closeJobs();
    loadWorkspace();
  });
  $("filter").addEventListener("input", renderConnections);
  $("refresh").addEventListener("click", () => loadWorkspace());
  $("new-connection").addEventListener("click", () => openConnectionDialog(null));
  $("all-jobs").addEventListener("click", () => openJobs(""));
  $("close-jobs").addEventListener("click", closeJobs);
  $("cf-schedule").addEventListener("change", syncCron);
  $("cf-cancel").addEventListener("click", () => $("connection-dialog").close());
  $("connection-form").addEventListener("submit", submitConnection);
  connect();
}

init();
