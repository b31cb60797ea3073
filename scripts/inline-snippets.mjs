// Moves wasm-bindgen's `inline_js` snippet modules into the glue file itself:
//   node scripts/inline-snippets.mjs <dir with airbyte_api_wasm.js and snippets/>
// Every ES module costs a runtime a load of its own (Node's loader resolves, reads and links
// each one; Miniflare parses each with acorn and adds it to the worker's config), so one module
// fewer is a shorter cold start everywhere. Each snippet becomes a function scope in the glue
// (its names cannot clash with the glue's), and the glue's imports of it become constants bound
// to the same functions. Anything this script does not understand fails the build.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) throw new Error("usage: inline-snippets.mjs <pkg dir>");
const gluePath = join(dir, "airbyte_api_wasm.js");
let glue = readFileSync(gluePath, "utf8");

// `import { a, b } from './snippets/…';` and `import * as name from "./snippets/…"`.
const IMPORT = /^import (\{[\w\s,]*\}|\* as \w+) from (['"])(\.\/snippets\/[^'"]+)\2;?\n/gm;
const imports = [];
glue = glue.replace(IMPORT, (_, what, _q, path) => {
  imports.push({ what, path });
  return "";
});
// What may stay: the snippets' names as wasm import modules (`"./snippets/…": importN,`).
if (glue.replace(/"\.\/snippets\/[^"]+": import\d+,/g, "").includes("snippets/")) {
  throw new Error("inline-snippets: a snippet reference in the glue is not understood");
}

const scopes = new Map();
let prelude = "";
for (const { what, path } of imports) {
  if (!scopes.has(path)) {
    const src = readFileSync(join(dir, path), "utf8");
    if (/^\s*import\b/m.test(src)) throw new Error(`inline-snippets: ${path} imports other modules`);
    const names = [];
    for (const line of src.split("\n").filter((l) => /^\s*export\b/.test(l))) {
      const m = line.match(/^export (?:async )?function\*? ?(\w+)\s*\(|^export (?:const|let|class) (\w+)/);
      if (!m) throw new Error(`inline-snippets: unsupported export in ${path}: ${line}`);
      names.push(m[1] ?? m[2]);
    }
    const name = `__snippet${scopes.size}`;
    prelude += `// ${path}\nconst ${name} = (() => {\n${src.replace(/^export /gm, "")}\nreturn { ${names.join(", ")} };\n})();\n`;
    scopes.set(path, name);
  }
  const scope = scopes.get(path);
  prelude += what.startsWith("*")
    ? `const ${what.slice(5).trim()} = ${scope};\n`
    : `const ${what.replace(/(\w+)\s+as\s+(\w+)/g, "$1: $2")} = ${scope};\n`;
}
writeFileSync(gluePath, prelude + glue);
rmSync(join(dir, "snippets"), { recursive: true, force: true });
console.log(`inline-snippets: ${scopes.size} snippet module(s) moved into the glue`);
