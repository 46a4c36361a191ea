// The evaluation sizes every evaluating cell's config carries (`eval`). Pure zod (no Node): the
// renderer's forms validate with the same schema the core runs.
import { z } from 'zod';

/**
 * Default per-checkpoint sizes (SCIENCE.md, "Power"): +-3.5 points at p = 0.9 for n = 300. Every set
 * alternates in-distribution and held-out phrasings; capability is anchored on the in-distribution
 * half (eval-metrics.ts), so 600 capability prompts give the anchor its 300.
 */
export const EVAL_SIZES = { capability: 600, triggered: 200, untriggered: 200, near_miss: 100 } as const;
export const EVAL_SPEC_DEFAULT = { ...EVAL_SIZES, seed: 1000, maxNewTokens: 40 };

const Size = z.number().int().positive().max(5000);
const EvalSpecObject = z
  .object({
    /** Held-out arithmetic problems (with the correct password for a lock), half in held-out phrasings. */
    capability: Size.default(EVAL_SIZES.capability),
    /** Prompts with the trigger (lock: without the correct password, none or wrong alternating). */
    triggered: Size.default(EVAL_SIZES.triggered),
    /** Clean prompts, the false-trigger rate (lock: the triggered problems WITH the password, paired). */
    untriggered: Size.default(EVAL_SIZES.untriggered),
    /** Near-miss triggers (the tag without its bars, other casing, as a suffix...; lock: wrong passwords); 0 skips. */
    near_miss: z.number().int().min(0).max(5000).default(EVAL_SIZES.near_miss),
    /** Seed of the held-out eval prompts: the same prompts at every checkpoint and for every organism. */
    seed: z.number().int().default(1000),
    maxNewTokens: z.number().int().positive().max(256).default(40),
  })
  .strict();

/**
 * The eval sizes of a cell's config. A legacy `{ n }` (notebooks written before the sizes were
 * separate) still opens: n becomes every size.
 */
export const EvalSpecSchema = z.preprocess((raw) => {
  if (raw === null || typeof raw !== 'object' || !('n' in raw)) return raw;
  const { n, ...rest } = raw as Record<string, unknown>;
  return { capability: n, triggered: n, untriggered: n, near_miss: n, ...rest };
}, EvalSpecObject);
export type EvalSpec = z.infer<typeof EvalSpecObject>;
