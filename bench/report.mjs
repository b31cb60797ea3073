// Markdown table and hand-written SVG bar chart from a results object (bench/run.mjs).
import { CASES, CASE_LABEL } from "./fixtures.mjs";
import { medianDiffInterval, pairedDiff } from "./stats.mjs";

const CLIENTS = ["raw fetch", "openapi-fetch", "python", "airbyte-api-wasm"];
const CLIENT_LABEL = {
  "raw fetch": "raw fetch + res.json()",
  "openapi-fetch": "openapi-fetch",
  python: "Python SDK 1.0.1",
  "airbyte-api-wasm": "airbyte-api-wasm",
};
const RATIO_BUDGET = { get: 1.1, list100: 1.15, list1000: 1.25 };
export const KIB = 1024;
export const MB = 1_000_000;

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : "–");
const kib = (b) => `${(b / KIB).toFixed(1)} KiB`;
const signedKb = (b) => `${b >= 0 ? "+" : "−"}${(Math.abs(b) / 1000).toFixed(1)} kB`;

// The middle half of a list of samples: how far a median can move on this shared machine.
const quartiles = (xs) => {
  if (!Array.isArray(xs) || xs.length < 4) return "–";
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
  return `${f2(at(0.25))}–${f2(at(0.75))} ms`;
};

// How far a cold start's "over fetch" can be trusted: the 95 % bootstrap interval of the
// difference of the two medians, from the samples the run keeps for client `k` and the plain
// script or worker. The budgets are still judged on the difference itself.
const diffInterval = (cfg, k = "pkg") =>
  Array.isArray(cfg?.[k]?.samplesMs) && Array.isArray(cfg?.fetch?.samplesMs)
    ? medianDiffInterval(cfg[k].samplesMs, cfg.fetch.samplesMs)
    : [NaN, NaN];
const showInterval = ([lo, hi]) => (Number.isFinite(lo) && Number.isFinite(hi) ? `${f2(lo)} to ${f2(hi)} ms` : "–");
// The same difference taken round by round: every round runs each client once and the samples
// are kept in round order, so the median of the per-round differences cancels a drift of the
// machine during the run (bench/cold/README.md, round 8). Null without matching samples.
const roundDiff = (cfg, k = "pkg") => pairedDiff(cfg?.[k]?.samplesMs, cfg?.fetch?.samplesMs);
const showPaired = (p) => (p ? `${f2(p.median)} ms (${showInterval(p.interval)})` : "–");
// " (95 % interval a to b ms; by round c ms, 95 % interval d to e ms)" after a budget row's
// value, when the samples are there.
const intervalNote = (cfg, k = "pkg") => {
  const iv = diffInterval(cfg, k);
  if (!iv.every(Number.isFinite)) return "";
  const p = roundDiff(cfg, k);
  const byRound = p ? `; by round ${f2(p.median)} ms, 95 % interval ${showInterval(p.interval)}` : "";
  return ` (95 % interval ${showInterval(iv)}${byRound})`;
};

/** Every budget from issue 7 with its measured value and PASS/FAIL (null when not measured). */
export function budgets(r) {
  const out = [];
  const judge = (ok) => (r.mode !== "full" ? "not judged (smoke)" : ok === null ? "not measured" : ok ? "PASS" : "FAIL");
  for (const k of Object.keys(RATIO_BUDGET)) {
    const m = r.calls?.[k]?.["airbyte-api-wasm"];
    out.push({
      what: `${CASE_LABEL[k]} vs raw fetch`,
      budget: `≤ ${RATIO_BUDGET[k].toFixed(2)}×`,
      value: m ? `${f2(m.ratio)}× (repeats ${f2(m.ratioMin)}–${f2(m.ratioMax)}×)` : "–",
      status: judge(m ? m.ratio <= RATIO_BUDGET[k] : null),
    });
  }
  const b = r.bundle;
  out.push({
    what: "wasm + JS glue loaded by the `node` entry, gzip -9 summed",
    budget: "≤ 100 KiB",
    value: b ? `${kib(b.gzip)} gzip (${kib(b.raw)} raw, ${b.files.length} files)` : "–",
    status: judge(b ? b.gzip <= 100 * KIB : null),
  });
  const cn = r.coldNode?.pkg;
  out.push({
    what: "cold start, Node (minus plain fetch script)",
    budget: "≤ 10 ms",
    value: cn ? `${f2(cn.overFetchMs)} ms${intervalNote(r.coldNode)}` : "–",
    status: judge(cn ? cn.overFetchMs <= 10 : null),
  });
  // workerd: the budget line is judged on Miniflare as `wrangler dev` runs it (bundled worker,
  // explicit module list); the auto-discovery and bare-binary figures are their own rows.
  const cb = r.coldWorkerdBundled?.pkg;
  out.push({
    what: "cold start, workerd via Miniflare as `wrangler dev` runs it (bundled worker, explicit modules; minus plain fetch worker)",
    budget: "≤ 10 ms",
    value: cb ? `${f2(cb.overFetchMs)} ms${intervalNote(r.coldWorkerdBundled)}` : "–",
    status: judge(cb ? cb.overFetchMs <= 10 : null),
  });
  const cf = r.coldWorkerdFixed?.pkg;
  out.push({
    what:
      "cold start, workerd via the same Miniflare and the same bundled worker, with Miniflare's config serializer growing its buffer " +
      "by doubling instead of by 4 KiB (bench/cold/miniflare-fixed.mjs; cloudflare/workers-sdk#15271; minus plain fetch worker): " +
      "the difference to the row above is Miniflare copying the worker's bytes once per 4 KiB of config written after them",
    budget: "≤ 10 ms",
    value: cf ? `${f2(cf.overFetchMs)} ms${intervalNote(r.coldWorkerdFixed)}` : "–",
    status: judge(cf ? cf.overFetchMs <= 10 : null),
  });
  const cw = r.coldWorkerd?.pkg;
  out.push({
    what:
      "cold start, workerd via Miniflare with module auto-discovery (`modules: true` + `scriptPath`; minus plain fetch worker): " +
      "the difference to the row above is Miniflare's host-side module discovery (an acorn parse of every JS module, modules listed in discovery order)",
    budget: "≤ 10 ms",
    value: cw ? `${f2(cw.overFetchMs)} ms${intervalNote(r.coldWorkerd)}` : "–",
    status: judge(cw ? cw.overFetchMs <= 10 : null),
  });
  const cd = r.coldWorkerdDirect?.pkg;
  out.push({
    what: "cold start, bare workerd binary, no Miniflare, the package's modules as they are (minus plain fetch worker)",
    budget: "≤ 10 ms",
    value: cd ? `${f2(cd.overFetchMs)} ms${intervalNote(r.coldWorkerdDirect)}` : "–",
    status: judge(cd ? cd.overFetchMs <= 10 : null),
  });
  // Runs from 2026-11-30 (ninth pass) on; earlier results have no such row.
  const cdb = r.coldWorkerdDirect?.["pkg-bundled"];
  if (cdb)
    out.push({
      what:
        "cold start, bare workerd binary, the worker bundled as `wrangler deploy` bundles it (one ESM file and the `.wasm`; minus plain fetch worker)",
      budget: "≤ 10 ms",
      value: `${f2(cdb.overFetchMs)} ms${intervalNote(r.coldWorkerdDirect, "pkg-bundled")}`,
      status: judge(cdb.overFetchMs <= 10),
    });
  const mem = r.memory?.pkg;
  const growth = mem ? mem.growth.heapUsed + mem.growth.wasm : null;
  out.push({
    what: `memory growth over ${mem ? mem.calls.toLocaleString("en-US") : "100,000"} getConnection calls (JS heap + wasm memory)`,
    budget: "≤ 1 MB",
    value: mem ? `${signedKb(growth)} (heap ${signedKb(mem.growth.heapUsed)}, wasm ${signedKb(mem.growth.wasm)})` : "–",
    status: judge(mem ? growth <= MB : null),
  });
  return out;
}

export function renderMarkdown(r) {
  const L = [];
  const e = r.environment;
  L.push(`# Benchmark results (${r.mode} run)`);
  L.push("");
  L.push(
    `Generated by \`node bench/run.mjs${r.mode === "smoke" ? " --smoke" : ""}\` on ${e.date} at commit \`${e.commit}\`. ` +
      `Node ${e.node}, ${e.python}, ${e.cpu}; load average ${e.loadavgStart} at start, ${e.loadavgEnd} at end. ` +
      `The machine is shared with other builds, so figures carry noise (the issue quotes ±20 % run to run); ` +
      `compare ratios from the same run, not absolute times across runs.`,
  );
  L.push("");
  L.push(
    `Per call: median of all samples after ${r.config.warm} warm-up calls per client and case. Calls run in batches of ` +
      `${r.config.batch.get} (${r.config.batch.list1000} for 1,000 items), one batch per client in turn, the case order rotating ` +
      (r.callDesign?.scheme === "rotating"
        ? `every round and the client order rotating too (one cyclic order; --rotating-order), `
        : `every round and the client order taken from a balanced design (each client runs right after each other client equally often), `) +
      `${r.callDesign?.roundsPerRepeat ?? r.config.rounds} rounds per repeat, ${r.config.repeats} repeats; ratio = client median / raw-fetch median; ` +
      `the range in parentheses is the spread of the per-repeat ratios. ` +
      `The server (bench/server.mjs, separate process, keep-alive) sends pre-serialized bodies: getConnection ≈1.2 KB, ` +
      `100 items ≈120 KB, 1,000 items ≈1.2 MB of full \`ConnectionResponse\` objects.`,
  );
  L.push("");
  const present = CLIENTS.filter((c) => r.clients?.includes(c));
  L.push(`| case | ${present.map((c) => CLIENT_LABEL[c]).join(" | ")} |`);
  L.push(`|---|${present.map(() => "---:").join("|")}|`);
  for (const k of CASES) {
    const row = present.map((c) => {
      const m = r.calls?.[k]?.[c];
      if (!m) return "error";
      if (c === "raw fetch") return `${f3(m.medianMs)} ms`;
      return `${f3(m.medianMs)} ms · **${f2(m.ratio)}×** (${f2(m.ratioMin)}–${f2(m.ratioMax)})`;
    });
    const n = r.calls?.[k]?.["raw fetch"]?.n ?? 0;
    L.push(`| ${CASE_LABEL[k]} (n=${n}) | ${row.join(" | ")} |`);
  }
  L.push("");
  L.push(
    "Validation: airbyte-api-wasm validates every request and every response body against the schema; " +
      "openapi-fetch checks types at compile time only (nothing at run time); the Python SDK builds pydantic models; raw fetch checks nothing.",
  );
  if (r.inMemory) {
    L.push("");
    L.push("## Same calls with an in-memory fetch (no socket)");
    L.push("");
    L.push(
      "Each client gets a `fetch` that answers from the canned bodies without I/O, so the figures are what the client " +
        "itself costs (request building, `Response` body read, parsing, validation). \"over raw\" is the absolute extra time per call.",
    );
    L.push("");
    const mp = CLIENTS.filter((c) => r.inMemory?.[CASES[0]]?.[c] || CASES.some((k) => r.inMemory?.[k]?.[c]));
    L.push(`| case | ${mp.map((c) => CLIENT_LABEL[c]).join(" | ")} |`);
    L.push(`|---|${mp.map(() => "---:").join("|")}|`);
    for (const k of CASES) {
      const raw = r.inMemory[k]?.["raw fetch"];
      const row = mp.map((c) => {
        const m = r.inMemory[k]?.[c];
        if (!m) return "error";
        if (c === "raw fetch") return `${f3(m.medianMs)} ms`;
        const d = raw ? m.medianMs - raw.medianMs : NaN;
        return `${f3(m.medianMs)} ms · ${f2(m.ratio)}× · ${d >= 0 ? "+" : "−"}${f3(Math.abs(d))} ms`;
      });
      L.push(`| ${CASE_LABEL[k]} (n=${raw?.n ?? 0}) | ${row.join(" | ")} |`);
    }
  }
  if (r.validation) {
    L.push("");
    L.push(
      `Response validation check of airbyte-api-wasm (a body missing a required field): getConnection ${r.validation.get}; ` +
        `listConnections 1,000 items ${r.validation.list1000}.`,
    );
  }
  L.push("");
  L.push("## Budgets (issue 7)");
  L.push("");
  L.push("| budget | limit | measured | status |");
  L.push("|---|---|---|---|");
  for (const b of budgets(r)) L.push(`| ${b.what} | ${b.budget} | ${b.value} | ${b.status} |`);
  L.push("");
  if (r.coldNode) {
    L.push("## Cold start");
    L.push("");
    L.push(
      "Node: a fresh process per sample; timed from the script's first line to the first getConnection result " +
        "(import + construct + call), median over samples; \"over fetch\" subtracts the plain-fetch script. " +
        "Wall = spawn to exit as seen by the parent. " +
        "\"By round\": the median of the per-round differences to the plain script (each round runs every client once), " +
        "which a drift of the machine during the run does not move; the budget is judged on \"over fetch\".",
    );
    L.push("");
    L.push(
      "| Node | samples | median | middle half of the samples | over fetch | 95 % interval of that | by round (95 % interval) | wall | wall over fetch |",
    );
    L.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const [k, v] of Object.entries(r.coldNode))
      L.push(
        `| ${k} | ${v.n} | ${f2(v.medianMs)} ms | ${quartiles(v.samplesMs)} | ${f2(v.overFetchMs)} ms | ${k === "fetch" ? "–" : showInterval(diffInterval(r.coldNode, k))} | ${k === "fetch" ? "–" : showPaired(roundDiff(r.coldNode, k))} | ${f2(v.medianWallMs)} ms | ${f2(v.wallOverFetchMs)} ms |`,
      );
    L.push("");
  }
  const wd = [
    ["Miniflare, as `wrangler dev` (bundled, explicit modules)", r.coldWorkerdBundled],
    ["Miniflare, as `wrangler dev`, serializer fixed", r.coldWorkerdFixed],
    ["Miniflare, module auto-discovery", r.coldWorkerd],
    ["bare `workerd` binary", r.coldWorkerdDirect],
  ].filter(([, v]) => v);
  if (wd.length) {
    L.push(
      "workerd, four ways, each a fresh start per sample, interleaved with the plain-fetch worker (\"over fetch\" subtracts it). " +
        "**Miniflare as `wrangler dev` runs it**: the worker bundled by esbuild into one ESM file (wrangler's options: " +
        "`platform: \"neutral\"`, conditions `workerd, worker, browser`, `keepNames`), the `.wasm` kept as a separate `CompiledWasm` " +
        "module, handed to Miniflare as an explicit module list, bundle first (bench/cold/stage.mjs); the bundling itself is " +
        "wrangler's build step and is not timed. **Miniflare with module auto-discovery**: `modules: true`, `scriptPath` and " +
        "module rules, so Miniflare parses every JS module in the host process (acorn) to find the imports and serializes them " +
        "into its config in discovery order. **Serializer fixed**: the `wrangler dev` case in a copy of the same Miniflare whose " +
        "capnp config serializer grows its single buffer by doubling, where the stock one grows it by 4 KiB and copies all of it " +
        "each time, so that every byte of the user's worker is copied once per 4 KiB of the config that follows it " +
        "(bench/cold/miniflare-fixed.mjs, cloudflare/workers-sdk#15271). The three Miniflare configurations run in the same loop, " +
        "order rotating. " +
        "Ready = start-up incl. module compile, first = first request (construct + getConnection); time inside a worker does not " +
        "advance without I/O, so it is measured from outside and includes process start-up noise. **Bare `workerd`**: the same " +
        "two workers in the `workerd` binary without Miniflare, spawn to first response (bench/cold/workerd-direct.mjs; " +
        "total shown with its minimum); the package's worker twice: `pkg` with the package's modules as they are, in a " +
        "hand-written config, and `pkg-bundled` bundled as `wrangler deploy` bundles it (the same esbuild step as the " +
        "`wrangler dev` case: one ESM file and the `.wasm`). \"By round\" as for Node.",
    );
    L.push("");
    L.push(
      "| workerd | worker | samples | ready | first request | total | total, middle half | total over fetch | by round (95 % interval) | first over fetch |",
    );
    L.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const [label, res] of wd)
      for (const [k, v] of Object.entries(res)) {
        const paired = k === "fetch" ? "–" : showPaired(roundDiff(res, k));
        L.push(
          "readyMs" in v
            ? `| ${label} | ${k} | ${v.n} | ${f2(v.readyMs)} ms | ${f2(v.firstMs)} ms | ${f2(v.totalMs)} ms | ${quartiles(v.samplesMs)} | ${f2(v.overFetchMs)} ms | ${paired} | ${f2(v.firstOverFetchMs)} ms |`
            : `| ${label} | ${k} | ${v.n} | – | – | ${f2(v.totalMs)} ms (min ${f2(v.minMs)}) | ${quartiles(v.samplesMs)} | ${f2(v.overFetchMs)} ms | ${paired} | – |`,
        );
      }
    L.push("");
  }
  if (r.bundle) {
    L.push(`## Bundle (files the \`node\` entry loads; ${r.bundle.tool})`);
    L.push("");
    L.push("| file | raw | gzip |");
    L.push("|---|---:|---:|");
    for (const f of r.bundle.files) L.push(`| ${f.file} | ${f.raw.toLocaleString("en-US")} B | ${f.gzip.toLocaleString("en-US")} B |`);
    L.push(`| **total** | **${kib(r.bundle.raw)}** | **${kib(r.bundle.gzip)}** |`);
    L.push("");
  }
  if (r.memory && Object.keys(r.memory).length) {
    L.push("## Memory");
    L.push("");
    const wu = Object.values(r.memory)[0]?.warmup ?? 2000;
    L.push(`Fresh process per client with \`--expose-gc\`; ${wu.toLocaleString("en-US")} warm-up getConnection calls, then forced GC before and after the measured calls.`);
    L.push("");
    L.push("| client | calls | JS heap growth | wasm memory growth | rss growth | wasm memory at end | time |");
    L.push("|---|---:|---:|---:|---:|---:|---:|");
    for (const [k, v] of Object.entries(r.memory))
      L.push(
        `| ${k === "pkg" ? "airbyte-api-wasm" : "raw fetch"} | ${v.calls.toLocaleString("en-US")} | ${signedKb(v.growth.heapUsed)} | ${signedKb(v.growth.wasm)} | ${signedKb(v.growth.rss)} | ${kib(v.end.wasm)} | ${(v.elapsedMs / 1000).toFixed(1)} s |`,
      );
    L.push("");
  }
  if (r.before) {
    const b = r.before;
    L.push("## Before / after (airbyte-api-wasm)");
    L.push("");
    L.push(`Before: \`${b.environment?.commit ?? "?"}\` (${b.mode} run, ${b.environment?.date ?? "?"}); after: this run.`);
    L.push("");
    L.push("| measure | before | after |");
    L.push("|---|---:|---:|");
    for (const k of CASES) {
      const x = b.calls?.[k]?.["airbyte-api-wasm"];
      const y = r.calls?.[k]?.["airbyte-api-wasm"];
      L.push(`| ${CASE_LABEL[k]} vs raw fetch | ${x ? `${f2(x.ratio)}×` : "–"} | ${y ? `${f2(y.ratio)}×` : "–"} |`);
    }
    L.push(`| bundle, gzip | ${b.bundle ? kib(b.bundle.gzip) : "–"} | ${r.bundle ? kib(r.bundle.gzip) : "–"} |`);
    L.push(`| bundle, raw | ${b.bundle ? kib(b.bundle.raw) : "–"} | ${r.bundle ? kib(r.bundle.raw) : "–"} |`);
    L.push(`| cold start Node, over fetch | ${b.coldNode?.pkg ? `${f2(b.coldNode.pkg.overFetchMs)} ms` : "–"} | ${r.coldNode?.pkg ? `${f2(r.coldNode.pkg.overFetchMs)} ms` : "–"} |`);
    const over = (x) => (x?.pkg ? `${f2(x.pkg.overFetchMs)} ms` : "–");
    L.push(`| cold start workerd, Miniflare as \`wrangler dev\` (bundled), over fetch | ${over(b.coldWorkerdBundled)} | ${over(r.coldWorkerdBundled)} |`);
    L.push(`| cold start workerd, Miniflare as \`wrangler dev\`, serializer fixed, over fetch | ${over(b.coldWorkerdFixed)} | ${over(r.coldWorkerdFixed)} |`);
    L.push(`| cold start workerd, Miniflare auto-discovery, over fetch | ${over(b.coldWorkerd)} | ${over(r.coldWorkerd)} |`);
    L.push(`| cold start workerd, bare binary, over fetch | ${over(b.coldWorkerdDirect)} | ${over(r.coldWorkerdDirect)} |`);
    const overBundled = (x) => (x?.["pkg-bundled"] ? `${f2(x["pkg-bundled"].overFetchMs)} ms` : "–");
    if (r.coldWorkerdDirect?.["pkg-bundled"])
      L.push(
        `| cold start workerd, bare binary, bundled as \`wrangler deploy\` does, over fetch | ${overBundled(b.coldWorkerdDirect)} | ${overBundled(r.coldWorkerdDirect)} |`,
      );
    const g = (m) => (m?.pkg ? signedKb(m.pkg.growth.heapUsed + m.pkg.growth.wasm) : "–");
    L.push(`| memory growth | ${g(b.memory)} | ${g(r.memory)} |`);
    L.push("");
  }
  L.push("## Versions");
  L.push("");
  L.push(Object.entries(r.environment.versions).map(([k, v]) => `${k} ${v}`).join(", ") + ".");
  L.push("");
  if (r.errors?.length) {
    L.push("## Errors");
    L.push("");
    for (const x of r.errors) L.push(`- ${x}`);
    L.push("");
  }
  return L.join("\n");
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Grouped bars: per case, each client's median as a ratio to raw fetch; budget ticks for this package. */
export function renderChart(r) {
  const present = CLIENTS.filter((c) => r.clients?.includes(c));
  const colors = { "raw fetch": "#9e9e9e", "openapi-fetch": "#4e79a7", python: "#f28e2b", "airbyte-api-wasm": "#59a14f" };
  let maxRatio = 1.5;
  for (const k of CASES) for (const c of present) maxRatio = Math.max(maxRatio, r.calls?.[k]?.[c]?.ratio ?? 0);
  maxRatio = Math.ceil(maxRatio * 2) / 2;
  const W = 820;
  const H = 380;
  const left = 60;
  const right = 20;
  const top = 50;
  const bottom = 80;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const y = (v) => top + plotH - (v / maxRatio) * plotH;
  const groupW = plotW / CASES.length;
  const barW = Math.min(36, (groupW - 24) / Math.max(1, present.length));
  const s = [];
  s.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  s.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  s.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Median time per call, ratio to raw fetch (lower is better)</text>`);
  s.push(`<text x="${W / 2}" y="38" text-anchor="middle" fill="#555">${esc(`${r.mode} run ${r.environment.date.slice(0, 16)}Z, shared noisy machine`)}</text>`);
  const step = maxRatio > 4 ? 1 : 0.5;
  for (let v = 0; v <= maxRatio + 1e-9; v += step) {
    s.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 1 ? "#333" : "#ddd"}" stroke-dasharray="${v === 1 ? "4 3" : ""}"/>`);
    s.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(1)}×</text>`);
  }
  CASES.forEach((k, gi) => {
    const gx = left + gi * groupW + (groupW - barW * present.length) / 2;
    present.forEach((c, ci) => {
      const m = r.calls?.[k]?.[c];
      if (!m) return;
      const x = gx + ci * barW;
      const h = y(0) - y(m.ratio);
      s.push(`<rect x="${x.toFixed(1)}" y="${y(m.ratio).toFixed(1)}" width="${(barW - 3).toFixed(1)}" height="${h.toFixed(1)}" fill="${colors[c]}"><title>${esc(`${CLIENT_LABEL[c]}: ${f3(m.medianMs)} ms, ${f2(m.ratio)}×`)}</title></rect>`);
      s.push(`<text x="${(x + (barW - 3) / 2).toFixed(1)}" y="${(y(m.ratio) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${f2(m.ratio)}</text>`);
    });
    const budget = RATIO_BUDGET[k];
    if (budget && present.includes("airbyte-api-wasm")) {
      const x = gx + present.indexOf("airbyte-api-wasm") * barW;
      s.push(`<line x1="${(x - 3).toFixed(1)}" x2="${(x + barW).toFixed(1)}" y1="${y(budget).toFixed(1)}" y2="${y(budget).toFixed(1)}" stroke="#c00" stroke-width="2"/>`);
    }
    const raw = r.calls?.[k]?.["raw fetch"];
    s.push(`<text x="${(left + gi * groupW + groupW / 2).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle">${esc(CASE_LABEL[k])}</text>`);
    s.push(`<text x="${(left + gi * groupW + groupW / 2).toFixed(1)}" y="${H - bottom + 33}" text-anchor="middle" fill="#555">raw ${raw ? f3(raw.medianMs) : "–"} ms</text>`);
  });
  let lx = left;
  const ly = H - 22;
  for (const c of present) {
    s.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${colors[c]}"/>`);
    s.push(`<text x="${lx + 16}" y="${ly}">${esc(CLIENT_LABEL[c])}</text>`);
    lx += 30 + CLIENT_LABEL[c].length * 7;
  }
  s.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="#c00" stroke-width="2"/>`);
  s.push(`<text x="${lx + 20}" y="${ly}">budget (airbyte-api-wasm)</text>`);
  s.push(`</svg>`);
  return s.join("\n") + "\n";
}
