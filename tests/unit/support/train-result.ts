// A one-seed TrainResult for unit tests of what reads blue-team results (figures, summary rows).
import type { CurvePointResult, ReductionResult, TrainResult } from '../../../electron/core/cells/common/results.js';

/** A rate of k out of n with a stand-in ±0.1 interval (tests that need Wilson recompute it). */
export const rate = (k: number, n: number) => ({ k, n, rate: k / n, lo: Math.max(0, k / n - 0.1), hi: Math.min(1, k / n + 0.1) });

export interface TrainResultSpec {
  /** Organism kind in the ground truth (default backdoor). */
  kind?: string;
  label?: string;
  /** [step, bad k, capability k] per checkpoint, each out of `n`. */
  points: Array<[number, number, number]>;
  n?: number;
  reduction: ReductionResult;
}

export function trainResult(spec: TrainResultSpec): TrainResult {
  const n = spec.n ?? 20;
  const label = spec.label ?? 'x';
  const points: CurvePointResult[] = spec.points.map(([step, bad, capable]) => ({ step, triggered: rate(bad, n), untriggered: rate(0, n), capability: rate(capable, n) }));
  const last = spec.points.at(-1)?.[0] ?? 0;
  return {
    label,
    organism: { cellName: label, label, groundTruth: { kind: spec.kind ?? 'backdoor' }, method: { type: 'full' } },
    dataset: { kind: 'pirate' },
    method: { type: 'full' },
    systemPrompt: null,
    runs: [
      {
        seed: 0,
        organismSeed: 0,
        losses: [],
        points,
        outcomes: [],
        reduction: spec.reduction,
        final: { step: last, modelDir: 'm', onnxDir: 'o' },
        organismValidated: true,
      },
    ],
  };
}
