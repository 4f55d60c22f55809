// Order statistics shared by the benchmarks: one definition of a median and a percentile.

/**
 * The `p` quantile (0..1) of `sorted` (ascending), nearest rank: the smallest value with at least
 * p of the values at or below it.
 * @param {readonly number[]} sorted
 * @param {number} p
 * @throws Error when `sorted` is empty.
 */
export function quantile(sorted, p) {
  if (sorted.length === 0) throw new Error('quantile of no values');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** @typedef {{ n: number, min: number, median: number, p95: number, p99: number, max: number, mean: number }} Summary */

/**
 * Count, min, median, p95, p99, max and mean of `values` (in their own unit, e.g. ms).
 * @param {readonly number[]} values
 * @returns {Summary}
 * @throws Error when `values` is empty.
 */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0],
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/**
 * `x` rounded to `digits` decimals, for reports.
 * @param {number} x
 * @param {number} [digits]
 */
export function round(x, digits = 2) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

/**
 * Every number of a summary rounded to `digits` decimals.
 * @param {Summary} summary
 * @param {number} [digits]
 * @returns {Summary}
 */
export function rounded(summary, digits = 2) {
  return /** @type {Summary} */ (Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, round(v, digits)])));
}
