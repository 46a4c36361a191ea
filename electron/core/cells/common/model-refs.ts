// Any model-producing cell (model, organism, train) seen as a list of concrete models: what the
// evaluate and sample cells act on. One ref per seed; a train run contributes its final checkpoint.
import path from 'node:path';
import type { GroundTruth } from '../../bridge/protocol.js';
import type { InputValue } from '../../engine/types.js';
import { ModelResultSchema, OrganismResultSchema, TrainResultSchema, parseInput } from './results.js';

export interface ModelRef {
  label: string;
  cellName: string;
  seed: number | null;
  modelDir: string;
  onnxDir: string;
  systemPrompt: string | null;
  groundTruth: GroundTruth;
}

/**
 * A base model has no organism to measure: its ground truth is `{}` in a manifest written by the
 * bridge (the kind `base` sits beside it), or `{ kind: 'base' }`.
 */
export function isBaseModel(groundTruth: GroundTruth): boolean {
  return groundTruth.kind === undefined || groundTruth.kind === 'base';
}

export function modelRefsOf(input: InputValue): ModelRef[] {
  const at = (rel: string): string => path.resolve(input.dir, rel);
  switch (input.kind) {
    case 'model': {
      const m = parseInput(input, 'model', ModelResultSchema);
      return [{ label: m.label, cellName: input.cellName, seed: null, modelDir: at(m.modelDir), onnxDir: at(m.onnxDir), systemPrompt: null, groundTruth: m.groundTruth }];
    }
    case 'organism': {
      const o = parseInput(input, 'organism', OrganismResultSchema);
      return o.seeds.map((s) => ({
        label: `${o.label} (seed ${s.seed})`,
        cellName: input.cellName,
        seed: s.seed,
        modelDir: at(s.modelDir),
        onnxDir: at(s.onnxDir),
        systemPrompt: o.systemPrompt,
        groundTruth: o.groundTruth,
      }));
    }
    case 'train': {
      const t = parseInput(input, 'train', TrainResultSchema);
      return t.runs.map((r) => ({
        label: `${t.label} (seed ${r.seed}, step ${r.final.step})`,
        cellName: input.cellName,
        seed: r.seed,
        modelDir: at(r.final.modelDir),
        onnxDir: at(r.final.onnxDir),
        systemPrompt: t.systemPrompt,
        groundTruth: t.organism.groundTruth,
      }));
    }
    default:
      throw new Error(`Input cell "${input.cellName}" is a ${input.kind} cell, which holds no model; use a model, organism or train cell.`);
  }
}
