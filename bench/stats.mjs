// The statistics the benchmark scripts take of their samples (NaN for no samples), and the
// order in which the harness runs its clients.

/** The median; the mean of the middle two for an even count. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** The sample nearest to quantile `q` (0..1). */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Orders of `n` clients (index lists) in which each client comes right after each other
 * client equally often: a Williams design (n rows for even n; for odd n the rows and their
 * reverses, 2n rows). */
export function balancedOrders(n) {
  if (n < 2) return [[...Array(n).keys()]];
  // First row 0, 1, n-1, 2, n-2, …; row i adds i to each entry (mod n).
  const first = [0];
  for (let k = 1, lo = 1, hi = n - 1; k < n; k++) first.push(k % 2 ? lo++ : hi--);
  const rows = [...Array(n).keys()].map((i) => first.map((x) => (x + i) % n));
  return n % 2 ? [...rows, ...rows.map((r) => [...r].reverse())] : rows;
}

/** Whether `orders` are permutations of 0..n-1 in which every ordered pair of distinct clients
 * is adjacent equally often (what {@link balancedOrders} promises). */
export function isBalanced(orders, n) {
  const count = new Map();
  for (const o of orders) {
    if (o.length !== n || new Set(o).size !== n || o.some((x) => !Number.isInteger(x) || x < 0 || x >= n)) return false;
    for (let k = 1; k < n; k++) {
      const pair = `${o[k - 1]}>${o[k]}`;
      count.set(pair, (count.get(pair) ?? 0) + 1);
    }
  }
  const want = n * (n - 1);
  const seen = [...count.values()];
  return n < 2 || (seen.length === want && seen.every((c) => c === seen[0]));
}

/** A small seeded generator (mulberry32): the same seed gives the same draws, so a run's
 * interval can be recomputed from its samples. Returns floats in [0, 1). */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The median of `xs` resampled with replacement (one bootstrap draw). */
function resampledMedian(xs, rnd) {
  return median(Array.from(xs, () => xs[Math.floor(rnd() * xs.length)]));
}

/** The `level` percentile interval of `iters` values of `draw(rnd)`, `rnd` seeded with `seed`. */
function bootstrapInterval(draw, { iters = 2000, level = 0.95, seed = 1 }) {
  if (!(level > 0 && level < 1) || !(iters >= 1)) throw new RangeError("level must be in (0, 1) and iters ≥ 1");
  const rnd = seededRandom(seed);
  const values = Array.from({ length: iters }, () => draw(rnd));
  return [quantile(values, (1 - level) / 2), quantile(values, 1 - (1 - level) / 2)];
}

/** How far `median(xs)` can be trusted: a percentile bootstrap interval (resampled `iters`
 * times, seeded). Used on per-round differences (paired samples). `[NaN, NaN]` without samples. */
export function medianInterval(xs, opts = {}) {
  if (xs.length === 0) return [NaN, NaN];
  return bootstrapInterval((rnd) => resampledMedian(xs, rnd), opts);
}

/** How far `median(a) - median(b)` can be trusted: a percentile bootstrap interval (each
 * sample set resampled on its own, `iters` times, seeded). `level` 0.95 gives the 2.5 % and
 * 97.5 % points. `[NaN, NaN]` when either set is empty. */
export function medianDiffInterval(a, b, opts = {}) {
  if (a.length === 0 || b.length === 0) return [NaN, NaN];
  return bootstrapInterval((rnd) => resampledMedian(a, rnd) - resampledMedian(b, rnd), opts);
}

/** The per-round differences `a[i] - b[i]` of two sample sets kept in round order (each round ran
 * both once), summarised: their median, which a drift of the machine during the run does not
 * move, with its interval (`medianInterval`). Null unless both have the same, non-zero length. */
export function pairedDiff(a, b, opts = {}) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length === 0 || a.length !== b.length) return null;
  const d = a.map((x, i) => x - b[i]);
  return { median: median(d), interval: medianInterval(d, opts) };
}
