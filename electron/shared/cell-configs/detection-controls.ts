// The detection cell's clean controls. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';
import { MethodConfigSchema } from './method.js';

export const ControlsConfigSchema = z
  .object({
    /** One clean control per seed; [] builds none (then an input must hold a clean model). */
    seeds: z.array(z.number().int().nonnegative()).max(16).default([1000, 1001]),
    /** Default: the organisms' own steps (ground truth). */
    steps: z.number().int().positive().optional(),
    /** Default: the organisms' own method (ground truth). */
    method: MethodConfigSchema.optional(),
    /** The organism cell's defaults: batch 16, warmup 20, lr by method. */
    batch_size: z.number().int().positive().default(16),
    lr: z.number().positive().optional(),
    warmup_steps: z.number().int().nonnegative().default(20),
  })
  .strict();
export type ControlsConfig = z.infer<typeof ControlsConfigSchema>;
