// The HTML report's train row says when a reading is censored (a lower bound) and how the run ended.
import { describe, expect, it } from 'vitest';
import { TRAIN_ROW_HEADERS, trainRunRow } from '../../../electron/core/report/train-row.js';
import { trainResult } from '../support/train-result.js';

const run = (censored: boolean, stop?: { lossFraction: number; maxSteps: number; stoppedAt: number | null }) => {
  const r = trainResult({ points: [[0, 18, 20], [40, 12, 19]], reduction: { reduction: 0.3, censored, step: 40, lo: 0.1, hi: 0.5, baselineBadRate: 0.9, baselineCapability: 1, lossFraction: 0.1 } }).runs[0]!;
  return stop ? { ...r, stop } : r;
};

describe('report: train row', () => {
  it('a censored reading says so with the steps it had, and that it is a lower bound', () => {
    const row = trainRunRow(run(true, { lossFraction: 0.15, maxSteps: 40, stoppedAt: null }));
    expect(row).toHaveLength(TRAIN_ROW_HEADERS.length);
    expect(row[1]).toContain('30%');
    expect(row[1]).toContain('censored: capability never fell 10% in 40 steps; a lower bound');
    expect(row[2]).toBe('budget of 40 steps spent before capability fell 15%');
  });

  it('a stopped run names its stop step and carries no censored mark', () => {
    const row = trainRunRow(run(false, { lossFraction: 0.15, maxSteps: 400, stoppedAt: 40 }));
    expect(row[1]).not.toContain('censored');
    expect(row[2]).toBe('stopped at step 40 (capability down ≥ 15%; budget 400)');
  });

  it('a run without a stop rule: its steps', () => {
    expect(trainRunRow(run(true))[2]).toBe('40 steps');
  });
});
