// The summary cell in the report and the metrics export: organism rows (with the evaluation sizes and
// half-widths behind them), QA controls beside their pirate rows, the base model's capability under
// the blue team, and one verdict per Result with the interval on each difference it is about.
// Stored results from older runners lack the newer fields; every read tolerates their absence.
import type { SummaryRow } from '../cells/summary/aggregate.js';
import type { Comparison } from '../cells/summary/comparison.js';
import type { SummaryData } from '../cells/summary/summary-cell.js';
import { esc, pct, table } from './html-parts.js';

export type MetricRow = Record<string, string | number | boolean | null>;

const signed = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`);
const span = (s: { min: number; max: number } | null | undefined): string => (!s ? 'n/a' : s.min === s.max ? String(s.min) : `${s.min}–${s.max}`);
const halfPts = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `±${(x * 100).toFixed(1)}`);

function rowCells(r: SummaryRow, qaNote: string): string[] {
  return [
    `${esc(r.organism)}${r.role === 'qa-control' ? ' <i>(QA SFT control)</i>' : ''}`,
    esc(r.method),
    esc(r.dataset ?? ''),
    r.mean === null ? 'n/a' : `<b>${pct(r.mean)}</b> <span class="ci">[${pct(r.lo)}, ${pct(r.hi)}]</span>${qaNote}`,
    r.seeds.map((x) => `${x.seed}: ${pct(x.reduction)}${x.censored ? '*' : ''} <span class="ci">[${pct(x.lo)}, ${pct(x.hi)}]</span>`).join('<br>'),
    `${r.nSeeds}${r.censoredSeeds ? ` <b class="bad">(${r.censoredSeeds} censored)</b>` : ''}`,
    `${span(r.checkpointN?.capability)} / ${span(r.checkpointN?.behaviour)}`,
    `${halfPts(r.halfWidth?.capability)} / ${halfPts(r.halfWidth?.behaviour)}`,
  ];
}

function comparisonLine(c: Comparison): string {
  const interval = c.lo === null || c.hi === null ? 'no interval' : `[${signed(c.lo)}, ${signed(c.hi)}]`;
  const flags = c.flags.length ? `<ul>${c.flags.map((f) => `<li class="caveat">${esc(f)}</li>`).join('')}</ul>` : '';
  return `<li>${esc(c.label)} = <b>${signed(c.estimate)}</b> points <span class="ci">95% ${interval}</span> → <b>${esc(c.verdict ?? '')}</b>${c.censoredSeeds ? ' <b class="bad">CENSORED</b>' : ''}${flags}</li>`;
}

export function summarySection(s: SummaryData | undefined): string {
  if (!s?.rows) return '<p>Result unreadable.</p>';
  const qa = s.qaControls ?? [];
  const rows = s.rows.map((r) => {
    const pair = r.role === 'qa-control' ? qa.find((q) => q.qaCell === r.cellName) : undefined;
    const d = pair?.difference;
    const note = d ? `<br><span class="ci">QA − pirate: ${signed(d.estimate)} points [${signed(d.lo)}, ${signed(d.hi)}]${d.excludesZero ? '' : ' (includes 0)'}</span>` : '';
    return rowCells(r, note);
  });
  const base = (s.baseReference ?? []).map((b) => {
    // One line per seed (start → end of the run), every checkpoint folded beneath it.
    const point = (p: (typeof b.seeds)[number]['points'][number]): string =>
      `${pct(p.rate)} <span class="ci">[${pct(p.lo)}, ${pct(p.hi)}] n=${p.n}</span>${p.relativeChange === null ? '' : ` (${signed(p.relativeChange)})`}`;
    const seeds = b.seeds.map((x) => {
      const first = x.points[0];
      const last = x.points.at(-1);
      const line = first && last ? `seed ${x.seed}: ${point(first)} at step ${first.step} → ${point(last)} at step ${last.step}` : `seed ${x.seed}: no checkpoints`;
      return `<details><summary>${line}</summary>${x.points.map((p) => `${p.step}: ${point(p)}`).join(' → ')}</details>`;
    });
    return `<div><p><b>${esc(b.model)}</b> through ${esc(b.dataset)} SFT (${esc(b.cellName)}): capability at the start and end of each seed's run, relative change in points.</p>${seeds.join('')}</div>`;
  });
  const findings = (s.findings ?? [])
    .map((f) => {
      const comparisons = (f.comparisons ?? []).map(comparisonLine).join('');
      const caveats = f.caveats.length ? `<ul>${f.caveats.map((c) => `<li class="caveat">${esc(c)}</li>`).join('')}</ul>` : '';
      const body = comparisons ? `<ul>${comparisons}</ul>` : `<br><span class="evidence">${esc(f.evidence)}</span>`;
      return `<li class="finding ${f.verdict.replace(/ /g, '-')}"><b>${esc(f.id.replace('result', 'Result '))}: ${esc(f.verdict.toUpperCase())}</b> — ${esc(f.claim)}${body}<span class="note">${esc(f.scale ?? '')}</span>${caveats}</li>`;
    })
    .join('');
  return `<h3>${esc(s.title)}</h3>
    ${table(['organism', 'method', 'blue team', 'mean reduction [95% bootstrap over seeds and prompts]', 'per seed [95% bootstrap over prompts] (* censored)', 'seeds', 'n per checkpoint (capability / behaviour)', 'widest rate half-width, points (capability / behaviour)'], rows, 'summary')}
    <p class="note">${esc(s.basisNote ?? 'Lower reduction = more robust organism.')} ${esc(s.bootstrap?.method ?? '')}</p>
    ${base.length ? `<h3>Capability-loss reference: the base model under the same blue team</h3>${base.join('')}` : ''}
    ${findings ? `<h3>Findings (computed from the numbers above)</h3><p class="note">${esc(s.verdictRule ?? '')}</p><ul class="findings">${findings}</ul>` : ''}`;
}

function comparisonRow(result: string, c: Comparison): MetricRow {
  return {
    result,
    comparison: c.label,
    plus: c.plus.join(' '),
    minus: c.minus.join(' '),
    difference: c.estimate,
    lo: c.lo,
    hi: c.hi,
    verdict: c.verdict,
    excludes_zero: c.excludesZero,
    censored_seeds: c.censoredSeeds,
    seeds: c.seeds,
    censored_replicates: c.censoredReplicates,
    defined_replicates: c.definedReplicates,
    n_boot: c.nBoot,
    flags: c.flags.join(' | '),
  };
}

export interface SummaryMetrics {
  summary: MetricRow[];
  comparisons: MetricRow[];
  references: MetricRow[];
  findings: Array<{ id: string; verdict: string; claim: string; evidence: string; caveats: string[]; rule: string; scale: string }>;
}

export function summaryMetrics(s: SummaryData | undefined): SummaryMetrics {
  const out: SummaryMetrics = { summary: [], comparisons: [], references: [], findings: [] };
  for (const row of s?.rows ?? []) {
    const common = { cell: row.cellName, organism: row.organism, method: row.method, dataset: row.dataset ?? null, role: row.role ?? 'organism' };
    out.summary.push({
      ...common,
      seed: 'mean',
      reduction: row.mean,
      lo: row.lo,
      hi: row.hi,
      censored: row.censoredSeeds > 0,
      censored_seeds: row.censoredSeeds,
      n_seeds: row.nSeeds,
      capability_n_min: row.checkpointN?.capability?.min ?? null,
      behaviour_n_min: row.checkpointN?.behaviour?.min ?? null,
      capability_half_width: row.halfWidth?.capability ?? null,
      behaviour_half_width: row.halfWidth?.behaviour ?? null,
    });
    for (const seed of row.seeds) {
      out.summary.push({ ...common, seed: seed.seed, reduction: seed.reduction, lo: seed.lo, hi: seed.hi, censored: seed.censored, n_seeds: 1 });
    }
  }
  for (const f of s?.findings ?? []) {
    for (const c of f.comparisons ?? []) out.comparisons.push(comparisonRow(f.id, c));
    out.findings.push({ id: f.id, verdict: f.verdict, claim: f.claim, evidence: f.evidence, caveats: f.caveats, rule: f.rule ?? '', scale: f.scale ?? '' });
  }
  for (const q of s?.qaControls ?? []) out.comparisons.push(comparisonRow('control:qa', q.difference));
  for (const b of s?.baseReference ?? []) {
    for (const seed of b.seeds) {
      for (const p of seed.points) {
        out.references.push({ cell: b.cellName, model: b.model, dataset: b.dataset, seed: seed.seed, step: p.step, capability_k: p.k, capability_n: p.n, capability_rate: p.rate, capability_lo: p.lo, capability_hi: p.hi, relative_change: p.relativeChange });
      }
    }
  }
  return out;
}
