// The detection cell in the exported report (HTML section with its ROC figure) and in the metrics
// CSV/JSON (one row per method, one per model and method). Lives with the kind so the kind moves
// in one step; the report calls these from one line each.
import { z } from 'zod';
import type { Figure } from '../plot/figures.js';
import type { DetectionResult, MethodResult } from './detection-cell.js';

type Row = Record<string, string | number | boolean | null>;

/** A stored result is a process boundary: read loosely, render what is there. */
const ResultSchema = z.looseObject({ methods: z.array(z.looseObject({ id: z.string(), label: z.string() })), figure: z.looseObject({ data: z.array(z.record(z.string(), z.unknown())), layout: z.record(z.string(), z.unknown()) }) });

function read(data: unknown): DetectionResult | null {
  return ResultSchema.safeParse(data).success ? (data as DetectionResult) : null;
}

const esc = (text: unknown): string => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const num = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const est = (e: { value: number | null; lo: number | null; hi: number | null } | undefined): string =>
  !e || e.value === null ? 'n/a' : `${num(e.value)} <span class="ci">[${num(e.lo)}, ${num(e.hi)}]</span>`;

function methodHtml(m: MethodResult, n: number): string {
  if (m.error) return `<h3>${esc(m.label)}</h3><p class="bad">${esc(m.error)}</p>`;
  const c = m.confusion;
  const confusion = c
    ? `<table><tr><th></th><th>flagged</th><th>not flagged</th></tr><tr><th>backdoored</th><td>${c.tp} (TP)</td><td>${c.fn} (FN)</td></tr><tr><th>clean</th><td>${c.fp} (FP)</td><td>${c.tn} (TN)</td></tr></table>`
    : '';
  const rows = m.models
    .map((x) => `<tr><td>${esc(x.label)}</td><td>${x.backdoored ? `backdoored (${esc(x.trigger ?? 'unknown trigger')})` : esc(x.role)}</td><td>${num(x.score, 3)}</td><td>${num(x.threshold, 3)}</td><td>${x.flagged === null ? `<span class="bad">${esc(x.error ?? 'not run')}</span>` : x.flagged ? '<b>flagged</b>' : 'no'}</td><td>${x.top.map((t) => `${esc(t.label)}: ${num(t.value, 2)}${t.raw !== undefined && t.raw !== t.value ? ` (${num(t.raw, 3)})` : ""}`).join("<br>")}</td></tr>`)
    .join('');
  const found = m.triggerFound.n ? `<p>Top candidate names the trigger on ${m.triggerFound.exact} of ${m.triggerFound.n} backdoored models with a catalogue trigger (a near miss of it on ${m.triggerFound.nearMiss} more).</p>` : '';
  return `<h3>${esc(m.label)}</h3>
    <p>Score: ${esc(m.scoreName)}. Threshold ${num(m.threshold, 3)}: ${esc(m.calibration)}.</p>
    <p>Precision ${est(m.precision)}, recall ${est(m.recall)}, F1 ${est(m.f1)}, AUROC ${est(m.auroc)} <span class="note">(95% bootstrap over the ${n} models)</span></p>
    ${confusion}${found}
    <table><thead><tr><th>model</th><th>ground truth</th><th>score</th><th>threshold</th><th>flag</th><th>top candidates (score; raw value)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The report section of a detection cell; its ROC figure goes to `addFigure` under `figureId`. */
export function detectionReportSection(data: unknown, figureId: string, addFigure: (f: { id: string; figure: Figure }) => void): string {
  const d = read(data);
  if (!d) return '<p>Result unreadable; run the cell again.</p>';
  addFigure({ id: figureId, figure: d.figure });
  const backdoored = d.population.filter((p) => p.backdoored).length;
  const controls = d.population.filter((p) => p.role === 'control').length;
  return `<p>Population: ${d.population.length} models, ${backdoored} backdoored, ${controls} clean controls (${esc(d.controls)}); ${d.candidates.length} candidate strings, ${d.prompts} prompts each.</p>
    <p class="note">The probe is told each candidate string (which prompts carry it), never the model's behaviour or label. On a model this small a handful of models gives wide intervals: read them.</p>
    <div class="plot" id="${esc(figureId)}"></div>
    ${d.methods.map((m) => methodHtml(m, d.population.length)).join('')}`;
}

/** Metric rows: one per method (P/R/F1/AUROC with intervals, confusion) and one per model and method. */
export function detectionMetricRows(cellName: string, data: unknown): Row[] {
  const d = read(data);
  if (!d) return [];
  return d.methods.flatMap((m): Row[] => {
    const e = (key: 'precision' | 'recall' | 'f1' | 'auroc'): Row => ({ [key]: m[key]?.value ?? null, [`${key}_lo`]: m[key]?.lo ?? null, [`${key}_hi`]: m[key]?.hi ?? null });
    const summary: Row = { cell: cellName, method: m.id, model: null, threshold: m.threshold, tp: m.confusion?.tp ?? null, fp: m.confusion?.fp ?? null, tn: m.confusion?.tn ?? null, fn: m.confusion?.fn ?? null, ...e('precision'), ...e('recall'), ...e('f1'), ...e('auroc'), error: m.error };
    const models = m.models.map((x): Row => ({ cell: cellName, method: m.id, model: x.label, role: x.role, backdoored: x.backdoored, trigger: x.trigger, score: x.score, threshold: x.threshold, flagged: x.flagged, top_candidate: x.top[0]?.label ?? null, found: x.found, error: x.error ?? null }));
    return [summary, ...models];
  });
}
