// The tarball itself, as `npm install` unpacks it: only files a user needs (everything that
// package.json points at, plus what those files import), one .wasm shared by every entry,
// `exports` conditions that resolve to files, and types a strict TypeScript consumer resolves.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, normalize, posix } from "node:path";
import { before, test } from "node:test";
import { ROOT, TARBALL, TMP, runOk } from "./helpers.mjs";

const CONDITIONS = ["types", "workerd", "browser", "node", "default"];
// Files npm adds whatever `files` says, and that a user may rightly want.
const ALWAYS = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md|\.txt)?|CHANGELOG\.md)$/i;

let files; // paths inside the tarball, without the leading "package/"
let dir; // the unpacked package
let pkg;

before(() => {
  files = execFileSync("tar", ["-tzf", TARBALL()], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l && !l.endsWith("/"))
    .map((l) => l.replace(/^package\//, ""));
  dir = join(TMP(), "tarball-unpacked");
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", TARBALL(), "-C", dir]);
  dir = join(dir, "package");
  pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
});

const rel = (p) => posix.normalize(p.replace(/^\.\//, ""));

/** Every string target under an `exports` entry, with the condition path that leads to it. */
function targets(entry, trail = []) {
  if (typeof entry === "string") return [[trail.join("."), entry]];
  if (entry === null || typeof entry !== "object") return [];
  return Object.entries(entry).flatMap(([k, v]) => targets(v, [...trail, k]));
}

/** Relative modules and assets a JS or .d.ts file refers to. */
function references(file) {
  const text = readFileSync(join(dir, file), "utf8");
  const specs = [];
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']/g, // import/export … from "x"
    /\bimport\s*["']([^"']+)["']/g, // import "x"
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, // import("x")
    /\bnew\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g, // new URL("x", import.meta.url)
    /\/\/\/\s*<reference\s+path=["']([^"']+)["']/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]);
  return specs
    .filter((s) => s.startsWith("./") || s.startsWith("../"))
    .map((s) => {
      let target = posix.normalize(posix.join(posix.dirname(file), s));
      // A declaration file imports "./x.js" and means "./x.d.ts".
      if (file.endsWith(".d.ts") && target.endsWith(".js") && !files.includes(target)) {
        target = target.replace(/\.js$/, ".d.ts");
      }
      return target;
    });
}

test("package.json: name, module type, types, and exports in the documented order", () => {
  assert.equal(pkg.name, "airbyte-api-wasm");
  assert.equal(pkg.type, "module");
  assert.ok(typeof pkg.types === "string" && files.includes(rel(pkg.types)), `types ${pkg.types}`);
  const main = pkg.exports?.["."];
  assert.equal(typeof main, "object", "exports['.'] is a conditions object");
  assert.deepEqual(Object.keys(main), CONDITIONS, "conditions: types first, default last");
  assert.equal(rel(main.types), rel(pkg.types));
  // Bundlers drop a module whose only effect is initialising the wasm when sideEffects is false.
  assert.notEqual(pkg.sideEffects, false);
  if (Array.isArray(pkg.sideEffects)) {
    for (const [cond, t] of targets(main)) {
      if (cond !== "types") assert.ok(pkg.sideEffects.map(rel).includes(rel(t)), `${t} listed in sideEffects`);
    }
  }
});

test("every exports condition resolves to a file in the tarball", () => {
  const all = Object.entries(pkg.exports).flatMap(([sub, e]) => targets(e).map(([c, t]) => [sub, c, t]));
  assert.ok(all.length >= CONDITIONS.length);
  for (const [sub, cond, t] of all) {
    assert.ok(t.startsWith("./"), `${sub} ${cond}: ${t} is relative`);
    assert.ok(files.includes(rel(t)), `${sub} ${cond} → ${t} is missing from the tarball`);
  }
});

test("exactly one .wasm, shared by every runtime entry", () => {
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, wasm.join(", "));
  const entries = targets(pkg.exports["."]).filter(([c]) => c !== "types").map(([, t]) => rel(t));
  // Follow each entry's imports: all of them reach that one file.
  for (const entry of new Set(entries)) {
    const seen = new Set();
    const queue = [entry];
    while (queue.length) {
      const f = queue.shift();
      if (seen.has(f) || !files.includes(f) || !/\.(m?js)$/.test(f)) continue;
      seen.add(f);
      queue.push(...references(f));
    }
    const reached = [...seen].flatMap(references).filter((f) => f.endsWith(".wasm"));
    assert.deepEqual([...new Set(reached)], wasm, `${entry} loads ${reached.join(", ") || "no .wasm"}`);
  }
});

test("only the files a user needs: what package.json points at and what those files load", () => {
  const roots = new Set();
  if (pkg.types) roots.add(rel(pkg.types));
  for (const e of Object.values(pkg.exports)) for (const [, t] of targets(e)) roots.add(rel(t));
  const needed = new Set();
  const queue = [...roots];
  while (queue.length) {
    const f = queue.shift();
    if (needed.has(f)) continue;
    needed.add(f);
    assert.ok(files.includes(f), `${f} is referenced but not in the tarball`);
    if (/\.(m?js|d\.ts)$/.test(f)) queue.push(...references(f));
  }
  const extra = files.filter((f) => !needed.has(f) && !ALWAYS.test(f));
  assert.deepEqual(extra, [], `files nobody loads: ${extra.join(", ")}`);
  assert.ok(files.some((f) => /^README(\.md)?$/i.test(f)), "a README ships with the package");
  // No build leftovers.
  for (const f of files) assert.doesNotMatch(f, /(\.rs|\.map|\.tgz|Cargo\.(toml|lock)|node_modules\/)$/);
});

test("types resolve for a strict TypeScript consumer (nodenext and bundler resolution)", async () => {
  const consumer = join(TMP(), "ts-consumer");
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  assert.ok(existsSync(tsc), "typescript is a root dev dependency (npm ci)");
  mkdirSync(join(consumer, "node_modules"), { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await runOk("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", TARBALL()], {
    cwd: consumer,
  });
  writeFileSync(
    join(consumer, "index.ts"),
    `import { AirbyteAPI, AirbyteApiError, InvalidRequestError } from "airbyte-api-wasm";
import type { ConnectionResponse, JobResponse, JobStatusEnum } from "airbyte-api-wasm";

const airbyte = new AirbyteAPI({ serverUrl: "http://127.0.0.1:1/v1", security: { bearerAuth: "t" } });

export async function run(workspaceId: string): Promise<JobStatusEnum> {
  const page = await airbyte.connections.listConnections({ workspaceIds: [workspaceId], limit: 10 });
  const first: ConnectionResponse | undefined = page.data[0];
  const next: string | undefined = page.next;
  void next;
  if (!first) return "failed";
  const job: JobResponse = await airbyte.jobs.createJob({ connectionId: first.connectionId, jobType: "sync" });
  const again = await airbyte.jobs.getJob({ jobId: job.jobId });
  return again.status;
}

export function describe(e: unknown): string {
  if (e instanceof AirbyteApiError) return String(e.statusCode) + e.body;
  if (e instanceof InvalidRequestError) return e.field;
  return "";
}

// The declarations are real types, not \`any\`: each of these must be a compile error.
// @ts-expect-error jobType is an enum
void airbyte.jobs.createJob({ connectionId: "x", jobType: "nope" });
// @ts-expect-error jobId is a number
void airbyte.jobs.getJob({ jobId: "1" });
// @ts-expect-error no such group
void airbyte.nope;
`,
  );
  for (const [module, moduleResolution] of [
    ["nodenext", "nodenext"],
    ["esnext", "bundler"],
  ]) {
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module,
          moduleResolution,
          lib: ["es2022", "dom"],
          skipLibCheck: false,
          types: [],
        },
        files: ["index.ts"],
      }),
    );
    const r = await runOk(process.execPath, [tsc, "-p", "tsconfig.json", "--traceResolution"], { cwd: consumer });
    // The declarations came from the installed package, through its `types`.
    const resolvedTo = r.stdout.match(
      /Module name 'airbyte-api-wasm' was successfully resolved to '([^']+)'/,
    );
    assert.ok(resolvedTo, `${moduleResolution}: no resolution of airbyte-api-wasm in the trace`);
    assert.equal(
      normalize(resolvedTo[1]),
      join(consumer, "node_modules", "airbyte-api-wasm", rel(pkg.types)),
      moduleResolution,
    );
  }
});
