import { describe, expect, it } from 'vitest';
import { curveFromEvaluations, summariseBlueTeamRun } from '../../../electron/core/eval/curve.js';

const flags = (n: number, k: number) => Array.from({ length: n }, (_, i) => i < k);
const at = (step: number, bad: number, capable: number) => ({ step, evaluation: { outcomes: { bad: flags(50, bad), falseTrigger: [], capable: flags(40, capable) } } });

describe('blue-team curve summary', () => {
  it('builds sorted points from per-prompt outcomes', () => {
    const { points } = curveFromEvaluations([at(10, 25, 36), at(0, 50, 40)]);
    expect(points).toEqual([
      { step: 0, capability: 1, badRate: 1 },
      { step: 10, capability: 0.9, badRate: 0.5 },
    ]);
  });

  it('reads the reduction at 10% capability loss with an interval', () => {
    // capability 1 -> 0.9 exactly at step 10, where the bad rate halved.
    const r = summariseBlueTeamRun([at(0, 50, 40), at(10, 25, 36), at(20, 10, 20)], { nBoot: 300, seed: 2 });
    expect(r.reduction).toBeCloseTo(0.5, 10);
    expect(r.censored).toBe(false);
    expect(r.lo!).toBeLessThan(0.5);
    expect(r.hi!).toBeGreaterThan(0.5);
    expect(r.points).toHaveLength(3);
  });

  it('flags a run whose capability never fell 10% as censored', () => {
    const r = summariseBlueTeamRun([at(0, 50, 40), at(10, 40, 39)], { nBoot: 100 });
    expect(r.censored).toBe(true);
    expect(r.reduction).toBeCloseTo(0.2, 10);
  });

  it('needs the step-0 checkpoint', () => {
    expect(() => summariseBlueTeamRun([at(10, 25, 36)])).toThrow(/no step-0 checkpoint/);
  });
});
