// Shared helpers for the packaging tests: pack pkg/ with npm, unpack it into a temporary
// node_modules, resolve `exports` the way a runtime or bundler would, and talk to the emulator.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PKG_DIR = join(ROOT, "pkg");
export const PKG_NAME = "airbyte-api-wasm";

/** The emulator started by scripts/with-emulator.sh; the packaging suite needs it. */
export function emulatorUrl() {
  const url = process.env.EMULATOR_URL;
  if (!url) {
    throw new Error("EMULATOR_URL is not set: run this suite through scripts/with-emulator.sh");
  }
  return url.replace(/\/+$/, "");
}

/** The first `data` page of connections, fetched directly (the expected answer). */
export async function directConnectionCount(base) {
  const res = await fetch(`${base}/v1/connections`, {
    headers: { authorization: "Bearer demo-token", accept: "application/json" },
  });
  if (!res.ok) throw new Error(`emulator answered ${res.status} to GET /v1/connections`);
  const body = await res.json();
  if (!Array.isArray(body.data)) throw new Error("emulator list has no data array");
  return body.data.length;
}

/**
 * `npm pack` pkg/ into a fresh temporary directory, then unpack the tarball as
 * `<dir>/node_modules/airbyte-api-wasm`. Returns the pack report and the paths.
 */
export function packAndInstall() {
  const dir = mkdtempSync(join(tmpdir(), "airbyte-pack-"));
  const out = execFileSync(
    "npm",
    ["pack", PKG_DIR, "--json", "--pack-destination", dir, "--ignore-scripts"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const report = JSON.parse(out);
  if (!Array.isArray(report) || report.length !== 1) {
    throw new Error(`unexpected npm pack output: ${out}`);
  }
  const [info] = report;
  const tarball = join(dir, info.filename);
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  execFileSync("tar", ["-xzf", tarball, "-C", modules]);
  const installed = join(modules, PKG_NAME);
  renameSync(join(modules, "package"), installed);
  return {
    dir,
    tarball,
    installed,
    files: info.files.map((f) => f.path).sort(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** package.json of a directory. */
export function readPackageJson(dir) {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

/**
 * Resolve a subpath of `exports` as Node's algorithm does: walk the conditions object in its
 * own key order and take the first key that is active (nested objects allowed).
 */
export function resolveExport(pkgJson, subpath, conditions) {
  const active = new Set([...conditions, "default"]);
  const walk = (target) => {
    if (typeof target === "string") return target;
    if (target === null || typeof target !== "object" || Array.isArray(target)) return null;
    for (const [key, value] of Object.entries(target)) {
      if (active.has(key)) {
        const hit = walk(value);
        if (hit !== null) return hit;
      }
    }
    return null;
  };
  const exp = pkgJson.exports;
  const entry = typeof exp === "string" && subpath === "." ? exp : exp?.[subpath];
  return entry === undefined ? null : walk(entry);
}
