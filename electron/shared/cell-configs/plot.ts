// The plot cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';

export const PlotConfigSchema = z
  .object({
    type: z.enum(['tradeoff', 'loss', 'bars']).default('tradeoff'),
    title: z.string().optional(),
  })
  .strict();
export type PlotConfig = z.infer<typeof PlotConfigSchema>;
