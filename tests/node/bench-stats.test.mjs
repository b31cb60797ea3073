// The benchmark's shared helpers (bench/stats.mjs): its statistics and the order in which the
// harness runs its clients, which must give every client every predecessor equally often.
import { test } from "node:test";
import assert from "node:assert/strict";
import { balancedOrders, isBalanced, median, quantile } from "../../bench/stats.mjs";

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
