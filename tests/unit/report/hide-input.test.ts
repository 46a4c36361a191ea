// The report shows a cell's input (settings and the cells feeding it) folded under its heading,
// and leaves it out when the cell hides its input, as the app does; the output stays either way.
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../electron/shared/notebook-schema.js';
import { inputBlock, renderCell } from '../../../electron/core/report/html.js';

const cell = (metadata: Record<string, unknown>): Cell => ({
  id: 'p1',
  kind: 'plot',
  name: 'tradeoff',
  config: { type: 'tradeoff', title: '<b>Curves</b>' },
  inputs: { runs: ['pirate_a', 'pirate_b'] },
  output: null,
  metadata,
});
const figure = { data: [], layout: { title: { text: 't' } } };

describe('inputBlock', () => {
  it('lists every setting and input, escaped', () => {
    const html = inputBlock(cell({}));
    expect(html).toContain('<summary>Input</summary>');
    expect(html).toContain('pirate_a, pirate_b');
    expect(html).toContain('&lt;b&gt;Curves&lt;/b&gt;');
    expect(html).not.toContain('<b>Curves');
  });

  it('is empty when the cell hides its input, and the output is still rendered', () => {
    expect(inputBlock(cell({ hideInput: true }))).toBe('');
    const artifact = { output: { summary: {}, data: { figure } } };
    const shown = renderCell({ cell: cell({ hideInput: true }), status: 'done', artifact } as never);
    expect(shown.html).not.toContain('Input');
    expect(shown.figures).toHaveLength(1);
    expect(renderCell({ cell: cell({}), status: 'done', artifact } as never).html).toContain('<summary>Input</summary>');
  });
});
