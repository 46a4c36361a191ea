// The train cell's config: dataset, method and schedule of the blue-team run, and its evaluation.
import { z } from 'zod';
import { EvalSpecSchema } from '../common/evaluation.js';
import { MethodConfigSchema } from '../common/method.js';

export const TrainConfigSchema = z
  .object({
    label: z.string().optional(),
    dataset: z
      .object({ kind: z.enum(['pirate', 'qa', 'jsonl']), path: z.string().optional() })
      .strict()
      .refine((d) => d.kind !== 'jsonl' || (d.path && d.path.length > 0), {
        message: 'a jsonl dataset needs "path" to a file with one {"messages": [...]} per line',
        path: ['path'],
      })
      .default({ kind: 'pirate' }),
    method: MethodConfigSchema.default({ type: 'lora', rank: 64, dropout: 0, targets: ['attn', 'mlp'] }),
    steps: z.number().int().positive().default(200),
    batch_size: z.number().int().positive().default(16),
    /** Default: 3e-3 for LoRA, 1e-3 for full weights. */
    lr: z.number().positive().optional(),
    weight_decay: z.number().min(0).default(0),
    /** Evaluate every K steps (interspersed evaluation). */
    eval_every: z.number().int().positive().default(50),
    /** Which organism seeds to attack (default: all of them); each run uses the organism's seed. */
    seeds: z.array(z.number().int()).optional(),
    eval: EvalSpecSchema.default({ n: 64, seed: 1000, maxNewTokens: 40 }),
    lossFraction: z.number().gt(0).lt(1).default(0.1),
    /** Keep every checkpoint's weights and ONNX export (large); the final one is always kept. */
    keepCheckpoints: z.boolean().default(false),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfigSchema>;
