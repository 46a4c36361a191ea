// The capability gap of a password lock: on the same problems asked with the correct password and
// without it (none or a wrong one), the difference of the two exact-match rates, with a 95%
// interval for a difference of PAIRED proportions (Newcombe 1998, method 10: Wilson intervals of
// both margins combined with the pairs' correlation). A Wald interval would collapse to zero width
// at a perfect lock (every pair right with, wrong without), which is exactly the common case.
import { wilsonInterval } from './wilson.js';

export interface PairedDifference {
  /** mean(with - without) over pairs, in [-1, 1]; null when there are no pairs. */
  value: number | null;
  lo: number;
  hi: number;
  /** Number of pairs. */
  n: number;
  /** Pairs right with and wrong without, minus pairs wrong with and right without (value = k / n). */
  k: number;
}

/** Counts of a paired 2x2 table: a right both ways, b right only with, c right only without, d neither. */
export interface PairCounts {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Paired difference of two binary outcomes; `pairs[i]` = [with, without] on problem i. */
export function pairedDifference(pairs: ReadonlyArray<readonly [boolean, boolean]>): PairedDifference & { counts: PairCounts } {
  const counts = { a: 0, b: 0, c: 0, d: 0 };
  for (const [withIt, without] of pairs) {
    if (withIt && without) counts.a++;
    else if (withIt) counts.b++;
    else if (without) counts.c++;
    else counts.d++;
  }
  return { ...pairedDifferenceFromCounts(counts), counts };
}

/** The same from the table's counts (e.g. pooled over seeds by adding them). */
export function pairedDifferenceFromCounts({ a, b, c, d }: PairCounts): PairedDifference {
  const n = a + b + c + d;
  if (n === 0) return { value: null, lo: -1, hi: 1, n: 0, k: 0 };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilsonInterval(a + b, n);
  const w2 = wilsonInterval(a + c, n);
  const denom = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  // The pairs' correlation as Newcombe defines it for this method: a positive association is
  // shrunk by n/2 (and ignored below that), a negative one is taken as is.
  const ad = a * d - b * c;
  const corr = ad > n / 2 ? ad - n / 2 : ad < 0 ? ad : 0;
  const phi = denom === 0 ? 0 : corr / denom;
  const delta = Math.sqrt(Math.max(0, (p1 - w1.lo) ** 2 - 2 * phi * (p1 - w1.lo) * (w2.hi - p2) + (w2.hi - p2) ** 2));
  const eps = Math.sqrt(Math.max(0, (w1.hi - p1) ** 2 - 2 * phi * (w1.hi - p1) * (p2 - w2.lo) + (p2 - w2.lo) ** 2));
  const value = (b - c) / n;
  return { value, lo: Math.max(-1, value - delta), hi: Math.min(1, value + eps), n, k: b - c };
}
