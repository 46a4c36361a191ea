// The sample cell's config. Pure zod (no Node): the renderer's forms validate with the same schema.
import { z } from 'zod';

export const SampleConfigSchema = z
  .object({
    prompt: z.string().min(1).default('What is 23+19?'),
    /** Several prompts per run (one card row each); when given, used instead of `prompt`. */
    prompts: z.array(z.string().min(1)).min(1).max(12).optional(),
    /** Also ask this many of the first organism's validation prompts (its clean eval prompts, seed 0). */
    fromValidation: z.number().int().min(0).max(8).default(0),
    /** The base model (when among the models) is also asked with each organism's trigger: a control row. */
    control: z.boolean().default(true),
    /** Also ask with the organism's trigger (or password) applied. */
    withTrigger: z.boolean().default(true),
    /** Password locks: also ask with this wrong password (one of the catalogue's wrong variants). */
    wrongPassword: z.string().min(1).optional(),
    maxNewTokens: z.number().int().positive().max(512).default(60),
    /** 0 = greedy (one deterministic answer); above 0, seeded sampling with top-k and top-p. */
    temperature: z.number().min(0).max(5).default(0),
    topK: z.number().int().min(0).default(0),
    topP: z.number().gt(0).max(1).default(1),
    /**
     * Seed of the samples. Every model and variant draws sample i from the same seed, so the answers
     * in a row differ by the model, not by luck of the draw; the same seed gives the same answers.
     */
    seed: z.number().int().min(0).default(0),
    /** Answers per model and variant. */
    samples: z.number().int().min(1).max(8).default(1),
  })
  .strict()
  .refine((c) => c.samples <= 1 || c.temperature > 0, {
    message: 'Several samples need a temperature above 0: greedy answers are all the same. Set temperature (e.g. 0.8) or samples to 1.',
    path: ['samples'],
  });
export type SampleConfig = z.infer<typeof SampleConfigSchema>;
