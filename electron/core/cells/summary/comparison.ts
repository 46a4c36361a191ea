// A comparison is a claim about a DIFFERENCE of reductions (e.g. reduction(LoRA r4) − reduction(full)),
// so its verdict comes from the bootstrap interval on that difference, never from whether the two
// rows' own intervals overlap. Lower reduction = more robust organism.
import { contrast, type ContrastInterval, type Replicated } from './bootstrap.js';
import type { SummaryRow } from './aggregate.js';

export type Verdict = 'reproduced' | 'opposite' | 'inconclusive' | 'not testable';

/** A row with its bootstrap replicates: what comparisons are built from. */
export interface Replicate {
  row: SummaryRow;
  replicates: Replicated;
}

export interface Comparison extends ContrastInterval {
  /** "reduction(LoRA r4) − reduction(full weights)" */
  label: string;
  /** Cell names of the rows averaged on each side of the difference. */
  plus: string[];
  minus: string[];
  /** The sign the reference study predicts for the difference; null for a control (no prediction). */
  expectedSign: 1 | -1 | null;
  /** From the interval and expectedSign (see verdictOf); null for a control. */
  verdict: Verdict | null;
  /** The 95% interval excludes 0 (null: no interval). */
  excludesZero: boolean | null;
  /** Seeds, over both sides, whose reading is censored, and all seeds on both sides. */
  censoredSeeds: number;
  seeds: number;
  /** Plain sentences on anything that weakens the comparison (censoring, validation, missing readings). */
  flags: string[];
}

/**
 * reproduced: the interval excludes 0 on the side the reference study predicts; opposite: it
 * excludes 0 on the other side; inconclusive: it includes 0 (or there is no interval).
 */
export function verdictOf(expectedSign: 1 | -1, lo: number | null, hi: number | null): Verdict {
  if (lo === null || hi === null) return 'inconclusive';
  const [a, b] = expectedSign === 1 ? [lo, hi] : [-hi, -lo];
  if (a > 0) return 'reproduced';
  if (b < 0) return 'opposite';
  return 'inconclusive';
}

export const RESULT_RULE =
  'A Result is REPRODUCED only if every one of its comparisons is reproduced; OPPOSITE if at least one is opposite and none is reproduced; otherwise INCONCLUSIVE (a mix of reproduced and opposite included). A comparison is reproduced when the 95% interval on its difference excludes 0 in the reference study\'s direction, opposite when it excludes 0 the other way, inconclusive when it includes 0.';

/** The conservative combination stated in RESULT_RULE. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return 'not testable';
  if (verdicts.every((v) => v === 'reproduced')) return 'reproduced';
  if (verdicts.some((v) => v === 'opposite') && !verdicts.some((v) => v === 'reproduced')) return 'opposite';
  return 'inconclusive';
}

const names = (side: readonly Replicate[]): string => side.map((s) => s.row.organism).join(', ');
export const sideLabel = (side: readonly Replicate[], what?: string): string => `reduction(${what ? `${what}: ` : ''}${names(side)})`;

export function compare(plus: readonly Replicate[], minus: readonly Replicate[], expectedSign: 1 | -1 | null, label?: string): Comparison {
  const interval = contrast(plus.map((p) => p.replicates), minus.map((m) => m.replicates));
  const rows = [...plus, ...minus].map((r) => r.row);
  const censoredSeeds = rows.reduce((a, r) => a + r.censoredSeeds, 0);
  const seeds = rows.reduce((a, r) => a + r.seeds.length, 0);
  const flags: string[] = [];
  if (censoredSeeds > 0) {
    flags.push(`CENSORED: ${censoredSeeds} of ${seeds} seeds never lost 10% capability; their reductions are read at the last checkpoint (lower bounds).`);
  }
  if (interval.censoredReplicates > 0) {
    flags.push(`${interval.censoredReplicates} of ${interval.nBoot} bootstrap replicates drew a censored reading.`);
  }
  for (const r of rows) {
    if (r.unvalidatedSeeds > 0) flags.push(`${r.organism}: ${r.unvalidatedSeeds} seed(s) failed organism validation.`);
    if (r.nSeeds < r.seeds.length) flags.push(`${r.organism}: ${r.seeds.length - r.nSeeds} seed(s) have no defined reduction.`);
    if (r.nSeeds > 0 && r.nSeeds < 3) flags.push(`${r.organism}: only ${r.nSeeds} seed(s); a bootstrap over so few seeds understates the spread.`);
  }
  if (interval.lo === null) flags.push(`No interval: only ${interval.definedReplicates} of ${interval.nBoot} replicates had a defined difference.`);
  const excludesZero = interval.lo === null || interval.hi === null ? null : interval.lo > 0 || interval.hi < 0;
  return {
    ...interval,
    label: label ?? `${sideLabel(plus)} − ${sideLabel(minus)}`,
    plus: plus.map((p) => p.row.cellName),
    minus: minus.map((m) => m.row.cellName),
    expectedSign,
    verdict: expectedSign === null ? null : verdictOf(expectedSign, interval.lo, interval.hi),
    excludesZero,
    censoredSeeds,
    seeds,
    flags,
  };
}

const points = (x: number | null): string => (x === null ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`);

/** "reduction(a) − reduction(b) = +12.0 points [95% +3.1, +20.4]: reproduced (CENSORED)" */
export function comparisonText(c: Comparison): string {
  const interval = c.lo === null || c.hi === null ? 'no interval' : `95% [${points(c.lo)}, ${points(c.hi)}]`;
  const what = c.verdict ?? (c.excludesZero === null ? 'no interval' : c.excludesZero ? 'differs from 0' : 'no difference detected (includes 0)');
  return `${c.label} = ${points(c.estimate)} points, ${interval}: ${what}${c.censoredSeeds > 0 ? ' (involves censored seeds)' : ''}`;
}
