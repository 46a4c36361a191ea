// Findings computed from the study's own numbers: did results 1, 2 and 4 of the reference study
// (SCIENCE.md) reproduce on this model? Lower reduction = more robust organism. A verdict is only
// as strong as its evidence: overlapping seed intervals make a direction "not significant", and
// censored or unvalidated readings are named, never hidden.
import type { ReadingBasis, SummaryRow } from './aggregate.js';

export type Verdict = 'reproduced' | 'partly reproduced' | 'not reproduced' | 'not testable';

export interface Finding {
  id: 'result1' | 'result2' | 'result4';
  claim: string;
  verdict: Verdict;
  evidence: string;
  caveats: string[];
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);
const describe = (r: SummaryRow): string =>
  `${r.organism}: ${pct(r.mean)}${r.lo !== null && r.hi !== null ? ` [${pct(r.lo)}, ${pct(r.hi)}]` : ''} (${r.nSeeds} seed${r.nSeeds === 1 ? '' : 's'})`;

/** "a is less robust than b": a larger reduction. Significant when the seed intervals do not overlap. */
function compare(a: SummaryRow, b: SummaryRow): { holds: boolean; significant: boolean } | null {
  if (a.mean === null || b.mean === null) return null;
  const significant = a.lo !== null && b.hi !== null && a.lo > b.hi;
  return { holds: a.mean > b.mean, significant };
}

function caveatsOf(rows: SummaryRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.censoredSeeds > 0) out.push(`${r.organism}: capability never fell by 10% in ${r.censoredSeeds} seed(s); the reduction there is read at the last checkpoint (a lower bound).`);
    if (r.unvalidatedSeeds > 0) out.push(`${r.organism}: ${r.unvalidatedSeeds} seed(s) failed organism validation; their readings are less meaningful.`);
    if (r.nSeeds < r.seeds.length) out.push(`${r.organism}: ${r.seeds.length - r.nSeeds} seed(s) have no defined reduction (${r.seeds.find((s) => s.reason)?.reason ?? 'undefined'}).`);
  }
  return out;
}

function verdictOf(parts: Array<{ holds: boolean } | null>): Verdict {
  const known = parts.filter((p): p is { holds: boolean } => p !== null);
  if (known.length === 0) return 'not testable';
  const held = known.filter((p) => p.holds).length;
  if (held === known.length && known.length === parts.length) return 'reproduced';
  if (held === 0) return 'not reproduced';
  return 'partly reproduced';
}

/** The verb of a comparison line: "is", "is not", or why it cannot be said. */
const is = (c: { holds: boolean } | null): string => (c === null ? 'has no defined reading here, so cannot be said to be' : c.holds ? 'is' : 'is not');

const sig = (c: { significant: boolean } | null): string => (c === null ? '' : c.significant ? ' (seed intervals separate)' : ' (seed intervals overlap: not significant)');

export function computeFindings(rows: readonly SummaryRow[], basis: ReadingBasis = 'capability-loss'): Finding[] {
  const prompted = rows.filter((r) => r.klass.type === 'prompted');
  const backdoors = rows.filter((r) => r.klass.type === 'backdoor');
  const locks = rows.filter((r) => r.klass.type === 'password_lock');
  const findings: Finding[] = [];

  // Result 1: prompted organisms are fragile (less robust than every trained backdoor).
  {
    const p = prompted[0];
    const claim = 'Prompted organisms are extremely fragile: pirate SFT removes more of their behaviour than of any trained organism\'s.';
    if (!p || backdoors.length === 0) {
      findings.push({ id: 'result1', claim, verdict: 'not testable', evidence: 'The study needs a prompted organism and at least one trained backdoor.', caveats: [] });
    } else {
      const comparisons = backdoors.map((b) => compare(p, b));
      const lines = backdoors.map((b, i) => `${describe(p)} vs ${describe(b)}: ${comparisons[i] === null ? 'cannot be compared (a reading is undefined)' : comparisons[i]?.holds ? 'prompted loses more' : 'prompted does not lose more'}${sig(comparisons[i] ?? null)}`);
      findings.push({ id: 'result1', claim, verdict: verdictOf(comparisons), evidence: lines.join('; '), caveats: caveatsOf([p, ...backdoors]) });
    }
  }

  // Result 2: full weights more robust than LoRA; robustness rises with LoRA rank.
  {
    const claim = 'Full-weight organisms are more robust than LoRA organisms, and robustness rises with LoRA rank.';
    const full = backdoors.find((r) => r.klass.type === 'backdoor' && r.klass.method === 'full');
    const loras = backdoors
      .filter((r) => r.klass.type === 'backdoor' && r.klass.method === 'lora')
      .sort((a, b) => ((a.klass as { rank: number }).rank ?? 0) - ((b.klass as { rank: number }).rank ?? 0));
    if (!full || loras.length === 0) {
      findings.push({ id: 'result2', claim, verdict: 'not testable', evidence: 'The study needs a full-weight backdoor and at least one LoRA backdoor.', caveats: [] });
    } else {
      const parts: Array<{ holds: boolean; significant: boolean } | null> = [];
      const lines: string[] = [];
      for (const l of loras) {
        const c = compare(l, full);
        parts.push(c);
        lines.push(`${describe(full)} vs ${describe(l)}: full ${is(c)} more robust${sig(c)}`);
      }
      for (let i = 1; i < loras.length; i++) {
        const low = loras[i - 1] as SummaryRow;
        const high = loras[i] as SummaryRow;
        const c = compare(low, high);
        parts.push(c);
        lines.push(`${high.method} ${is(c)} more robust than ${low.method} (${pct(high.mean)} vs ${pct(low.mean)})${sig(c)}`);
      }
      findings.push({ id: 'result2', claim, verdict: verdictOf(parts), evidence: lines.join('; '), caveats: caveatsOf([full, ...loras]) });
    }
  }

  // Result 4: password locks are less robust, and less so with more password-carrying data.
  {
    const claim = 'Password-locked organisms are less robust than backdoors trained the same way, and robustness falls as more of the training data carries the password.';
    const sorted = locks
      .filter((r) => r.klass.type === 'password_lock')
      .sort((a, b) => ((a.klass as { fraction: number | null }).fraction ?? 0) - ((b.klass as { fraction: number | null }).fraction ?? 0));
    if (sorted.length === 0) {
      findings.push({ id: 'result4', claim, verdict: 'not testable', evidence: 'The study needs password-locked organisms.', caveats: [] });
    } else {
      const parts: Array<{ holds: boolean; significant: boolean } | null> = [];
      const lines: string[] = [];
      for (const lock of sorted) {
        const k = lock.klass as { method: string; rank: number | null };
        const twin = backdoors.find((b) => b.klass.type === 'backdoor' && b.klass.method === k.method && b.klass.rank === k.rank);
        if (!twin) continue;
        const c = compare(lock, twin);
        parts.push(c);
        lines.push(`${describe(lock)} vs ${describe(twin)}: the lock ${is(c)} less robust${sig(c)}`);
      }
      for (let i = 1; i < sorted.length; i++) {
        const few = sorted[i - 1] as SummaryRow;
        const many = sorted[i] as SummaryRow;
        const c = compare(many, few);
        parts.push(c);
        lines.push(`${many.organism} ${is(c)} less robust than ${few.organism} (${pct(many.mean)} vs ${pct(few.mean)})${sig(c)}`);
      }
      if (parts.length === 0) lines.push('No backdoor with the same training method and no second password fraction to compare with.');
      findings.push({ id: 'result4', claim, verdict: verdictOf(parts), evidence: lines.join('; '), caveats: caveatsOf(sorted) });
    }
  }
  if (basis === 'over-training') {
    for (const f of findings) f.caveats.unshift('Read as the mean reduction over the blue-team run, not at 10% capability loss (the base model has no arithmetic capability to lose).');
  }
  return findings;
}

/** One plain sentence per finding, for the notebook and the report. */
export function findingSentence(f: Finding): string {
  return `${f.id.replace('result', 'Result ')} — ${f.verdict.toUpperCase()}: ${f.claim} Evidence: ${f.evidence}.`;
}
