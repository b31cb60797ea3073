// TypeScript consumers: with each common module-resolution mode, `import ... from
// "airbyte-api-wasm"` resolves through the `types` condition of the packed package to real
// declarations (not `any`), and those declarations compile under --strict without skipLibCheck.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, packAndInstall } from "./helpers.mjs";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const CONSUMER = `import { AirbyteAPI, AirbyteError, AirbyteApiError, InvalidRequestError } from "airbyte-api-wasm";

const airbyte = new AirbyteAPI({ security: { bearerAuth: "token" } });

export async function countConnections(): Promise<number> {
  const page = await airbyte.connections.listConnections({ limit: 5 });
  return page.data.length;
}

export function describe(err: unknown): string {
  if (err instanceof AirbyteApiError) return \`HTTP \${err.statusCode}\`;
  if (err instanceof InvalidRequestError) return "invalid";
  return err instanceof AirbyteError ? err.message : String(err);
}

// These only compile if the declarations were found: on an \`any\` they would be unused.
// @ts-expect-error -- no such group
airbyte.noSuchGroup;
// @ts-expect-error -- limit is a number
void airbyte.connections.listConnections({ limit: "5" });
`;

const MODES = [
  { name: "node16", compilerOptions: { module: "node16", moduleResolution: "node16" } },
  { name: "nodenext", compilerOptions: { module: "nodenext", moduleResolution: "nodenext" } },
  { name: "bundler", compilerOptions: { module: "esnext", moduleResolution: "bundler" } },
];

let pack;
before(() => {
  pack = packAndInstall();
  writeFileSync(join(pack.dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(join(pack.dir, "consumer.ts"), CONSUMER);
});
after(() => pack?.cleanup());

for (const mode of MODES) {
  test(`tsc --strict resolves the package's types with moduleResolution ${mode.name}`, { timeout: 120_000 }, () => {
    const tsconfig = join(pack.dir, `tsconfig.${mode.name}.json`);
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: {
          ...mode.compilerOptions,
          target: "es2022",
          lib: ["es2022", "dom"],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["consumer.ts"],
      }),
    );
    let out = "";
    try {
      out = execFileSync(process.execPath, [TSC, "-p", tsconfig, "--traceResolution"], {
        cwd: pack.dir,
        encoding: "utf8",
      });
    } catch (err) {
      assert.fail(`tsc failed:\n${(err.stdout ?? "").split("\n").filter((l) => l.includes("error")).join("\n")}`);
    }
    assert.match(
      out,
      /Module name 'airbyte-api-wasm' was successfully resolved to '[^']*\/node_modules\/airbyte-api-wasm\/index\.d\.ts'/,
    );
  });
}
