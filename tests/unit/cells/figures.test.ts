import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../../../electron/core/cells/common/results.js';
import { badRateAxisTitle, tradeoffFigure } from '../../../electron/core/cells/plot/figures.js';
import { trainResult } from '../support/train-result.js';

function train(kind: string, label: string): TrainResult {
  return trainResult({
    kind,
    label,
    points: [[0, 18, 20], [20, 12, 19]],
    reduction: { reduction: 0.3, censored: true, step: 20, lo: 0.1, hi: 0.5, baselineBadRate: 0.9, baselineCapability: 1 },
  });
}

const yTitle = (kinds: string[]): unknown => {
  const fig = tradeoffFigure(kinds.map((k, i) => ({ cellName: `c${i}`, result: train(k, `${k} ${i}`) })), 't');
  return (fig.layout['yaxis'] as { title: { text: string } }).title.text;
};

describe('trade-off figure axes', () => {
  it("names a password lock's bad behaviour as weak answers without the password, not a trigger's behaviour", () => {
    expect(yTitle(['backdoor', 'prompted'])).toBe('bad-behaviour rate with trigger');
    expect(yTitle(['password_lock', 'password_lock'])).toBe('weak answers without the password');
    expect(yTitle(['backdoor', 'password_lock'])).toBe('bad-behaviour rate (locks: weak answers)');
    expect(badRateAxisTitle([])).toBe('bad-behaviour rate with trigger');
  });

  it('draws the capability axis reversed (training goes right) with whiskers from Wilson intervals of the pooled counts', () => {
    const fig = tradeoffFigure([{ cellName: 'c', result: train('backdoor', 'b') }], 't');
    expect((fig.layout['xaxis'] as { autorange: string }).autorange).toBe('reversed');
    const curve = fig.data.find((d) => d['mode'] === 'lines+markers')!;
    expect(curve['x']).toEqual([1, 0.95]);
    // Recomputed from the pooled counts, not copied from the stored interval: Wilson 95% for 19/20
    // is [0.7639, 0.9911].
    expect((curve['error_x'] as { arrayminus: number[] }).arrayminus[1]).toBeCloseTo(0.95 - 0.7639, 3);
    expect((curve['error_x'] as { array: number[] }).array[1]).toBeCloseTo(0.9911 - 0.95, 3);
  });
});
