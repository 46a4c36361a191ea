// From per-checkpoint evaluations of a blue-team run to the study's curve and summary number.
import type { ModelEvaluation } from './evaluate-model.js';
import { reductionWithBootstrap, type CurveOutcomes, type CurvePoint, type ReductionWithInterval } from './reduction.js';

export interface CheckpointEvaluation {
  step: number;
  evaluation: Pick<ModelEvaluation, 'outcomes'>;
}

/** Curve points (capability, bad rate per step) and the per-prompt outcomes behind them. */
export function curveFromEvaluations(checkpoints: readonly CheckpointEvaluation[]): { points: CurvePoint[]; outcomes: CurveOutcomes[] } {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const outcomes = sorted.map((c) => ({ step: c.step, bad: c.evaluation.outcomes.bad.map(Number), capable: c.evaluation.outcomes.capable }));
  const mean = (xs: readonly (number | boolean)[]) => (xs.length ? xs.reduce<number>((sum, x) => sum + Number(x), 0) / xs.length : 0);
  const points = outcomes.map((o) => ({ step: o.step, capability: mean(o.capable), badRate: mean(o.bad) }));
  return { points, outcomes };
}

/**
 * The summary number of a blue-team run: bad-behaviour reduction at `lossFraction` (default 10%)
 * relative capability loss, with its seeded bootstrap 95% interval (see reduction.ts for the
 * definition, and for what `censored` means when capability never fell that far).
 */
export function summariseBlueTeamRun(
  checkpoints: readonly CheckpointEvaluation[],
  options: { lossFraction?: number; nBoot?: number; seed?: number } = {},
): ReductionWithInterval & { points: CurvePoint[] } {
  if (!checkpoints.some((c) => c.step === 0)) {
    throw new Error('The blue-team curve has no step-0 checkpoint; evaluate the organism before training (train.run writes step 0).');
  }
  const { points, outcomes } = curveFromEvaluations(checkpoints);
  return { ...reductionWithBootstrap(outcomes, options), points };
}
