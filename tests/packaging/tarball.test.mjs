// The packed tarball: exactly the files a user needs, and a package.json whose `exports` resolve
// for every runtime condition to files that are in the tarball.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { PKG_NAME, ROOT, packAndInstall, readPackageJson, resolveExport } from "./helpers.mjs";

const ENTRIES = ["node.js", "node-compat.js", "browser.js", "workerd.js"];
// The Node entries are bundled: glue, client.js, errors.js and operations.js in one module each.
const NODE_ENTRIES = ["node.js", "node-compat.js"];
// Files every published package must contain.
const REQUIRED = [
  "package.json",
  "README.md",
  "airbyte_api_wasm.js",
  "airbyte_api_wasm_bg.wasm",
  ...ENTRIES,
  "client.js",
  "errors.js",
  "operations.js",
  "index.d.ts",
];
// Files that may also be present (type modules split out of index.d.ts, wasm-bindgen snippets).
const OPTIONAL = [/^options\.d\.ts$/, /^generated\.d\.ts$/, /^connectors\.d\.ts$/, /^snippets\/.+\.js$/, /^LICENSE(\.md)?$/];

let pack;
let pj;
before(() => {
  pack = packAndInstall();
  pj = readPackageJson(pack.installed);
});
after(() => pack?.cleanup());

describe("tarball contents", () => {
  test("contains every required file", () => {
    for (const f of REQUIRED) assert.ok(pack.files.includes(f), `missing ${f} in ${pack.files}`);
  });

  test("contains nothing else (no sources, maps, configs or stray build output)", () => {
    const extra = pack.files.filter((f) => !REQUIRED.includes(f) && !OPTIONAL.some((re) => re.test(f)));
    assert.deepEqual(extra, []);
  });

  test("ships exactly one .wasm file, and it is a valid module", async () => {
    const wasm = pack.files.filter((f) => f.endsWith(".wasm"));
    assert.deepEqual(wasm, ["airbyte_api_wasm_bg.wasm"]);
    const bytes = readFileSync(join(pack.installed, wasm[0]));
    assert.ok(WebAssembly.validate(bytes), "the .wasm does not validate");
    // The browser and workerd entries share the one glue file; every entry loads the one .wasm.
    for (const entry of ENTRIES) {
      const src = readFileSync(join(pack.installed, entry), "utf8");
      assert.match(src, /airbyte_api_wasm_bg\.wasm/, `${entry} does not load the shared .wasm`);
      if (NODE_ENTRIES.includes(entry)) continue;
      assert.match(src, /from "\.\/airbyte_api_wasm\.js"/, `${entry} does not use the shared glue`);
      assert.match(src, /export \* from "\.\/client\.js"/, `${entry} does not re-export client.js`);
    }
  });

  for (const entry of NODE_ENTRIES) {
    test(`the node entry ${entry} is one module: glue, client.js, errors.js and operations.js bundled in`, () => {
      const src = readFileSync(join(pack.installed, entry), "utf8");
      assert.doesNotMatch(src, /^\s*(import|export)\b[^;]*from\s*["']\.\.?\//m, `${entry} imports a package file`);
      // node.js takes node:fs from process.getBuiltinModule (no static import of a builtin);
      // node-compat.js imports it statically, for Node versions without getBuiltinModule.
      if (entry === "node.js") {
        assert.doesNotMatch(src, /^import\b/m, "node.js has a static import");
        assert.match(src, /process\.getBuiltinModule\("node:fs"\)/);
      } else {
        assert.match(src, /^import \{ readFileSync \} from "node:fs";$/m);
      }
      // It exports exactly what client.js exports.
      const names = (text) =>
        [...text.matchAll(/^export (?:class|function|const|let) (\w+)|^export \{([^}]*)\}/gm)]
          .flatMap((m) => (m[1] ? [m[1]] : m[2].split(",").map((n) => n.trim().split(/\s+as\s+/).pop())))
          .filter(Boolean)
          .sort();
      const client = readFileSync(join(pack.installed, "client.js"), "utf8");
      assert.deepEqual(names(src), names(client));
    });
  }
});

describe("package.json", () => {
  test("name, version (equal to the Cargo version), module type, types", () => {
    assert.equal(pj.name, PKG_NAME);
    const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
    const ws = cargo.match(/\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/);
    assert.ok(ws, "no [workspace.package] version in Cargo.toml");
    assert.equal(pj.version, ws[1]);
    assert.equal(pj.type, "module");
    assert.equal(pj.types, "./index.d.ts");
  });

  test("the root export lists conditions in the order types, workerd, browser, node, default", () => {
    assert.deepEqual(Object.keys(pj.exports["."]), ["types", "workerd", "browser", "node", "default"]);
  });

  test("types comes first in every conditional export entry", () => {
    for (const [subpath, entry] of Object.entries(pj.exports)) {
      if (entry && typeof entry === "object") {
        assert.equal(Object.keys(entry)[0], "types", `exports[${JSON.stringify(subpath)}]`);
      }
    }
  });

  test("every export target exists in the tarball", () => {
    const targets = [];
    const walk = (v) => {
      if (typeof v === "string") targets.push(v);
      else Object.values(v).forEach(walk);
    };
    walk(pj.exports);
    assert.ok(targets.length >= 7);
    for (const t of targets) {
      assert.match(t, /^\.\//, `export target ${t} must start with ./`);
      assert.ok(pack.files.includes(t.slice(2)), `export target ${t} is not in the tarball`);
      assert.ok(existsSync(join(pack.installed, t)));
    }
  });

  // What each kind of consumer resolves "airbyte-api-wasm" to.
  const consumers = [
    ["Node >= 20.19 / 22.10 (module-sync)", ["node", "import", "module-sync"], "./node.js"],
    ["Node, require() (module-sync)", ["node", "require", "module-sync"], "./node.js"],
    ["older Node, or a tool that does not know module-sync", ["node", "import"], "./node-compat.js"],
    ["wrangler / workerd", ["workerd", "worker", "browser", "import"], "./workerd.js"],
    ["Vite / webpack for the browser", ["browser", "import", "module"], "./browser.js"],
    ["a bundler with no runtime condition", ["import", "module"], "./browser.js"],
    ["TypeScript", ["types", "import", "node"], "./index.d.ts"],
  ];
  for (const [who, conditions, want] of consumers) {
    test(`${who} resolves the root export to ${want}`, () => {
      assert.equal(resolveExport(pj, ".", conditions), want);
    });
  }

  test("package.json and the .wasm are exported as subpaths", () => {
    assert.equal(resolveExport(pj, "./package.json", []), "./package.json");
    assert.equal(resolveExport(pj, "./airbyte_api_wasm_bg.wasm", []), "./airbyte_api_wasm_bg.wasm");
  });

  test("sideEffects keeps the entry files (their top-level init must not be tree-shaken)", () => {
    assert.ok(Array.isArray(pj.sideEffects), "sideEffects must be a list, never false");
    for (const e of ENTRIES) {
      assert.ok(
        pj.sideEffects.includes(`./${e}`) || pj.sideEffects.includes(e),
        `sideEffects does not list ${e}`,
      );
    }
  });
});
