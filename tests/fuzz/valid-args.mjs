// Builds one plausible valid argument per operation from the package's generated.d.ts (required
// fields only, uuids for strings, first literal for enums), so fuzzed calls can start from a
// request that passes validation and then get mutated.
import { readFileSync } from "node:fs";

const UUID = "3f1e2a9c-6b1d-4c3e-9f0a-1b2c3d4e5f60";

export function validArgs(dtsPath) {
  const src = readFileSync(dtsPath, "utf8");
  const types = new Map();
  for (const m of src.matchAll(/^export type (\w+) = (.+);$/gm)) types.set(m[1], m[2].trim());
  const ifaces = new Map();
  for (const m of src.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = [];
    for (const f of m[2].matchAll(/^  (\w+)(\??): (.+);$/gm)) fields.push({ name: f[1], optional: f[2] === "?", type: f[3].trim() });
    ifaces.set(m[1], fields);
  }

  function value(type, depth) {
    if (depth > 6) return undefined;
    const alts = type.split(" | ").map((s) => s.trim());
    const t = alts[0];
    if (/^".*"$/.test(t)) return JSON.parse(t);
    if (t === "string") return /date|time/i.test(type) ? "2024-01-01T00:00:00Z" : UUID;
    if (t === "number") return 1;
    if (t === "boolean") return true;
    if (t === "unknown" || t.startsWith("Record<") || t.startsWith("{")) return {};
    if (t.endsWith("[]")) {
      const v = value(t.slice(0, -2).replace(/^\((.*)\)$/, "$1"), depth + 1);
      return v === undefined ? [] : [v];
    }
    if (types.has(t)) return value(types.get(t), depth + 1);
    if (ifaces.has(t)) return object(t, depth + 1);
    return undefined;
  }

  function object(name, depth) {
    const o = {};
    for (const f of ifaces.get(name) ?? []) {
      if (f.optional) continue;
      const v = value(f.type, depth);
      if (v !== undefined) o[f.name] = v;
    }
    return o;
  }

  const out = new Map();
  for (const m of src.matchAll(/^  (\w+)\((?:request(\??): (\w+))?[^)]*\): Promise/gm)) {
    const [, method, optional, reqType] = m;
    out.set(method, reqType === undefined ? undefined : optional ? {} : object(reqType, 0));
  }
  return out;
}
