// Wilson score interval for a binomial proportion: every rate the app reports carries one
// (SCIENCE.md, "Rules of evidence"). Unlike the normal approximation it stays inside [0, 1] and
// is sensible at 0/n and n/n, which are common for organisms (a perfect backdoor is 100/100).

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Rate {
  /** Number of positive outcomes (e.g. answers that showed the bad behaviour). */
  k: number;
  /** Number of trials. */
  n: number;
  /** k / n, or null when n = 0 (no evidence; the interval is then [0, 1]). */
  rate: number | null;
  /** Lower and upper bounds of the 95% Wilson interval. */
  lo: number;
  hi: number;
}

export function wilsonInterval(k: number, n: number, z = Z_95): { lo: number; hi: number } {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0 || k < 0 || k > n) {
    throw new Error(`wilsonInterval needs integers 0 <= k <= n, got k=${k}, n=${n}.`);
  }
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp float noise: at k = 0 the lower bound is exactly 0, at k = n the upper bound exactly 1.
  return { lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

export function rateOf(k: number, n: number): Rate {
  const { lo, hi } = wilsonInterval(k, n);
  return { k, n, rate: n === 0 ? null : k / n, lo, hi };
}

/** Rate of `true` among outcomes. */
export function rateFromOutcomes(outcomes: readonly boolean[]): Rate {
  let k = 0;
  for (const o of outcomes) if (o) k++;
  return rateOf(k, outcomes.length);
}
