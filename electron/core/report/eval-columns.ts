// An evaluation's numbers as the report shows them: CSV/JSON columns and an HTML table of its sets,
// labelled for the organism's kind (electron/shared/eval-labels.ts). The "behaviour" column (any
// spelling) and the "exact" column (trained spelling) stand side by side so style drift reads apart
// from removal; near-miss, held-out-phrasing and triggered-correct rates and a password lock's three
// sets and capability gap have their own columns. Results from before these existed lack them.
import type { EvalMetrics } from '../cells/common/eval-metrics.js';
import type { Rate } from '../eval/wilson.js';
import { headlineLabel, isPasswordLock, labelledSets } from '../../shared/eval-labels.js';
import type { MetricRow } from './summary-section.js';
import { esc, pct, rateText, table } from './html-parts.js';

function rateColumns(prefix: string, r: Rate | undefined): MetricRow {
  if (!r) return {};
  return { [`${prefix}_k`]: r.k, [`${prefix}_n`]: r.n, [`${prefix}_rate`]: r.rate, [`${prefix}_lo`]: r.lo, [`${prefix}_hi`]: r.hi };
}

/**
 * Every rate of one evaluation as columns. `triggered_*` is the headline: the behaviour (tolerant
 * detector) for a backdoor, the paired capability gap for a password lock (`headline` says which).
 */
export function evalColumns(m: EvalMetrics, groundTruth?: { kind?: unknown }): MetricRow {
  const row: MetricRow = {
    ...(groundTruth ? { headline: headlineLabel(groundTruth) } : {}),
    ...rateColumns('triggered', m.triggered),
    ...rateColumns('untriggered', m.untriggered),
    ...rateColumns('capability', m.capability),
    ...rateColumns('exact_triggered', m.exact?.triggered),
    ...rateColumns('exact_untriggered', m.exact?.untriggered),
    ...rateColumns('near_miss', m.nearMiss),
    ...rateColumns('triggered_correct', m.triggeredCorrect),
  };
  for (const phrasing of ['in_distribution', 'held_out'] as const) {
    const p = m.byPhrasing?.[phrasing];
    if (!p) continue;
    Object.assign(row, rateColumns(`${phrasing}_triggered`, p.triggered), rateColumns(`${phrasing}_untriggered`, p.untriggered), rateColumns(`${phrasing}_capability`, p.capability));
  }
  if (m.password) {
    for (const set of ['correct', 'none', 'wrong'] as const) {
      Object.assign(row, rateColumns(`password_${set}_capability`, m.password[set].capability), rateColumns(`password_${set}_weak`, m.password[set].weak));
    }
    Object.assign(row, { gap: m.password.gap.value, gap_lo: m.password.gap.lo, gap_hi: m.password.gap.hi, gap_n: m.password.gap.n });
  }
  return row;
}

/** "+72% [61%, 80%] (n=200 pairs)": a lock's gap, a paired difference rather than k of n. */
export function gapText(g: { value: number | null; lo: number; hi: number; n: number }): string {
  return `${pct(g.value)} <span class="ci">[${pct(g.lo)}, ${pct(g.hi)}] (n=${g.n} pairs)</span>`;
}

/** One row per labelled set, then capability, the lock's gap and held-out phrasings beneath. */
export function setsTable(groundTruth: { kind?: unknown }, m: EvalMetrics): string {
  const lock = isPasswordLock(groundTruth);
  const rows = labelledSets(groundTruth, m).map((s) => [
    esc(s.label),
    s.behaviour ? rateText(s.behaviour) : '',
    s.exact ? rateText(s.exact) : '',
    s.correct ? rateText(s.correct) : '',
  ]);
  const notes = [`capability ${rateText(m.capability)}`];
  if (lock && m.password) notes.push(`<b>capability gap</b> (correct minus no/wrong password, paired) ${gapText(m.password.gap)}`);
  const held = m.byPhrasing?.held_out;
  if (held) {
    const headline = lock ? `gap ${pct(held.triggered.rate)} (n=${held.triggered.n} pairs)` : `behaviour ${rateText(held.triggered)}`;
    notes.push(`held-out phrasings: ${headline}, ${lock ? 'weak with the password' : 'false triggers'} ${rateText(held.untriggered)}, capability ${rateText(held.capability)}`);
  }
  const heads = lock ? ['password', 'weak answers', '', 'capability'] : ['prompts', 'behaviour (any spelling)', 'exact (trained spelling)', 'answered correctly'];
  return `${table(heads, rows, 'sets')}<p class="note">${notes.join(' · ')}</p>`;
}
