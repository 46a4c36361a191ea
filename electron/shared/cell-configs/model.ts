// The model cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';
import { EVAL_SPEC_DEFAULT, EvalSpecSchema } from './eval-spec.js';

export const ModelConfigSchema = z
  .object({
    source: z.enum(['embedded', 'path']).default('embedded'),
    /** A model directory (manifest.json, weights.pt, tokenizer.json) when source is "path". */
    path: z.string().optional(),
    eval: EvalSpecSchema.default(EVAL_SPEC_DEFAULT),
  })
  .strict()
  .refine((c) => c.source === 'embedded' || (c.path && c.path.length > 0), {
    message: 'Directory is missing: a model from disk needs the path of its directory (with manifest.json and weights.pt)',
    path: ['path'],
  });
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
