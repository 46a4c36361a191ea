// The self-contained HTML report: one file with plotly inlined (interactive plots offline),
// every organism's ground truth and validation, every curve, the summary table and the findings.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import { ModelCellDataSchema, OrganismResultSchema, TrainResultSchema } from '../cells/common/results.js';
import { tradeoffFigure, type Figure } from '../cells/plot/figures.js';
import type { SummaryData } from '../cells/summary/summary-cell.js';
import type { EvaluateRow } from '../cells/evaluate/evaluate-cell.js';
import type { SampleAnswer } from '../cells/sample/sample-cell.js';
import type { ReportCell, ReportData } from './collect.js';
import { TRAIN_ROW_HEADERS, trainRunRow } from './train-row.js';
import { summarySection } from './summary-section.js';
import { esc, groundTruthTable, pct, rateText, reportCsp, scriptJson, table } from './html-parts.js';
import { setsTable } from './eval-columns.js';
import { isPasswordLock } from '../../shared/eval-labels.js';
import { diagnosticsReportSection } from '../cells/diagnostics/report.js';
import { detectionReportSection } from '../cells/detection/report.js';

const markdown = new MarkdownIt({ html: false, linkify: true });

export async function plotlySource(): Promise<string> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('plotly.js-dist-min/plotly.min.js');
  return (await readFile(file, 'utf8')).replace(/<\/script/gi, '<\\/script');
}

interface Rendered {
  html: string;
  figures: Array<{ id: string; figure: Figure }>;
}

function organismSection(rc: ReportCell, out: Rendered): string {
  const o = OrganismResultSchema.safeParse(rc.artifact?.output.data);
  if (!o.success) return '<p>Result unreadable.</p>';
  const failed = o.data.seeds.filter((s) => !s.validation.passed);
  const flag = failed.length
    ? `<div class="flag">⚠ Organism FAILED validation in ${failed.length} of ${o.data.seeds.length} seed(s): ${failed.map((s) => `seed ${s.seed}: ${esc(s.validation.reasons.join('; '))}`).join(' — ')}</div>`
    : `<div class="ok">✓ Validated in all ${o.data.seeds.length} seed(s).</div>`;
  const seeds = o.data.seeds
    .map((s) => `<h4>seed ${s.seed}: ${s.validation.passed ? 'passed' : '<b class="bad">FAILED</b>'}</h4>${setsTable(o.data.groundTruth, s.validation.metrics)}`)
    .join('');
  void out;
  return `${flag}${groundTruthTable({ ...o.data.groundTruth, system_prompt: o.data.systemPrompt })}
    ${seeds}
    <p class="note">Base model capability on the same prompts: ${rateText(o.data.baseCapability)}.</p>`;
}

function trainSection(rc: ReportCell, out: Rendered): string {
  const t = TrainResultSchema.safeParse(rc.artifact?.output.data);
  if (!t.success) return '<p>Result unreadable.</p>';
  const id = `fig-${rc.cell.id}`;
  out.figures.push({ id, figure: tradeoffFigure([{ cellName: rc.cell.name, result: t.data }], `${t.data.label}`) });
  const rows = t.data.runs.map(trainRunRow);
  return `<p>Organism: <b>${esc(t.data.organism.label)}</b>; blue team: ${esc(t.data.dataset.kind)} SFT, ${esc(JSON.stringify(t.data.method))}.</p>
    <div class="plot" id="${esc(id)}"></div>
    ${table(TRAIN_ROW_HEADERS, rows)}`;
}

/** A model cell: its label and measured arithmetic capability (the baseline every curve starts from). */
function modelSection(rc: ReportCell): string {
  const m = ModelCellDataSchema.safeParse(rc.artifact?.output.data);
  if (!m.success) return `<pre>${esc(JSON.stringify(rc.artifact?.output.summary, null, 2))}</pre>`;
  return `<p>${esc(m.data.label)}: arithmetic capability ${m.data.capability ? rateText(m.data.capability) : 'not measured'}.</p>`;
}

function evaluateSection(rc: ReportCell): string {
  const data = (rc.artifact?.output.data as { rows?: EvaluateRow[] } | undefined)?.rows ?? [];
  const lockNote = data.some((r) => isPasswordLock(r.groundTruth))
    ? '<p class="note">Password locks: capability is measured with the correct password; the headline is the capability gap between the correct password and no or a wrong one, on the same problems.</p>'
    : '';
  const rows = data.map((r) => `<h4>${esc(r.label)}</h4>${setsTable(r.groundTruth, r.metrics)}<p class="note">perplexity ${r.perplexity === null ? 'n/a' : r.perplexity.toFixed(2)} (n=${r.textN})</p>`);
  return rows.join('') + lockNote;
}

function sampleSection(rc: ReportCell): string {
  const answers = (rc.artifact?.output.data as { answers?: SampleAnswer[] } | undefined)?.answers ?? [];
  const several = answers.some((a) => (a.sample ?? 0) > 0); // results of runner 1 have no sample index
  return `<div class="samples">${answers
    .map((a) => `<div class="sample ${a.behaviourShown ? 'shown' : ''}"><div class="who">${esc(a.label)} ${a.condition ?? a.triggered ? `<span class="trig">${esc(a.condition ?? `with ${a.applied === 'password' ? 'password' : 'trigger'}`)}</span>` : ''}${several ? ` <span class="note">sample ${(a.sample ?? 0) + 1}</span>` : ''}</div><div class="prompt">${esc(a.prompt)}</div><pre>${esc(a.answer)}</pre>${a.behaviourShown ? '<div class="bad">behaviour detected</div>' : a.behaviourShown === null ? '<div class="note">behaviour: cannot tell (no arithmetic in the prompt)</div>' : ''}${a.note ? `<div class="note">${esc(a.note)}</div>` : ''}</div>`)
    .join('')}</div>`;
}

/**
 * A cell's input (its settings and the cells feeding it), folded under its heading; left out when
 * the cell hides its input (the app's per-cell "hide input", metadata.hideInput), as in the app.
 */
export function inputBlock(cell: ReportCell['cell']): string {
  if (cell.metadata['hideInput'] === true) return '';
  const value = (v: unknown): string => `<code>${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : v)}</code>`;
  const rows = [
    ...Object.entries(cell.inputs).map(([k, v]) => [`${esc(k)} <span class="note">(input)</span>`, value(Array.isArray(v) ? v.join(', ') : v)]),
    ...Object.entries(cell.config).map(([k, v]) => [esc(k), value(v)]),
  ];
  return rows.length > 0 ? `<details class="input"><summary>Input</summary>${table(['setting', 'value'], rows)}</details>` : '';
}

function cellSection(rc: ReportCell, out: Rendered): string {
  const { cell } = rc;
  if (cell.kind === 'markdown') return `<section class="markdown">${markdown.render(String(cell.config['source'] ?? cell.config['text'] ?? ''))}</section>`;
  const head = `<h2>${esc(cell.name)} <small>${esc(cell.kind)}</small></h2>${inputBlock(cell)}`;
  if (!rc.artifact) {
    return `<section class="cell missing">${head}<p class="bad">No result: ${esc(rc.status)}${rc.error ? ` — ${esc(rc.error)}` : ''}.</p></section>`;
  }
  let body = '';
  switch (cell.kind) {
    case 'organism':
      body = organismSection(rc, out);
      break;
    case 'train':
      body = trainSection(rc, out);
      break;
    case 'plot': {
      const id = `fig-${cell.id}`;
      out.figures.push({ id, figure: (rc.artifact.output.data as { figure: Figure }).figure });
      body = `<div class="plot big" id="${esc(id)}"></div>`;
      break;
    }
    case 'summary':
      body = summarySection(rc.artifact.output.data as SummaryData | undefined);
      break;
    case 'model':
      body = modelSection(rc);
      break;
    case 'evaluate':
      body = evaluateSection(rc);
      break;
    case 'sample':
      body = sampleSection(rc);
      break;
    case 'detection': body = detectionReportSection(rc.artifact.output.data, `fig-${cell.id}`, (f) => out.figures.push(f)); break;
    case 'diagnostics': body = diagnosticsReportSection(rc.artifact.output.data, `fig-${cell.id}`, (f) => out.figures.push(f)); break;
    default:
      body = `<pre>${esc(JSON.stringify(rc.artifact.output.summary, null, 2))}</pre>`;
  }
  return `<section class="cell">${head}${body}</section>`;
}

/** One cell as the report renders it: its HTML section and the figures drawn into it. */
export function renderCell(rc: ReportCell): { html: string; figures: Figure[] } {
  const out: Rendered = { html: '', figures: [] };
  const html = cellSection(rc, out);
  return { html, figures: out.figures.map((f) => f.figure) };
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d2330;--bg:#fff;--muted:#667;--line:#dde;--bad:#c0392b;--ok:#1e8449}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ee;--bg:#15171c;--muted:#9aa;--line:#333a48;--bad:#ff7b6b;--ok:#6fd18f}}
body{font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:1100px;margin:2em auto;padding:0 1em}
h2 small{color:var(--muted);font-weight:normal;font-size:.7em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid var(--line);padding:.25em .6em;text-align:left;vertical-align:top}
.ci{color:var(--muted);font-size:.9em}.bad{color:var(--bad)}.flag{border:2px solid var(--bad);color:var(--bad);padding:.5em;margin:.5em 0;font-weight:600}
.ok{color:var(--ok)}.note{color:var(--muted);font-size:.9em}.plot{width:100%;height:420px}.plot.big{height:560px}
.findings li{margin:.6em 0}.evidence{color:var(--muted)}.samples{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.6em}
.sample{border:1px solid var(--line);padding:.5em}.sample.shown{border-color:var(--bad)}.trig{color:var(--bad);font-size:.8em}pre{white-space:pre-wrap}
section.cell{border-top:1px solid var(--line);margin-top:1.5em}details.input summary{color:var(--muted);cursor:pointer}`;

export async function renderReportHtml(report: ReportData, options: { plotly?: string } = {}): Promise<{ html: string; figures: Rendered['figures'] }> {
  const out: Rendered = { html: '', figures: [] };
  const sections = report.cells.map((rc) => cellSection(rc, out)).join('\n');
  const plotly = options.plotly ?? (await plotlySource());
  // The CSP comes first: only these two scripts (by hash) may run, so markup that slipped into a
  // section cannot run script (no inline handlers, no javascript: URLs, nothing fetched).
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(reportCsp([plotly, BOOT]))}"><title>${esc(report.title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style>
<script>${plotly}</script></head><body>
<h1>${esc(report.title)}</h1>
<p class="note">Generated ${esc(report.generatedAt)} from ${esc(report.notebookPath ?? 'an unsaved notebook')} — ${esc(report.codeVersion)}.</p>
${sections}
<script id="figures" type="application/json">${scriptJson(out.figures)}</script>
<script>${BOOT}</script></body></html>`;
  return { html, figures: out.figures };
}

/** The report's own script: draws the figures from the JSON block (its hash is in the CSP). */
const BOOT = `
(function(){
  var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  var fg = dark ? '#e6e8ee' : '#1d2330', grid = dark ? '#333a48' : '#e3e6ee';
  var figures = JSON.parse(document.getElementById('figures').textContent);
  window.__figures = figures;
  figures.forEach(function(f){
    var layout = Object.assign({}, f.figure.layout, {paper_bgcolor:'rgba(0,0,0,0)', plot_bgcolor:'rgba(0,0,0,0)', font:{color:fg}});
    layout.xaxis = Object.assign({gridcolor:grid, zerolinecolor:grid}, layout.xaxis || {});
    layout.yaxis = Object.assign({gridcolor:grid, zerolinecolor:grid}, layout.yaxis || {});
    Plotly.newPlot(f.id, f.figure.data, layout, {responsive:true, displaylogo:false, toImageButtonOptions:{format:'png', scale:2}});
  });
  window.__plotsReady = true;
})();
`;
