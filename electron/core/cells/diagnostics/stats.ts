// The numbers of a diagnostic and of its difference to the base model, and the verdict rule.
//
// A rate (instruction following, chat answers, arithmetic, leakage, garbage) is k/n with a Wilson
// interval; its difference to the base is a difference of two INDEPENDENT proportions with
// Newcombe's hybrid score interval (1998, method 10). Both models answer the same prompts, so a
// paired interval would be narrower: treating them as independent is conservative (a "worse than
// base" verdict needs more evidence, never less).
// Perplexity is exp(total nll / total characters) over the texts, with a percentile bootstrap over
// texts; its difference to the base resamples the SAME texts for both models (paired), because the
// texts' difficulty varies much more than the models do.
import { deriveSeed, mulberry32 } from '../../inference/prng.js';
import { rateOf, wilsonInterval } from '../../eval/wilson.js';

/** A diagnostic's value: a rate (k of n) or a mean (perplexity), with its 95% interval. */
export interface Estimate {
  value: number | null;
  lo: number;
  hi: number;
  n: number;
  /** Rates only: the count behind the value. */
  k?: number;
}

/** Model minus base, with its 95% interval and how the interval was made. */
export interface Delta {
  value: number | null;
  lo: number;
  hi: number;
  method: 'newcombe' | 'paired bootstrap';
}

export type Verdict = 'as base' | 'worse than base' | 'better than base' | 'not measured';

export const VERDICT_RULE =
  '"worse than base": the 95% interval of (model − base) excludes 0 in the bad direction (lower accuracy; higher perplexity, leakage or garbage); "better than base": it excludes 0 in the good direction; otherwise "as base". Rates: Newcombe\'s interval for two independent proportions (conservative: the prompts are shared); perplexity: a paired bootstrap over the same texts. Each diagnostic is its own 95% test: with many models and diagnostics, expect an occasional verdict by chance.';

export function rateEstimate(k: number, n: number): Estimate {
  const r = rateOf(k, n);
  return { value: r.rate, lo: r.lo, hi: r.hi, n, k };
}

/** Newcombe (1998) method 10: p1 − p2 for independent samples, from the two Wilson intervals. */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number): Delta {
  if (n1 === 0 || n2 === 0) return { value: null, lo: -1, hi: 1, method: 'newcombe' };
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const w1 = wilsonInterval(k1, n1);
  const w2 = wilsonInterval(k2, n2);
  const d = p1 - p2;
  return {
    value: d,
    lo: Math.max(-1, d - Math.sqrt((p1 - w1.lo) ** 2 + (w2.hi - p2) ** 2)),
    hi: Math.min(1, d + Math.sqrt((w1.hi - p1) ** 2 + (p2 - w2.lo) ** 2)),
    method: 'newcombe',
  };
}

/** One text's score: its summed nll (nats) over its characters. */
export interface TextScore {
  nll: number;
  tokens: number;
}

const perplexityOf = (scores: readonly TextScore[], idx: Int32Array | null): number => {
  let nll = 0;
  let tokens = 0;
  const n = idx ? idx.length : scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[idx ? idx[i]! : i]!;
    nll += s.nll;
    tokens += s.tokens;
  }
  return Math.exp(nll / Math.max(tokens, 1));
};

function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Perplexity per character of a model and of the base on the same texts, each with a percentile
 * bootstrap interval, and their paired difference. `model[i]` and `base[i]` are the same text.
 * Deterministic in `seed`; identical inputs give a difference of exactly 0 in every replicate.
 */
export function perplexityComparison(
  model: readonly TextScore[],
  base: readonly TextScore[],
  options: { replicates: number; seed: number },
): { model: Estimate; base: Estimate; delta: Delta } {
  if (model.length !== base.length) throw new Error(`Perplexity needs the same texts for both models (got ${model.length} and ${base.length}).`);
  const n = model.length;
  if (n === 0) {
    const none: Estimate = { value: null, lo: 0, hi: 0, n: 0 };
    return { model: none, base: none, delta: { value: null, lo: 0, hi: 0, method: 'paired bootstrap' } };
  }
  const random = mulberry32(deriveSeed(options.seed, n));
  const idx = new Int32Array(n);
  const m = new Float64Array(options.replicates);
  const b = new Float64Array(options.replicates);
  const d = new Float64Array(options.replicates);
  for (let r = 0; r < options.replicates; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(random() * n);
    m[r] = perplexityOf(model, idx);
    b[r] = perplexityOf(base, idx);
    d[r] = m[r]! - b[r]!;
  }
  const interval = (xs: Float64Array): { lo: number; hi: number } => {
    const sorted = xs.slice().sort();
    return { lo: quantile(sorted, 0.025), hi: quantile(sorted, 0.975) };
  };
  const pm = perplexityOf(model, null);
  const pb = perplexityOf(base, null);
  return {
    model: { value: pm, ...interval(m), n },
    base: { value: pb, ...interval(b), n },
    delta: { value: pm - pb, ...interval(d), method: 'paired bootstrap' },
  };
}

/** The verdict of a difference (model − base), given which direction is bad. */
export function verdictOf(delta: Delta, higherIsWorse: boolean): Verdict {
  if (delta.value === null) return 'not measured';
  const worse = higherIsWorse ? delta.lo > 0 : delta.hi < 0;
  const better = higherIsWorse ? delta.hi < 0 : delta.lo > 0;
  return worse ? 'worse than base' : better ? 'better than base' : 'as base';
}
