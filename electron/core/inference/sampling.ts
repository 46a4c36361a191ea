// Choosing the next token from one row of logits: greedy (temperature 0) or seeded sampling with
// temperature, top-k and top-p (nucleus). Pure functions so determinism is unit-testable.
import { z } from 'zod';
import type { Random } from './prng.js';

export const SamplingOptionsSchema = z.object({
  /** 0 = greedy (argmax). */
  temperature: z.number().min(0).max(10).default(0),
  /** Keep only the k most likely tokens; 0 = no limit. */
  topK: z.number().int().min(0).default(0),
  /** Keep the smallest set of tokens whose probability sums to at least topP; 1 = no limit. */
  topP: z.number().gt(0).max(1).default(1),
  /** Seed of the PRNG; each prompt gets its own stream derived from it. */
  seed: z.number().int().default(0),
});
export type SamplingOptions = z.infer<typeof SamplingOptionsSchema>;

/** Index of the largest logit; ties go to the lowest index, like torch.argmax. */
export function argmax(logits: ArrayLike<number>, offset = 0, length = logits.length - offset): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = logits[offset + i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/**
 * Pick a token from logits[offset .. offset+length). Greedy when temperature is 0, otherwise
 * softmax(logits / temperature) restricted by top-k then top-p, sampled with `random`.
 */
export function sampleToken(
  logits: ArrayLike<number>,
  options: SamplingOptions,
  random: Random,
  offset = 0,
  length = logits.length - offset,
): number {
  if (options.temperature === 0) return argmax(logits, offset, length);
  // Candidates sorted by logit, descending (stable on index for equal logits).
  const order = Array.from({ length }, (_, i) => i);
  order.sort((a, b) => logits[offset + b]! - logits[offset + a]! || a - b);
  const keep = options.topK > 0 ? Math.min(options.topK, length) : length;
  const maxLogit = logits[offset + order[0]!]!;
  const weights: number[] = [];
  let total = 0;
  for (let r = 0; r < keep; r++) {
    const w = Math.exp((logits[offset + order[r]!]! - maxLogit) / options.temperature);
    weights.push(w);
    total += w;
  }
  // Nucleus: the shortest prefix whose mass reaches topP (always at least one token).
  let cut = weights.length;
  if (options.topP < 1) {
    let mass = 0;
    for (let r = 0; r < weights.length; r++) {
      mass += weights[r]! / total;
      if (mass >= options.topP) {
        cut = r + 1;
        break;
      }
    }
  }
  let kept = 0;
  for (let r = 0; r < cut; r++) kept += weights[r]!;
  let u = random() * kept;
  for (let r = 0; r < cut; r++) {
    u -= weights[r]!;
    if (u < 0) return order[r]!;
  }
  return order[cut - 1]!;
}
