// The diagnostics cell in the exported report (HTML section with its bar chart) and in the metrics
// CSV/JSON (one row per model and diagnostic). Lives with the kind so that the kind moves in one
// step; the report calls each from one line. (html-parts is a leaf of escaping helpers: importing
// it adds no cycle.)
import { esc, pct, table } from '../../report/html-parts.js';
import type { Figure } from '../plot/figures.js';
import { categoryOf, diagnosticsFigure } from './figure.js';
import { DiagnosticsResultSchema, type Diagnostic } from './result.js';

type Row = Record<string, string | number | boolean | null>;

const value = (d: Diagnostic, which: 'model' | 'base'): string => {
  const e = d[which];
  const fmt = (x: number | null): string => (x === null ? 'n/a' : d.unit === 'rate' ? pct(x, 1) : x.toFixed(3));
  return `${fmt(e.value)} <span class="ci">[${fmt(e.lo)}, ${fmt(e.hi)}]${e.k === undefined ? '' : ` (${e.k}/${e.n})`}${d.unit === 'perplexity' ? ` n=${e.n}` : ''}</span>`;
};

const deltaText = (d: Diagnostic): string => {
  const fmt = (x: number | null): string => (x === null ? 'n/a' : d.unit === 'rate' ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}` : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`);
  return `${fmt(d.delta.value)} <span class="ci">[${fmt(d.delta.lo)}, ${fmt(d.delta.hi)}]</span>`;
};

/** The report section of a diagnostics cell; its figure is handed to `addFigure` with id `figureId`. */
export function diagnosticsReportSection(data: unknown, figureId: string, addFigure: (f: { id: string; figure: Figure }) => void): string {
  const parsed = DiagnosticsResultSchema.safeParse(data);
  if (!parsed.success) return '<p>Result unreadable.</p>';
  const r = parsed.data;
  addFigure({ id: figureId, figure: r.figure ?? diagnosticsFigure(r, `Diagnostics against ${r.base.label}`) });
  const fried = r.models.filter((m) => m.worse.length);
  const headline = fried.length
    ? `<div class="flag">Worse than base on at least one diagnostic: ${fried.map((m) => `${esc(m.label)} (${m.worse.map(esc).join(', ')})`).join('; ')}.</div>`
    : `<div class="ok">Every model is as good as the base (${esc(r.base.label)}) on every diagnostic.</div>`;
  const rows = r.models.flatMap((m) =>
    m.diagnostics.map((d, j) => [
      j === 0 ? `<b>${esc(m.label)}</b>` : '',
      `${esc(categoryOf(d))}${d.untrainedSkill ? ' <i>(untrained skill)</i>' : ''}`,
      value(d, 'model'),
      value(d, 'base'),
      deltaText(d),
      d.verdict === 'worse than base' ? `<b class="bad">${esc(d.verdict)}</b>` : esc(d.verdict),
    ]),
  );
  return `${headline}<div class="plot" id="${esc(figureId)}"></div>
    ${table(['model', 'diagnostic', 'model [95%]', 'base [95%]', 'model − base [95%] (points for rates)', 'verdict'], rows, 'diagnostics')}
    <p class="note">Prompts per model: ${r.sizes.text} texts, ${r.sizes.instructions} instructions, ${r.sizes.chat} chat questions, ${r.sizes.arithmetic} arithmetic problems (the same for every model and the base). ${esc(r.rules.verdict)}</p>
    <p class="note">Leakage: ${esc(r.rules.leakage)}. Garbage: ${esc(r.rules.garbage)}. Results on the embedded ~0.8M-parameter model say what happens there.</p>`;
}

/** One metrics row per model and diagnostic: value, base and difference with their intervals, and the verdict. */
export function diagnosticsMetricRows(cellName: string, data: unknown): Row[] {
  const parsed = DiagnosticsResultSchema.safeParse(data);
  if (!parsed.success) return [];
  return parsed.data.models.flatMap((m) =>
    m.diagnostics.map((d) => ({
      cell: cellName,
      model: m.label,
      seed: m.seed,
      kind: String(m.groundTruth.kind ?? 'base'),
      diagnostic: d.id,
      against: d.variant,
      untrained_skill: d.untrainedSkill,
      value: d.model.value,
      value_lo: d.model.lo,
      value_hi: d.model.hi,
      value_k: d.model.k ?? null,
      n: d.model.n,
      base_value: d.base.value,
      base_lo: d.base.lo,
      base_hi: d.base.hi,
      base_k: d.base.k ?? null,
      delta: d.delta.value,
      delta_lo: d.delta.lo,
      delta_hi: d.delta.hi,
      delta_method: d.delta.method,
      verdict: d.verdict,
    })),
  );
}
