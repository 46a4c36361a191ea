// The summary cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';

export const SummaryConfigSchema = z
  .object({
    title: z.string().default('Reduction of bad behaviour at 10% capability loss'),
    findings: z.boolean().default(true),
    /** Hierarchical bootstrap: replicates and seed (same seed, same intervals). */
    bootstrap: z.object({ nBoot: z.number().int().min(100).max(100000).default(1000), seed: z.number().int().nonnegative().default(0) }).strict().default({ nBoot: 1000, seed: 0 }),
  })
  .strict();
export type SummaryConfig = z.infer<typeof SummaryConfigSchema>;
