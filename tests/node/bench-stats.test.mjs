// The benchmark's shared helpers (bench/stats.mjs): its statistics and the order in which the
// harness runs its clients, which must give every client every predecessor equally often.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  balancedOrders,
  isBalanced,
  median,
  medianDiffInterval,
  medianInterval,
  pairedDiff,
  quantile,
  seededRandom,
} from "../../bench/stats.mjs";

test("median and quantile", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(quantile([5, 1, 4, 2, 3], 0), 1);
  assert.equal(quantile([5, 1, 4, 2, 3], 1), 5);
  assert.equal(quantile([5, 1, 4, 2, 3], 0.5), 3);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test("balancedOrders: every client right after every other one equally often", () => {
  for (let n = 1; n <= 9; n++) {
    const orders = balancedOrders(n);
    assert.equal(orders.length, n < 2 ? 1 : n % 2 ? 2 * n : n, `rows for ${n} clients`);
    assert.ok(isBalanced(orders, n), `${n} clients: ${JSON.stringify(orders)}`);
    // Each position holds each client equally often as well (a Latin square, or two).
    for (let pos = 0; pos < n; pos++) {
      const seen = orders.map((o) => o[pos]).sort((a, b) => a - b);
      const per = orders.length / n;
      assert.deepEqual(seen, [...Array(n).keys()].flatMap((c) => Array(per).fill(c)), `${n} clients, position ${pos}`);
    }
  }
});

test("isBalanced rejects a plain rotation and malformed orders", () => {
  const rotation = (n) => [...Array(n).keys()].map((i) => [...Array(n).keys()].map((k) => (k + i) % n));
  for (let n = 3; n <= 6; n++) assert.equal(isBalanced(rotation(n), n), false, `rotation of ${n}`);
  assert.equal(isBalanced([[0, 1], [1, 0]], 2), true);
  assert.equal(isBalanced([[0, 0], [1, 1]], 2), false);
  assert.equal(isBalanced([[0, 1, 2]], 2), false);
  assert.equal(isBalanced([[0, 2], [2, 0]], 2), false);
});

test("seededRandom: repeatable, in [0, 1), not constant", () => {
  const a = seededRandom(7);
  const b = seededRandom(7);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, seededRandom(8)));
  // Roughly uniform: each tenth of the range gets 60-140 of 1,000 draws.
  const bins = Array(10).fill(0);
  for (const x of xs) bins[Math.floor(x * 10)]++;
  assert.ok(bins.every((c) => c > 60 && c < 140), JSON.stringify(bins));
});

test("medianDiffInterval: brackets the difference of medians, narrows with more samples", () => {
  const rnd = seededRandom(3);
  const noisy = (n, centre) => Array.from({ length: n }, () => centre + (rnd() - 0.5) * 10);
  const a = noisy(41, 44);
  const b = noisy(41, 35);
  const d = median(a) - median(b);
  const [lo, hi] = medianDiffInterval(a, b);
  assert.ok(lo <= d && d <= hi, `${lo} <= ${d} <= ${hi}`);
  assert.ok(hi - lo > 0.5 && hi - lo < 8, `width ${hi - lo}`);
  // The same samples and seed give the same interval; four times the samples, about half the width.
  assert.deepEqual(medianDiffInterval(a, b), [lo, hi]);
  const [lo4, hi4] = medianDiffInterval(noisy(164, 44), noisy(164, 35));
  assert.ok(hi4 - lo4 < 0.8 * (hi - lo), `width ${hi4 - lo4} against ${hi - lo}`);
  // No spread, no width; no samples, no interval; nonsense levels are refused.
  assert.deepEqual(medianDiffInterval([5, 5, 5], [2, 2]), [3, 3]);
  assert.ok(medianDiffInterval([], [1]).every(Number.isNaN));
  assert.throws(() => medianDiffInterval([1], [1], { level: 1 }), RangeError);
  assert.throws(() => medianDiffInterval([1], [1], { iters: 0 }), RangeError);
});

test("medianInterval: brackets the median, is narrower for paired differences under a drift", () => {
  const rnd = seededRandom(5);
  // 41 rounds on a machine that slows down during the run: both kinds drift by up to +12 ms,
  // the second is 9 ms slower in every round, and each sample has ±2.5 ms of its own noise.
  const drift = Array.from({ length: 41 }, (_, i) => (12 * i) / 40);
  const base = drift.map((d) => 35 + d + (rnd() - 0.5) * 5);
  const slow = drift.map((d) => 44 + d + (rnd() - 0.5) * 5);
  const diffs = slow.map((x, i) => x - base[i]);
  const [lo, hi] = medianInterval(diffs);
  assert.ok(lo <= median(diffs) && median(diffs) <= hi, `${lo} <= ${median(diffs)} <= ${hi}`);
  assert.ok(lo < 9 && 9 < hi, `the true 9 ms in ${lo}..${hi}`);
  const [ulo, uhi] = medianDiffInterval(slow, base);
  assert.ok(hi - lo < 0.6 * (uhi - ulo), `paired width ${hi - lo} against unpaired ${uhi - ulo}`);
  assert.deepEqual(medianInterval(diffs), [lo, hi]);
  // pairedDiff takes the same differences itself, and only from round-matched samples.
  assert.deepEqual(pairedDiff(slow, base), { median: median(diffs), interval: [lo, hi] });
  assert.equal(pairedDiff(slow.slice(1), base), null);
  assert.equal(pairedDiff([], []), null);
  assert.deepEqual(medianInterval([4, 4, 4]), [4, 4]);
  assert.ok(medianInterval([]).every(Number.isNaN));
  assert.throws(() => medianInterval([1], { level: 0 }), RangeError);
});
