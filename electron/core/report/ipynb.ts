// The notebook as a Jupyter notebook (nbformat 4.5), to read and share results in JupyterLab or
// VS Code: markdown cells stay markdown; every other cell becomes a code cell whose source names
// its kind, inputs and config (as comments: it runs in Organism Studio, not in a kernel) and whose
// outputs are the report's HTML for that cell and its plotly figures
// (application/vnd.plotly.v1+json, which both draw natively). Built from cached results only.
import type { Cell } from '../../shared/notebook-schema.js';
import type { ReportCell, ReportData } from './collect.js';
import { renderCell } from './html.js';
import { markdownText, markdownWithoutHtml } from './markdown-safe.js';

type Output = { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> };
type IpynbCell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, unknown>; source: string }
  | { cell_type: 'code'; id: string; metadata: Record<string, unknown>; source: string; execution_count: null; outputs: Output[] };

/** nbformat 4.5 cell ids: 1-64 of [a-zA-Z0-9_-], unique in the notebook. */
function cellId(cell: Cell, used: Set<string>): string {
  const base = cell.id.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 56) || 'cell';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function codeSource(cell: Cell): string {
  const inputs = Object.entries(cell.inputs).map(([name, from]) => `${name}=${Array.isArray(from) ? from.join('+') : from}`);
  const config = JSON.stringify(cell.config, null, 2).split('\n').map((line) => `#   ${line}`);
  return [
    `# Organism Studio ${cell.kind} cell "${cell.name}"${inputs.length ? ` (inputs: ${inputs.join(', ')})` : ''}`,
    '# Its results below come from the app’s artifact store; run it in Organism Studio.',
    '# config:',
    ...config,
  ].join('\n');
}

function outputsOf(rc: ReportCell): Output[] {
  const { html, figures } = renderCell(rc);
  const summary = rc.artifact ? JSON.stringify(rc.artifact.output.summary) : `no result (${rc.status})`;
  return [
    { output_type: 'display_data', data: { 'text/html': html, 'text/plain': summary }, metadata: {} },
    ...figures.map((figure): Output => ({
      output_type: 'display_data',
      data: { 'application/vnd.plotly.v1+json': { data: figure.data, layout: figure.layout }, 'text/plain': `<plotly figure: ${String((figure.layout['title'] as { text?: string } | undefined)?.text ?? '')}>` },
      metadata: {},
    })),
  ];
}

export function notebookIpynb(report: ReportData): string {
  const used = new Set<string>();
  const cells: IpynbCell[] = report.cells.map((rc) => {
    const id = cellId(rc.cell, used);
    // Jupyter renders raw HTML in markdown cells: the user's markdown goes over without any.
    if (rc.cell.kind === 'markdown') return { cell_type: 'markdown', id, metadata: {}, source: markdownWithoutHtml(String(rc.cell.config['source'] ?? rc.cell.config['text'] ?? '')) };
    return { cell_type: 'code', id, metadata: { organism_studio: { kind: rc.cell.kind, name: rc.cell.name, status: rc.status } }, source: codeSource(rc.cell), execution_count: null, outputs: outputsOf(rc) };
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      organism_studio: { title: report.title, notebookPath: report.notebookPath, generatedAt: report.generatedAt, codeVersion: report.codeVersion },
    },
    cells: [{ cell_type: 'markdown', id: 'organism-studio-title', metadata: {}, source: `# ${markdownText(report.title)}\n\nExported from Organism Studio on ${markdownText(report.generatedAt)} (${markdownText(report.codeVersion)}).` }, ...cells],
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
