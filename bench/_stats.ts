// Summary statistics for repeated timings: median, quartiles, min and max. Ratios are taken
// between medians measured in the same run, so a shared machine's slow minute hits both sides.

/** Median, quartiles and extremes of a sample. */
export interface Summary {
  /** Number of values. */
  readonly n: number;
  /** Median. */
  readonly median: number;
  /** First quartile. */
  readonly q1: number;
  /** Third quartile. */
  readonly q3: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
}

/**
 * Summarises `values` (linear interpolation between order statistics).
 *
 * @example Summarise three timings
 * ```ts
 * import { summarize } from "./_stats.ts";
 * summarize([3, 1, 2]).median; // 2
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("Cannot summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * `median [min-max]` in whole units, or `value` alone for one sample.
 *
 * @example Format a summary
 * ```ts
 * import { formatSummary, summarize } from "./_stats.ts";
 * formatSummary(summarize([10, 12, 30])); // "12 [10-30]"
 * ```
 */
export function formatSummary(s: Summary, digits = 0): string {
  const f = (x: number) => x.toFixed(digits);
  return s.n === 1 ? f(s.median) : `${f(s.median)} [${f(s.min)}-${f(s.max)}]`;
}
