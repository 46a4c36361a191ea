// The stored result of a diagnostics cell (result.json), as a zod schema: the report, the metrics
// export and the figure read it back through this schema (a stored result is a process boundary).
import { z } from 'zod';
import { GroundTruthSchema } from '../../bridge/protocol.js';

export const DIAGNOSTIC_IDS = ['perplexity', 'instructions', 'chat', 'arithmetic', 'leakage', 'garbage'] as const;
export type DiagnosticId = (typeof DIAGNOSTIC_IDS)[number];

const EstimateSchema = z.object({ value: z.number().nullable(), lo: z.number(), hi: z.number(), n: z.number(), k: z.number().optional() });
const DeltaSchema = z.object({ value: z.number().nullable(), lo: z.number(), hi: z.number(), method: z.enum(['newcombe', 'paired bootstrap']) });

export const DiagnosticSchema = z.object({
  id: z.enum(DIAGNOSTIC_IDS),
  label: z.string(),
  /** Leakage: what it is measured against (the organism's behaviour), so base bars are matched by it. */
  variant: z.string().nullable(),
  unit: z.enum(['rate', 'perplexity']),
  higherIsWorse: z.boolean(),
  model: EstimateSchema,
  base: EstimateSchema,
  delta: DeltaSchema,
  verdict: z.enum(['as base', 'worse than base', 'better than base', 'not measured']),
  /** The organism never trained this skill (arithmetic for a behaviour backdoor, instructions for an arithmetic lock). */
  untrainedSkill: z.boolean().default(false),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const DiagnosedModelSchema = z.object({
  label: z.string(),
  cellName: z.string(),
  seed: z.number().nullable(),
  groundTruth: GroundTruthSchema,
  diagnostics: z.array(DiagnosticSchema),
  /** Ids of the diagnostics that came out "worse than base". */
  worse: z.array(z.enum(DIAGNOSTIC_IDS)),
});
export type DiagnosedModel = z.infer<typeof DiagnosedModelSchema>;

export const DiagnosticsResultSchema = z.object({
  base: z.object({ label: z.string(), cellName: z.string() }),
  models: z.array(DiagnosedModelSchema),
  sizes: z.object({ text: z.number(), instructions: z.number(), chat: z.number(), arithmetic: z.number() }),
  rules: z.object({ verdict: z.string(), leakage: z.string(), garbage: z.string() }),
  /** Added when read (present), never stored: the grouped bar chart. */
  figure: z.object({ data: z.array(z.record(z.string(), z.unknown())), layout: z.record(z.string(), z.unknown()) }).optional(),
});
export type DiagnosticsResult = z.infer<typeof DiagnosticsResultSchema>;
