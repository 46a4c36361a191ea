// The result data of each study cell kind, as stored in result.json. Downstream cells parse their
// inputs with these schemas (a result file is a process boundary: it may come from an older run).
import path from 'node:path';
import { z } from 'zod';
import { GroundTruthSchema, TrainMethodSchema } from '../../bridge/protocol.js';
import type { InputValue } from '../../engine/types.js';
import { EvalMetricsSchema, RateSchema } from './evaluation.js';

export const ModelResultSchema = z.object({
  /** The snapshot of the model's files, relative to the artifact directory. */
  modelDir: z.string(),
  /** Relative to the artifact directory. */
  onnxDir: z.string(),
  label: z.string(),
  groundTruth: GroundTruthSchema,
});
export type ModelResult = z.infer<typeof ModelResultSchema>;
/** What readers of a model cell's result need: its label and measured capability (null: not measured). */
export const ModelCellDataSchema = z.object({ label: z.string(), capability: RateSchema.nullable() });

export const ValidationSchema = z.object({
  metrics: EvalMetricsSchema,
  passed: z.boolean(),
  reasons: z.array(z.string()),
});
export type Validation = z.infer<typeof ValidationSchema>;

export const OrganismSeedSchema = z.object({
  seed: z.number().int(),
  modelDir: z.string(), // relative
  onnxDir: z.string(), // relative
  validation: ValidationSchema,
});

export const OrganismResultSchema = z.object({
  label: z.string(),
  groundTruth: GroundTruthSchema,
  method: TrainMethodSchema.nullable(), // null for prompted organisms (no training)
  systemPrompt: z.string().nullable(),
  baseCapability: RateSchema,
  seeds: z.array(OrganismSeedSchema),
});
export type OrganismResult = z.infer<typeof OrganismResultSchema>;

/** One evaluated checkpoint of a curve: the step and its EvalMetrics (exact, near-miss... optional: older results lack them). */
export const CurvePointSchema = EvalMetricsSchema.extend({ step: z.number() });
export type CurvePointResult = z.infer<typeof CurvePointSchema>;

export const ReductionSchema = z
  .object({
    reduction: z.number().nullable(),
    censored: z.boolean(),
    step: z.number().nullable(),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    baselineBadRate: z.number(),
    baselineCapability: z.number(),
    reason: z.string().optional(),
  })
  .passthrough();
export type ReductionResult = z.infer<typeof ReductionSchema>;

export const TrainRunSchema = z.object({
  seed: z.number().int(),
  organismSeed: z.number().int(),
  losses: z.array(z.object({ step: z.number(), loss: z.number() })),
  points: z.array(CurvePointSchema),
  /** bad: 0/1 per triggered prompt, or a lock pair's -1/0/1; results stored before were booleans (true = 1). */
  outcomes: z.array(z.object({ step: z.number(), bad: z.array(z.union([z.number(), z.boolean().transform(Number)])), capable: z.array(z.boolean()) })),
  reduction: ReductionSchema,
  final: z.object({ step: z.number(), modelDir: z.string(), onnxDir: z.string() }), // relative
  organismValidated: z.boolean(),
  /** The stop rule the run trained under (absent: a fixed number of steps); stoppedAt null: the budget ran out. */
  stop: z.object({ lossFraction: z.number(), maxSteps: z.number(), stoppedAt: z.number().nullable() }).optional(),
});
export type TrainRun = z.infer<typeof TrainRunSchema>;

export const TrainResultSchema = z.object({
  label: z.string(),
  organism: z.object({
    cellName: z.string(),
    label: z.string(),
    groundTruth: GroundTruthSchema,
    method: TrainMethodSchema.nullable(),
  }),
  dataset: z.object({ kind: z.string(), path: z.string().optional() }),
  method: TrainMethodSchema,
  systemPrompt: z.string().nullable(),
  runs: z.array(TrainRunSchema),
  /** The run's own trade-off figure (plotly JSON), so the renderer draws it without core code. */
  figure: z.object({ data: z.array(z.record(z.string(), z.unknown())), layout: z.record(z.string(), z.unknown()) }).optional(),
});
export type TrainResult = z.infer<typeof TrainResultSchema>;

/** Parses an input's data with the schema of the kind that produced it, naming the input on failure. */
export function parseInput<T>(value: InputValue, kind: string | string[], schema: z.ZodType<T>): T {
  const kinds = Array.isArray(kind) ? kind : [kind];
  if (!kinds.includes(value.kind)) {
    throw new Error(`Input cell "${value.cellName}" is a ${value.kind} cell; this input needs a ${kinds.join(' or ')} cell.`);
  }
  const parsed = schema.safeParse(value.data);
  if (!parsed.success) {
    throw new Error(`The stored result of cell "${value.cellName}" has an unexpected shape (${parsed.error.issues[0]?.message ?? 'invalid'}); run "${value.cellName}" again.`);
  }
  return parsed.data;
}

export function inputList(value: InputValue | InputValue[] | undefined, name: string): InputValue[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new Error(`This cell needs an input named "${name}": pick at least one cell for it in the cell's form (or wire it in the notebook file).`);
  }
  return Array.isArray(value) ? value : [value];
}

export function singleInput(value: InputValue | InputValue[] | undefined, name: string): InputValue {
  const list = inputList(value, name);
  if (list.length !== 1) throw new Error(`Input "${name}" takes exactly one cell, got ${list.length}.`);
  return list[0] as InputValue;
}

export const resolveIn = (input: InputValue, relative: string): string => path.resolve(input.dir, relative);
