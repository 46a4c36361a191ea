import { describe, expect, it } from 'vitest';
import type { TrainResult } from '../../../electron/core/cells/common/results.js';
import { badRateAxisTitle, tradeoffFigure } from '../../../electron/core/cells/plot/figures.js';

const rate = (k: number, n: number) => ({ k, n, rate: k / n, lo: Math.max(0, k / n - 0.1), hi: Math.min(1, k / n + 0.1) });

function train(kind: string, label: string): TrainResult {
  return {
    label,
    organism: { cellName: label, label, groundTruth: { kind }, method: { type: 'full' } },
    dataset: { kind: 'pirate' },
    method: { type: 'full' },
    systemPrompt: null,
    runs: [
      {
        seed: 0,
        organismSeed: 0,
        losses: [],
        points: [
          { step: 0, triggered: rate(18, 20), untriggered: rate(0, 20), capability: rate(20, 20) },
          { step: 20, triggered: rate(12, 20), untriggered: rate(0, 20), capability: rate(19, 20) },
        ],
        outcomes: [],
        reduction: { reduction: 0.3, censored: true, step: 20, lo: 0.1, hi: 0.5, baselineBadRate: 0.9, baselineCapability: 1 },
        final: { step: 20, modelDir: 'm', onnxDir: 'o' },
        organismValidated: true,
      },
    ],
  };
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
