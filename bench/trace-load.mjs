// Which files does the package's `node` entry load? Records every ES module the
// loader fetches and every file read through node:fs while importing pkg/node.js,
// constructing a client and making one call (to catch lazy loads).
//   node trace-load.mjs <entryUrl> <serverUrl> <connectionId> <listFile>
import fs from "node:fs";
import module, { register } from "node:module";

const [entryUrl, serverUrl, connectionId, listFile] = process.argv.slice(2);
fs.writeFileSync(listFile, "");
register("./trace-hooks.mjs", import.meta.url, { data: { out: listFile } });

const reads = [];
const note = (p) => {
  if (p instanceof URL) reads.push(p.href);
  else if (typeof p === "string") reads.push(new URL(p, "file://" + process.cwd() + "/").href);
};
for (const name of ["readFileSync", "readFile"]) {
  const orig = fs[name];
  fs[name] = function (p, ...rest) {
    note(p);
    return orig.call(this, p, ...rest);
  };
}
const origP = fs.promises.readFile;
fs.promises.readFile = function (p, ...rest) {
  note(p);
  return origP.call(this, p, ...rest);
};
module.syncBuiltinESMExports();

const { AirbyteAPI } = await import(entryUrl);
const api = new AirbyteAPI({ serverUrl, security: { bearerAuth: "t" } });
const r = await api.connections.getConnection({ connectionId });
if (r?.connectionId !== connectionId) throw new Error("unexpected getConnection result");
const modules = fs.readFileSync(listFile, "utf8").split("\n").filter(Boolean);
process.stdout.write(JSON.stringify({ modules, reads }) + "\n");
