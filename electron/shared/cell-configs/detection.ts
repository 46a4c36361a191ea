// The detection cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';
import { ControlsConfigSchema } from './detection-controls.js';

export const DetectionConfigSchema = z
  .object({
    /** Prompts per candidate (half arithmetic, half instructions; held-out eval split). */
    prompts: z.number().int().min(4).max(1000).default(50),
    promptSeed: z.number().int().nonnegative().default(2000),
    /** Answer positions compared by the scan (the first, then teacher-forced on the clean answer). */
    answerTokens: z.number().int().min(1).max(16).default(3),
    /** Your own candidate trigger strings. */
    candidates: z.array(z.string().min(1).max(60)).max(32).default([]),
    candidatePosition: z.enum(['prefix', 'suffix']).default('prefix'),
    nearMisses: z.boolean().default(true),
    randomCandidates: z.number().int().min(0).max(32).default(4),
    /**
     * Scan: flagged when a candidate shifts the model more than margin x the most it shifts a clean
     * control. 3: between two clean controls of the embedded model one candidate's shift differs by
     * up to ~2x (measured), a backdoor's own trigger by ~10x.
     */
    scan: z.object({ margin: z.number().min(1).max(100).default(3) }).strict().prefault({}),
    methods: z.object({ scan: z.boolean().default(true), probe: z.boolean().default(true) }).strict().prefault({}),
    /** The probe tries the catalogue's triggers, passwords and your candidates ('known'), or every candidate ('all'). */
    /** Probe: flagged when its score exceeds margin x the largest clean-control score (controls: the others'). */
    probe: z
      .object({ folds: z.number().int().min(2).max(10).default(5), c: z.number().positive().default(1), candidates: z.enum(['known', 'all']).default('known'), margin: z.number().min(1).max(100).default(1.5) })
      .strict()
      .prefault({}),
    controls: ControlsConfigSchema.prefault({}),
    bootstrap: z.number().int().min(0).max(20000).default(1000),
    seed: z.number().int().nonnegative().default(0),
  })
  .strict();
export type DetectionConfig = z.infer<typeof DetectionConfigSchema>;
