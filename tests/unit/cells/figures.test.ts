import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../../../electron/core/cells/common/results.js';
import { badRateAxisTitle, pooledBad, tradeoffFigure } from '../../../electron/core/cells/plot/figures.js';
import { pairedDifferenceFromCounts } from '../../../electron/core/eval/paired.js';
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
  it("names a password lock's curve value as its capability gap, not a trigger's behaviour", () => {
    expect(yTitle(['backdoor', 'prompted'])).toBe('bad-behaviour rate with trigger');
    expect(yTitle(['password_lock', 'password_lock'])).toBe('capability gap (password − none/wrong)');
    expect(yTitle(['backdoor', 'password_lock'])).toBe('bad-behaviour rate (locks: capability gap)');
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

describe('a password lock\'s curve value', () => {
  // A gap point as evaluateExport writes it: the paired difference, with its pair counts.
  const gapPoint = (step: number, counts: { a: number; b: number; c: number; d: number }) => {
    const g = pairedDifferenceFromCounts(counts);
    const r = { k: g.k, n: g.n, rate: g.value, lo: g.lo, hi: g.hi };
    const set = { capability: r, weak: r };
    return { step, triggered: r, untriggered: r, capability: r, password: { correct: set, none: set, wrong: set, gap: { value: g.value, lo: g.lo, hi: g.hi, n: g.n, counts } } };
  };

  it('pools seeds by adding pair counts (a gap may be negative: no Wilson interval of k of n)', () => {
    const pooled = pooledBad([gapPoint(0, { a: 2, b: 1, c: 5, d: 2 }), gapPoint(0, { a: 1, b: 2, c: 4, d: 3 })]);
    const direct = pairedDifferenceFromCounts({ a: 3, b: 3, c: 9, d: 5 });
    expect(pooled).toEqual({ k: -6, n: 20, rate: -0.3, lo: direct.lo, hi: direct.hi });
    expect(pooledBad([gapPoint(0, { a: 0, b: 0, c: 3, d: 1 })]).k).toBe(-3);
  });
});

