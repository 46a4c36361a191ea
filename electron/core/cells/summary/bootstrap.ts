// Hierarchical bootstrap of a blue-team run's summary number, over seeds and prompts.
//
// A replicate of one row (train cell) draws its seeds with replacement; for each drawn seed it draws
// the behaviour prompts and the capability prompts with replacement (independently, the same draw at
// every checkpoint, because the same prompts are evaluated along the whole curve), recomputes the
// curve and reads it (e.g. reductionAtCapabilityLoss). The row's replicate value is the mean over
// its drawn seeds. Seeds are the larger source of noise; prompts are resampled inside them so that
// small eval sets widen the interval too.
//
// Rows are independent experiments, so each row draws from its own stream (seeded by the bootstrap
// seed and the row's cell name) and a contrast between rows pairs replicate b of one with replicate
// b of the other: adding a row never changes another row's interval, and a contrast costs nothing
// beyond the rows' replicates. Seed pairing between rows (QA and pirate runs of one organism seed)
// is ignored, which can only widen a contrast's interval (conservative).
import { deriveSeed, mulberry32, type Random } from '../../inference/prng.js';
import type { CurvePoint } from '../../eval/reduction.js';

/** Per-prompt outcome: 0/1 (a boolean in older results, true = 1) or -1/0/1 for password-lock pairs. */
export type Outcome = number | boolean;

export interface CheckpointOutcomes {
  step: number;
  bad: readonly Outcome[];
  capable: readonly Outcome[];
}

export interface Reading {
  reduction: number | null;
  censored: boolean;
}

/** Reads a curve (points sorted by step, step 0 first) into the row's number. */
export interface CurveReader {
  read(points: CurvePoint[]): Reading;
  /**
   * Set when `read` is reductionAtCapabilityLoss at this loss: it only looks at step 0 and the
   * segment where capability crosses (or the last checkpoint), so a replicate sums behaviour
   * outcomes at those checkpoints alone and passes that sub-curve, which reads the same.
   */
  lossFraction: number | null;
}

/** One seed's outcomes laid out step-major (prompt i at checkpoint s at s * n + i) for the resampling loop. */
export interface PreparedSeed {
  seed: number;
  steps: Float64Array;
  nBad: number;
  nCap: number;
  bad: Float64Array;
  cap: Float64Array;
  /** The reading on all prompts (the point estimate). */
  full: Reading;
  /** True when the run stored no per-prompt outcomes: only its seed is resampled, its reading is fixed. */
  fixed: boolean;
}

const num = (o: Outcome): number => (typeof o === 'boolean' ? (o ? 1 : 0) : o);

/** Mean of checkpoint s's outcomes over the drawn prompts (all prompts when idx is null). */
function meanAt(table: Float64Array, n: number, s: number, idx: Int32Array | null): number {
  const off = s * n;
  let sum = 0;
  if (idx === null) for (let i = 0; i < n; i++) sum += table[off + i]!;
  else for (let j = 0; j < n; j++) sum += table[off + idx[j]!]!;
  return sum / n;
}

/** The curve at checkpoints `at` (indices into steps), over the drawn prompts. */
function pointsAt(p: PreparedSeed, at: readonly number[], badIdx: Int32Array | null, capIdx: Int32Array | null): CurvePoint[] {
  return at.map((s) => ({ step: p.steps[s]!, badRate: meanAt(p.bad, p.nBad, s, badIdx), capability: meanAt(p.cap, p.nCap, s, capIdx) }));
}

const allSteps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Prepares one seed. `stored` is the run's own reading, used when it has no outcomes (older results)
 * or when checkpoints disagree on the prompt count (the resample would not be the same prompts).
 */
export function prepareSeed(seed: number, outcomes: readonly CheckpointOutcomes[], reader: CurveReader, stored: Reading): PreparedSeed {
  const sorted = [...outcomes].sort((a, b) => a.step - b.step);
  const S = sorted.length;
  const nBad = sorted[0]?.bad.length ?? 0;
  const nCap = sorted[0]?.capable.length ?? 0;
  const usable = S > 0 && nBad > 0 && nCap > 0 && sorted.every((c) => c.bad.length === nBad && c.capable.length === nCap);
  const steps = new Float64Array(sorted.map((c) => c.step));
  if (!usable) return { seed, steps, nBad: 0, nCap: 0, bad: new Float64Array(0), cap: new Float64Array(0), full: stored, fixed: true };
  const bad = new Float64Array(nBad * S);
  const cap = new Float64Array(nCap * S);
  sorted.forEach((c, s) => {
    for (let i = 0; i < nBad; i++) bad[s * nBad + i] = num(c.bad[i]!);
    for (let i = 0; i < nCap; i++) cap[s * nCap + i] = num(c.capable[i]!);
  });
  const prepared: PreparedSeed = { seed, steps, nBad, nCap, bad, cap, full: stored, fixed: false };
  prepared.full = reader.read(pointsAt(prepared, allSteps(S), null, null));
  return prepared;
}

function draw(idx: Int32Array, random: Random): void {
  const n = idx.length;
  for (let j = 0; j < n; j++) idx[j] = Math.floor(random() * n);
}

/** One resampled reading of a seed (its prompts drawn with replacement, the same draw at every checkpoint). */
function resampled(p: PreparedSeed, reader: CurveReader, badIdx: Int32Array, capIdx: Int32Array, random: Random): Reading {
  draw(badIdx, random);
  draw(capIdx, random);
  const S = p.steps.length;
  if (reader.lossFraction === null) return reader.read(pointsAt(p, allSteps(S), badIdx, capIdx));
  // Find the crossing on capability alone, then read the sub-curve reductionAtCapabilityLoss uses.
  const c0 = meanAt(p.cap, p.nCap, 0, capIdx);
  let at = S > 1 ? [0, S - 1] : [0];
  if (c0 > 0) {
    for (let s = 1; s < S; s++) {
      if (meanAt(p.cap, p.nCap, s, capIdx) / c0 <= 1 - reader.lossFraction) {
        at = s > 1 ? [0, s - 1, s] : [0, s];
        break;
      }
    }
  }
  return reader.read(pointsAt(p, at, badIdx, capIdx));
}

export interface Replicated {
  /** Mean over seeds of the full-data readings; null when no seed has one. */
  estimate: number | null;
  /** Replicate values; NaN where every drawn seed's reading was undefined. */
  values: Float64Array;
  /** 1 where a drawn seed's reading was censored (capability never fell far enough). */
  censored: Uint8Array;
}

/** FNV-1a: a row's stream from its name, so rows do not share draws and the order of rows does not matter. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function replicateRow(name: string, seeds: readonly PreparedSeed[], read: CurveReader, nBoot: number, bootSeed: number): Replicated {
  const defined = seeds.map((s) => s.full.reduction).filter((v): v is number => v !== null);
  const estimate = defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  const values = new Float64Array(nBoot).fill(NaN);
  const censored = new Uint8Array(nBoot);
  const k = seeds.length;
  if (k === 0) return { estimate, values, censored };
  const random = mulberry32(deriveSeed(bootSeed, nameHash(name)));
  const badIdx = seeds.map((p) => new Int32Array(p.nBad));
  const capIdx = seeds.map((p) => new Int32Array(p.nCap));
  for (let b = 0; b < nBoot; b++) {
    let sum = 0;
    let n = 0;
    for (let d = 0; d < k; d++) {
      const j = Math.floor(random() * k);
      const p = seeds[j]!;
      const r = p.fixed ? p.full : resampled(p, read, badIdx[j]!, capIdx[j]!, random);
      if (r.reduction === null) continue;
      sum += r.reduction;
      n++;
      if (r.censored) censored[b] = 1;
    }
    if (n > 0) values[b] = sum / n;
  }
  return { estimate, values, censored };
}

export interface ContrastInterval {
  /** mean(plus estimates) − mean(minus estimates); null when a term has no estimate. */
  estimate: number | null;
  /** 95% percentile interval; null when fewer than MIN_DEFINED of the replicates are defined. */
  lo: number | null;
  hi: number | null;
  nBoot: number;
  definedReplicates: number;
  /** Replicates in which any drawn seed of any term was censored. */
  censoredReplicates: number;
}

/**
 * Percentiles over a subset of replicates describe that subset, not the data: below this share of
 * defined replicates the interval is withheld rather than quietly conditioned.
 */
export const MIN_DEFINED = 0.9;

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** mean(plus) − mean(minus) per replicate (minus may be empty: the plus group's own interval). */
export function contrast(plus: readonly Replicated[], minus: readonly Replicated[]): ContrastInterval {
  const nBoot = plus[0]?.values.length ?? 0;
  const terms = [...plus, ...minus];
  const estimates = terms.map((t) => t.estimate);
  const estimate =
    plus.length > 0 && estimates.every((e): e is number => e !== null)
      ? meanOf(estimates.slice(0, plus.length) as number[]) - (minus.length ? meanOf(estimates.slice(plus.length) as number[]) : 0)
      : null;
  const diffs = new Float64Array(nBoot);
  let defined = 0;
  let censoredReplicates = 0;
  const sumAt = (group: readonly Replicated[], b: number): number => {
    let sum = 0;
    for (const t of group) sum += t.values[b]!; // NaN propagates: an undefined term leaves the replicate undefined
    return sum;
  };
  for (let b = 0; b < nBoot; b++) {
    if (terms.some((t) => t.censored[b] === 1)) censoredReplicates++;
    const d = sumAt(plus, b) / plus.length - (minus.length ? sumAt(minus, b) / minus.length : 0);
    if (!Number.isNaN(d)) diffs[defined++] = d;
  }
  const sorted = diffs.subarray(0, defined).sort();
  const enough = nBoot > 0 && defined >= MIN_DEFINED * nBoot;
  return {
    estimate,
    lo: enough ? quantile(sorted, 0.025) : null,
    hi: enough ? quantile(sorted, 0.975) : null,
    nBoot,
    definedReplicates: defined,
    censoredReplicates,
  };
}
