// The seeds' mean trade-off curve on a common grid: linear interpolation between checkpoints, a
// non-decreasing capability loss, a t interval across seeds, and a grid that ends where half the
// seeds still reach.
import { describe, expect, it } from 'vitest';
import { interpolate, seedMeanCurve } from '../../../electron/core/cells/plot/seed-mean-curve.js';

const seed = (points: Array<[number, number, number]>) => ({ points: points.map(([step, capability, bad]) => ({ step, capability, bad })) });

describe('interpolate', () => {
  it('is linear between points and null outside', () => {
    expect(interpolate([0, 1], [0, 10], 0.25)).toBeCloseTo(2.5);
    expect(interpolate([0, 1, 1, 2], [0, 4, 6, 8], 1)).toBe(4);
    expect(interpolate([0, 1], [0, 10], 1.5)).toBeNull();
    expect(interpolate([], [], 0)).toBeNull();
  });
});

describe('seedMeanCurve', () => {
  it('averages two seeds on a capability-loss grid, with the t interval across them', () => {
    // Seed A: capability 0.8 → 0.4 (loss 0 → 0.5), bad 1 → 0. Seed B: the same loss at other steps, bad 0.8 → 0.
    const curve = seedMeanCurve([seed([[0, 0.8, 1], [10, 0.4, 0]]), seed([[0, 0.6, 0.8], [35, 0.45, 0.4], [70, 0.3, 0]])], false, 3);
    expect(curve.map((p) => p.loss)).toEqual([0, 0.25, 0.5]);
    expect(curve.map((p) => p.x)).toEqual([0.7, 0.7 * 0.75, 0.35]);
    expect(curve[0]!.mean).toBeCloseTo(0.9);
    expect(curve[1]!.mean).toBeCloseTo((0.5 + 0.4) / 2);
    // n = 2: half-width = t(1) * sd / sqrt(2) = 12.706 * 0.1414 / 1.414 = 1.27, clipped to [0, 1].
    expect(curve[0]!.lo).toBe(0);
    expect(curve[0]!.hi).toBe(1);
    expect(curve.every((p) => p.seeds === 2)).toBe(true);
  });

  it('treats a capability that recovers as the loss already reached (non-decreasing)', () => {
    const curve = seedMeanCurve([seed([[0, 1, 1], [5, 0.5, 0.5], [10, 0.8, 0.2], [15, 0, 0]])], false, 3);
    expect(curve.map((p) => p.loss)).toEqual([0, 0.5, 1]);
    expect(curve[1]!.mean).toBeCloseTo(0.5); // the first time loss reached 0.5
  });

  it('runs as far as half the seeds reach and says how many seeds each point averages', () => {
    const short = seed([[0, 1, 1], [5, 0.9, 0.8]]);
    const long = seed([[0, 1, 1], [5, 0.5, 0.4]]);
    const curve = seedMeanCurve([short, long, long, short], false, 6);
    expect(curve.at(-1)!.loss).toBeCloseTo(0.5);
    expect(curve[0]!.seeds).toBe(4);
    expect(curve.at(-1)!.seeds).toBe(2);
  });

  it('uses the step when there is no capability', () => {
    const curve = seedMeanCurve([seed([[0, 0, 1], [10, 0, 0]]), seed([[0, 0, 1], [20, 0, 0]])], true, 3);
    expect(curve.map((p) => p.x)).toEqual([0, 10, 20]);
    expect(curve[1]!.mean).toBeCloseTo(0.25);
    expect(curve[2]!.seeds).toBe(1);
  });
});
