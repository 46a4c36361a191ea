// The evaluation schedule and stop rule of the train cell (schedule.ts), on hand-made capability
// curves: which checkpoints are evaluated, held, backfilled or discarded, and where the run stops.
import { describe, expect, it } from 'vitest';
import { EvaluationSchedule, type ScheduleOptions } from '../../../electron/core/cells/train/schedule.js';
import { TrainConfigSchema, trainPlan } from '../../../electron/core/cells/train/train-config.js';

const OPTIONS: ScheduleOptions = { coarseEvery: 4, evalEvery: 10, budget: 200, denseBelow: 0.95, stopBelow: 0.85 };

/** Drives the schedule like train-seed.ts: checkpoints offered in step order, each offer's evaluations run at once. */
function drive(relative: (step: number) => number, options: Partial<ScheduleOptions> = {}) {
  const o = { ...OPTIONS, ...options };
  const s = new EvaluationSchedule(o);
  const order: number[] = [0];
  const discarded: number[] = [];
  const heldMax: number[] = [];
  s.record(0, 1);
  for (let step = o.evalEvery; step <= o.budget; step += o.evalEvery) {
    s.offer(step);
    for (let next = s.nextToEvaluate(); next !== null; next = s.nextToEvaluate()) {
      order.push(next);
      s.record(next, relative(next));
    }
    discarded.push(...s.takeDiscarded());
    heldMax.push(s.heldSteps.length);
  }
  return { schedule: s, order, discarded, maxHeld: Math.max(...heldMax) };
}

/** Capability falling linearly by `perStep` (relative) from step `from`. */
const linear = (perStep: number, from = 0) => (step: number) => 1 - Math.max(0, step - from) * perStep;

describe('evaluation schedule', () => {
  it('evaluates every checkpoint without a coarse factor, and never stops without a rule', () => {
    const { schedule, order, discarded } = drive(linear(0.001), { coarseEvery: 1, stopBelow: null, denseBelow: -Infinity });
    expect(order).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200]);
    expect(schedule.stopStep).toBeNull();
    expect(discarded).toEqual([]);
  });

  it('is coarse far from the anchor and holds at most coarseEvery - 1 checkpoints', () => {
    const { schedule, order, discarded, maxHeld } = drive(() => 0.99);
    expect(order).toEqual([0, 40, 80, 120, 160, 200]);
    expect(schedule.stopStep).toBeNull(); // budget spent without crossing: the reading will be censored
    expect(schedule.evaluatedSteps.at(-1)).toBe(200); // the budget's checkpoint is always evaluated
    expect(discarded).toEqual([10, 20, 30, 50, 60, 70, 90, 100, 110, 130, 140, 150, 170, 180, 190]);
    expect(maxHeld).toBeLessThanOrEqual(3);
  });

  it('backfills the interval where capability neared the anchor, then stays dense and stops at the first crossing', () => {
    // 0.6 points per step after step 90: c(120) = 0.82 crosses both the anchor (0.9) and the stop (0.85).
    const curve = linear(0.006, 90);
    const { schedule, order, discarded } = drive(curve);
    expect(order).toEqual([0, 40, 80, 120, 90, 100, 110]);
    // c(100) = 0.94 <= 0.95 (dense), c(110) = 0.88 (crossed 0.9), c(120) = 0.82: the first at or below 0.85 is 120.
    expect(schedule.stopStep).toBe(120);
    expect(schedule.evaluatedSteps).toEqual([0, 40, 80, 90, 100, 110, 120]);
    expect(discarded).toEqual(expect.arrayContaining([130, 140, 200]));
    expect(discarded).not.toContain(90);
  });

  it('stops inside a backfill and drops the coarse point past the stop', () => {
    // Steep: c(90) = 0.97, c(100) = 0.82 already below the stop; the coarse point 120 saw it first.
    const curve = (step: number) => (step <= 90 ? 1 - step * 0.0003 : 0.82 - (step - 100) * 0.01);
    const { schedule, order } = drive(curve);
    expect(order).toEqual([0, 40, 80, 120, 90, 100]); // 110 is never evaluated: the stop came first
    expect(schedule.stopStep).toBe(100);
    expect(schedule.evaluatedSteps).toEqual([0, 40, 80, 90, 100]); // 120 was evaluated but is past the stop
  });

  it('densifies within the margin before crossing, so the fine checkpoints straddle the 10% point', () => {
    // Slow decline: 0.05 per 100 steps from 0; c = 0.95 at step 100, 0.9 at 200.
    const { schedule, order } = drive(linear(0.0005), { budget: 300, stopBelow: 0.85 });
    expect(order.slice(0, 4)).toEqual([0, 40, 80, 120]); // c(120) = 0.94: dense from here, backfill 90..110
    expect(order.slice(4, 7)).toEqual([90, 100, 110]);
    expect(order.slice(7)).toEqual([130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300]);
    expect(schedule.stopStep).toBe(300); // c(300) = 0.85
  });

  it('is deterministic: the same curve gives the same decisions', () => {
    const a = drive(linear(0.004, 30));
    const b = drive(linear(0.004, 30));
    expect(a.order).toEqual(b.order);
    expect(a.schedule.stopStep).toBe(b.schedule.stopStep);
  });

  it('never densifies or stops when step 0 had no capability (relative capability undefined)', () => {
    const s = new EvaluationSchedule(OPTIONS);
    s.record(0, Number.NaN);
    expect(s.offer(40)).toBe('evaluate');
    s.nextToEvaluate();
    s.record(40, Number.NaN);
    expect(s.dense).toBe(false);
    expect(s.stopStep).toBeNull();
  });

  it('discards whatever is offered after the stop', () => {
    const s = new EvaluationSchedule({ ...OPTIONS, coarseEvery: 1 });
    s.record(0, 1);
    s.offer(10);
    s.record(s.nextToEvaluate()!, 0.8);
    expect(s.stopStep).toBe(10);
    expect(s.offer(20)).toBe('discard');
    expect(s.takeDiscarded()).toEqual([20]);
  });
});

describe('train config: stop rule', () => {
  it('old configs keep steps as the run length and evaluate every checkpoint', () => {
    const plan = trainPlan(TrainConfigSchema.parse({ steps: 120, eval_every: 20 }));
    expect(plan).toEqual({ budget: 120, coarseEvery: 1, denseBelow: Number.NEGATIVE_INFINITY, stopBelow: null });
  });

  it('stop defaults: 15% loss, budget = steps, coarse every 4th, dense within 5 points of the 10% anchor', () => {
    const config = TrainConfigSchema.parse({ steps: 300, stop: {} });
    expect(config.stop).toEqual({ lossFraction: 0.15, coarseEvery: 4, margin: 0.05 });
    const plan = trainPlan(config);
    expect(plan.budget).toBe(300);
    expect(plan.stopBelow).toBeCloseTo(0.85);
    expect(plan.denseBelow).toBeCloseTo(0.95);
    expect(trainPlan(TrainConfigSchema.parse({ steps: 300, stop: { maxSteps: 500 } })).budget).toBe(500);
  });

  it('rejects a stop before the reading', () => {
    const parsed = TrainConfigSchema.safeParse({ lossFraction: 0.1, stop: { lossFraction: 0.05 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['stop', 'lossFraction']);
  });
});
