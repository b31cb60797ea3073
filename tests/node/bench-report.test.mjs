// The benchmark report's cold-start figures (bench/report.mjs): the budget is judged on the
// difference of medians, and the per-round ("by round") difference is shown beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { budgets, renderMarkdown } from "../../bench/report.mjs";
import { median } from "../../bench/stats.mjs";

// 41 rounds in which the machine slows down by 12 ms; the package is 9 ms slower in each round.
const base = Array.from({ length: 41 }, (_, i) => 35 + (12 * i) / 40 + ((i * 7) % 5) * 0.4);
const pkg = base.map((x, i) => x + 9 + ((i * 3) % 4) * 0.3);
const entry = (xs, over) => ({ n: xs.length, medianMs: median(xs), overFetchMs: over, medianWallMs: 0, wallOverFetchMs: 0, samplesMs: xs });
// A stored full run (docs/bench/results.json) with these cold-start samples in place of its own.
const stored = JSON.parse(readFileSync(new URL("../../docs/bench/results.json", import.meta.url), "utf8"));
const results = (pkgSamples) => ({
  ...stored,
  mode: "full",
  coldNode: { fetch: entry(base, 0), pkg: entry(pkgSamples, median(pkgSamples) - median(base)) },
});
const nodeRow = (r) => budgets(r).find((b) => b.what.startsWith("cold start, Node"));

test("the Node cold-start budget row shows the by-round difference and its interval", () => {
  const row = nodeRow(results(pkg));
  const byRound = median(pkg.map((x, i) => x - base[i]));
  assert.match(row.value, new RegExp(`by round ${byRound.toFixed(2)} ms, 95 % interval \\d+\\.\\d\\d to \\d+\\.\\d\\d ms`));
  const [, lo, hi] = /by round [\d.]+ ms, 95 % interval ([\d.]+) to ([\d.]+) ms/.exec(row.value).map(Number);
  const shown = Number(byRound.toFixed(2));
  assert.ok(lo <= shown && shown <= hi && hi - lo < 1.5, `${lo} <= ${shown} <= ${hi}`);
  // The drift is gone from it: it is the 9 ms the package adds, give or take its own 0-0.9 ms.
  assert.ok(shown >= 9 && shown <= 9.9, String(shown));
  assert.equal(row.status, "PASS");
  // The verdict stays on the difference of medians: 10.5 ms over is a FAIL whatever the rounds say.
  assert.equal(nodeRow(results(pkg.map((x) => x + 1.5))).status, "FAIL");
});

test("without round-matched samples there is no by-round figure, and the report still renders", () => {
  const row = nodeRow(results(pkg.slice(0, 40)));
  assert.doesNotMatch(row.value, /by round/);
  assert.match(row.value, /95 % interval/);
  const md = renderMarkdown(results(pkg));
  assert.match(md, /\| pkg \| 41 \|.*\| [\d.]+ ms \([\d.]+ to [\d.]+ ms\) \|/);
});
