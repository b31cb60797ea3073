// Times `scan::accepts` alone in wasm: node scripts/scanbench.mjs a.wasm [b.wasm ...]
// Each build is loaded once; rounds alternate between them (same sitting, same bodies:
// bench/fixtures.mjs list1000 and get). Prints the median per-call time and throughput.
import { readFileSync } from "node:fs";
import { cannedBodies, connection } from "../bench/fixtures.mjs";

const files = process.argv.slice(2);
if (!files.length) throw new Error("usage: node scripts/scanbench.mjs a.wasm [b.wasm ...]");
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const bodies = cannedBodies();
// Items unlike one another (a template rarely fits): the worst case for templates.
const mixed = JSON.stringify({
  data: Array.from({ length: 1000 }, (_, i) => {
    const c = connection(i);
    c.tags = c.tags.concat(Array.from({ length: i % 3 }, () => c.tags[0]));
    if (i % 2) delete c.prefix;
    c.configurations.streams = c.configurations.streams.slice(0, 1 + (i % 5 === 0));
    return c;
  }),
});
const cases = [
  { name: "list1000", schema: 0, bytes: new TextEncoder().encode(bodies.list1000), n: 200 },
  { name: "list100", schema: 0, bytes: new TextEncoder().encode(bodies.list100), n: 2000 },
  { name: "mixed", schema: 0, bytes: new TextEncoder().encode(mixed), n: 200 },
  { name: "get", schema: 1, bytes: new TextEncoder().encode(bodies.get), n: 100000 },
];

const builds = files.map((f) => {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(f)), {});
  return { f, exports };
});
const load = (ex, bytes) => {
  const p = ex.body_alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, p, bytes.length).set(bytes);
};
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const c of cases) {
  const times = builds.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    builds.forEach((b, k) => {
      load(b.exports, c.bytes);
      b.exports.scan_repeat(c.schema, Math.max(1, c.n / 10)); // warm-up
      const t = performance.now();
      const ok = b.exports.scan_repeat(c.schema, c.n);
      times[k].push((performance.now() - t) / c.n);
      if (ok !== c.n) throw new Error(`${b.f}: ${c.name} accepted ${ok} of ${c.n} runs`);
    });
  }
  builds.forEach((b, k) => {
    const ms = median(times[k]);
    console.log(
      `${c.name.padEnd(9)} ${(ms * 1000).toFixed(2).padStart(9)} us  ${(c.bytes.length / ms / 1e6).toFixed(2)} GB/s  ${b.f}`,
    );
  });
}
