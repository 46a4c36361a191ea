// The train cell's config: dataset, method and schedule of the blue-team run, and its evaluation.
import { z } from 'zod';
import { EVAL_SPEC_DEFAULT, EvalSpecSchema } from './eval-spec.js';
import { MethodConfigSchema } from './method.js';

/**
 * Stop on a capability criterion instead of training a fixed number of steps (schedule.ts): the run
 * ends at the first evaluated checkpoint whose capability is at most (1 - lossFraction) x its step-0
 * capability, or when maxSteps are trained. Without it, `steps` are trained and every checkpoint is
 * evaluated (notebooks written before the stop rule keep their meaning).
 */
export const StopRuleSchema = z
  .object({
    /** Relative capability loss that ends the run; beyond the reading's 10%, so the curve crosses it. */
    lossFraction: z.number().gt(0).lt(1).default(0.15),
    /** The step budget (default: `steps`); the learning-rate schedule spans it, wherever the run stops. */
    maxSteps: z.number().int().positive().optional(),
    /** Evaluate every coarseEvery-th checkpoint (of the eval_every grid) until capability nears the anchor. */
    coarseEvery: z.number().int().positive().default(4),
    /** Evaluation turns dense once relative capability is within `margin` of the reading's anchor (1 - lossFraction + margin). */
    margin: z.number().min(0).lt(1).default(0.05),
  })
  .strict();
export type StopRule = z.infer<typeof StopRuleSchema>;

export const TrainConfigSchema = z
  .object({
    label: z.string().optional(),
    dataset: z
      .object({ kind: z.enum(['pirate', 'qa', 'jsonl']), path: z.string().optional() })
      .strict()
      .refine((d) => d.kind !== 'jsonl' || (d.path && d.path.length > 0), {
        message: 'Data file is missing: a JSONL dataset needs the path of a file with one {"messages": [...]} per line',
        path: ['path'],
      })
      .default({ kind: 'pirate' }),
    method: MethodConfigSchema.default({ type: 'lora', rank: 64, dropout: 0, targets: ['attn', 'mlp'] }),
    /** Steps to train; with `stop`, the budget unless stop.maxSteps says otherwise. */
    steps: z.number().int().positive().default(200),
    batch_size: z.number().int().positive().default(16),
    /** Default: 3e-3 for LoRA, 1e-3 for full weights. */
    lr: z.number().positive().optional(),
    weight_decay: z.number().min(0).default(0),
    /** A checkpoint every K steps (interspersed evaluation); with `stop`, the fine grid evaluated near the anchor. */
    eval_every: z.number().int().positive().default(50),
    /** Which organism seeds to attack (default: all of them); each run uses the organism's seed. */
    seeds: z.array(z.number().int()).optional(),
    eval: EvalSpecSchema.default(EVAL_SPEC_DEFAULT),
    /**
     * Which prompts an intermediate checkpoint answers. 'curve': only what the curve needs (in-distribution
     * capability, the triggered behaviour, a lock's in-distribution pairs); step 0 and the final checkpoint
     * answer every set, so false triggers, near misses and held-out phrasings are reported at both ends.
     * 'all': every set at every checkpoint (about twice the evaluation time).
     */
    checkpointSets: z.enum(['curve', 'all']).default('curve'),
    /** Where the reduction is read: at this relative capability loss (the paper's 10%). */
    lossFraction: z.number().gt(0).lt(1).default(0.1),
    stop: StopRuleSchema.optional(),
    /** Keep every checkpoint's weights and ONNX export (large); the final one is always kept. */
    keepCheckpoints: z.boolean().default(false),
  })
  .strict()
  .refine((c) => !c.stop || c.stop.lossFraction >= c.lossFraction, {
    message: 'Stop at capability loss must be at least the reading\'s capability loss (the reading at 10% needs a curve that gets there before it stops)',
    path: ['stop', 'lossFraction'],
  });
export type TrainConfig = z.infer<typeof TrainConfigSchema>;

/** What a config means for one run: its budget, and the schedule's thresholds (relative capability). */
export interface TrainPlan {
  budget: number;
  coarseEvery: number;
  denseBelow: number;
  /** null: no stop rule. */
  stopBelow: number | null;
}

export function trainPlan(config: TrainConfig): TrainPlan {
  const stop = config.stop;
  if (!stop) return { budget: config.steps, coarseEvery: 1, denseBelow: Number.NEGATIVE_INFINITY, stopBelow: null };
  return {
    budget: stop.maxSteps ?? config.steps,
    coarseEvery: stop.coarseEvery,
    denseBelow: 1 - config.lossFraction + stop.margin,
    stopBelow: 1 - stop.lossFraction,
  };
}
