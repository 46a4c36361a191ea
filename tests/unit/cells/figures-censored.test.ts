// The trade-off figure marks censored readings (capability never fell by the reading's loss
// fraction): open markers, a dotted line and "(censored)" in the legend; and seeds whose
// checkpoints differ (a stop rule, a schedule that densifies near the crossing) are averaged into one
// curve with a band across seeds, each seed's own curve one legend click away.
import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../../../electron/core/cells/common/results.js';
import { censoredNote, tradeoffFigure } from '../../../electron/core/cells/plot/figures.js';
import { trainResult } from '../support/train-result.js';

const reading = (censored: boolean) => ({ reduction: 0.3, censored, step: 20, lo: 0.1, hi: 0.5, baselineBadRate: 0.9, baselineCapability: 1, lossFraction: 0.1 });

function seeds(runs: Array<{ censored: boolean; points: Array<[number, number, number]>; stoppedAt?: number | null }>): TrainResult {
  const base = trainResult({ label: 'org', points: runs[0]!.points, reduction: reading(runs[0]!.censored) });
  const template = base.runs[0]!;
  return {
    ...base,
    runs: runs.map((r, seed) => {
      const one = trainResult({ label: 'org', points: r.points, reduction: reading(r.censored) }).runs[0]!;
      return { ...template, ...one, seed, organismSeed: seed, ...(r.stoppedAt !== undefined ? { stop: { lossFraction: 0.15, maxSteps: 100, stoppedAt: r.stoppedAt } } : {}) };
    }),
  };
}

const curves = (result: TrainResult) => tradeoffFigure([{ cellName: 'c', result }], 't').data.filter((d) => d['mode'] === 'lines+markers');
const annotation = (result: TrainResult): string => ((tradeoffFigure([{ cellName: 'c', result }], 't').layout['annotations'] as Array<{ text: string }>)[0]!.text);

describe('trade-off figure: censored readings', () => {
  it('a censored run: open markers, dotted line, "(censored)" in the legend, and the note says what it means', () => {
    const result = seeds([{ censored: true, points: [[0, 18, 20], [20, 12, 19]] }]);
    const [curve] = curves(result);
    expect(curve!['name']).toBe('org (censored)');
    expect((curve!['marker'] as { symbol: string }).symbol).toBe('circle-open');
    expect((curve!['line'] as { dash: string }).dash).toBe('dot');
    expect(annotation(result)).toMatch(/censored \(capability never fell 10%: a lower bound\)/);
  });

  it('an uncensored run: filled markers, a solid line, no note', () => {
    const result = seeds([{ censored: false, points: [[0, 18, 20], [20, 12, 17]] }]);
    const [curve] = curves(result);
    expect(curve!['name']).toBe('org');
    expect((curve!['marker'] as { symbol: string }).symbol).toBe('circle');
    expect(annotation(result)).not.toMatch(/censored/);
  });

  it('seeds with the same steps pool into one curve that counts its censored seeds', () => {
    const result = seeds([
      { censored: false, points: [[0, 18, 20], [20, 12, 17]] },
      { censored: true, points: [[0, 17, 20], [20, 14, 19]] },
    ]);
    const figure = tradeoffFigure([{ cellName: 'c', result }], 't');
    expect(figure.data.filter((d) => d['fill'] === 'toself')).toHaveLength(1); // the pooled band
    const [curve, ...rest] = curves(result);
    expect(rest).toHaveLength(0);
    expect(curve!['name']).toBe('org (1/2 seeds censored)');
    expect((curve!['marker'] as { symbol: string }).symbol).toBe('circle'); // not every seed is censored
  });

  it('seeds with their own steps: one mean curve with a band across seeds; each seed hidden until picked in the legend', () => {
    const result = seeds([
      { censored: false, points: [[0, 18, 20], [12, 15, 19], [14, 12, 17], [16, 10, 16]], stoppedAt: 16 },
      { censored: true, points: [[0, 17, 20], [40, 16, 20], [80, 15, 19]], stoppedAt: null },
    ]);
    const figure = tradeoffFigure([{ cellName: 'c', result }], 't');
    const mean = figure.data.filter((d) => d['mode'] === 'lines' && d['fill'] === undefined);
    expect(mean).toHaveLength(1);
    expect(mean[0]!['name']).toBe('org (1/2 seeds censored)');
    expect(figure.data.filter((d) => d['fill'] === 'toself')).toHaveLength(1);
    const list = curves(result);
    expect(list).toHaveLength(2);
    expect(list.map((c) => c['visible'])).toEqual(['legendonly', 'legendonly']);
    expect(list.map((c) => c['name'])).toEqual(['org: each seed', 'org: each seed']);
    expect(list.map((c) => c['showlegend'])).toEqual([true, false]);
    expect(list.map((c) => (c['marker'] as { symbol: string }).symbol)).toEqual(['circle', 'circle-open']);
    expect(list.map((c) => c['x'])).toEqual([[1, 0.95, 0.85, 0.8], [1, 1, 0.95]]);
    expect((list[0]!['customdata'] as unknown[][])[0]![6]).toBe('seed 0, stopped at step 16<br>');
    expect((list[1]!['customdata'] as unknown[][])[0]![6]).toBe('seed 1 (censored)<br>');
    expect(annotation(result)).toMatch(/mean over seeds/);
  });

  it('censoredNote', () => {
    expect(censoredNote([])).toBe('');
    expect(censoredNote([{ reduction: { censored: true } }])).toBe(' (censored)');
    expect(censoredNote([{ reduction: { censored: true } }, { reduction: { censored: true } }])).toBe(' (2/2 seeds censored)');
  });
});
