import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../../electron/core/report/collect.js';
import { notebookIpynb } from '../../../electron/core/report/ipynb.js';

const manifest = { hash: 'h', kind: 'plot', cellName: 'p', config: {}, inputs: {}, codeVersion: 'v', runnerVersion: '5', startedAt: '', finishedAt: '', durationMs: 1 };
const figure = { data: [{ type: 'scatter', x: [1, 0.9], y: [0.8, 0.4] }], layout: { title: { text: 'Trade-off' } } };

function report(): ReportData {
  return {
    title: 'My study',
    notebookPath: '/data/my.organism.json',
    generatedAt: '2026-12-01T00:00:00Z',
    codeVersion: 'bridge 0.1.0 / app 0.1.0',
    cells: [
      { cell: { id: 'intro', kind: 'markdown', name: 'intro', config: { source: '# Hello\n\nText.' }, inputs: {}, output: null, metadata: {} }, status: 'passive', artifact: null },
      {
        cell: { id: 'plot 1', kind: 'plot', name: 'tradeoff', config: { type: 'tradeoff', note: true }, inputs: { runs: ['a', 'b'] }, output: null, metadata: {} },
        status: 'done',
        artifact: { hash: 'h', dir: '/tmp', manifest, output: { summary: { series: 2 }, data: { type: 'tradeoff', figure } } },
      },
      { cell: { id: 'ev', kind: 'evaluate', name: 'ev', config: {}, inputs: { models: 'base' }, output: null, metadata: {} }, status: 'stale', artifact: null },
    ],
  };
}

describe('Jupyter export', () => {
  const nb = JSON.parse(notebookIpynb(report())) as {
    nbformat: number;
    nbformat_minor: number;
    metadata: { organism_studio: { title: string } };
    cells: Array<{ cell_type: string; id: string; source: string; execution_count?: null; outputs?: Array<{ output_type: string; data: Record<string, unknown> }> }>;
  };

  it('is an nbformat 4.5 notebook: a title, markdown kept, other cells as code cells with valid unique ids', () => {
    expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
    expect(nb.metadata.organism_studio.title).toBe('My study');
    expect(nb.cells.map((c) => c.cell_type)).toEqual(['markdown', 'markdown', 'code', 'code']);
    expect(nb.cells[1]?.source).toBe('# Hello\n\nText.');
    for (const c of nb.cells) expect(c.id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
    expect(nb.cells[2]?.id).toBe('plot-1');
  });

  it("puts a cell's config in comments (no kernel runs it) and its results as outputs, the figure as plotly JSON", () => {
    const plot = nb.cells[2]!;
    expect(plot.execution_count).toBeNull();
    expect(plot.source.split('\n').every((line) => line.startsWith('#'))).toBe(true);
    expect(plot.source).toContain('plot cell "tradeoff" (inputs: runs=a+b)');
    expect(plot.source).toContain('"note": true');
    const [html, drawn] = plot.outputs!;
    expect(html?.data['text/html']).toMatch(/<h2>tradeoff/);
    expect(drawn?.data['application/vnd.plotly.v1+json']).toEqual(figure);
    expect(drawn?.data['text/plain']).toBe('<plotly figure: Trade-off>');
  });

  it('says when a cell has no result yet', () => {
    const ev = nb.cells[3]!;
    expect(ev.outputs).toHaveLength(1);
    expect(ev.outputs?.[0]?.data['text/html']).toMatch(/No result: stale/);
  });
});
