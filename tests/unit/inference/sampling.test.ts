import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32 } from '../../../electron/core/inference/prng.js';
import { argmax, sampleToken, SamplingOptionsSchema } from '../../../electron/core/inference/sampling.js';

const logits = Float32Array.from([0.1, 2.0, 1.9, -1, 0.5, 1.95]);

describe('sampling', () => {
  it('greedy picks the largest logit, first index on ties', () => {
    expect(argmax(logits)).toBe(1);
    expect(argmax([3, 1, 3])).toBe(0);
    const opts = SamplingOptionsSchema.parse({});
    expect(sampleToken(logits, opts, mulberry32(1))).toBe(1);
  });

  it('reads a row at an offset', () => {
    const rows = Float32Array.from([9, 0, 0, 0, 0, 7]);
    expect(argmax(rows, 3, 3)).toBe(2);
  });

  it('same seed gives the same sequence; another seed a different one', () => {
    const opts = SamplingOptionsSchema.parse({ temperature: 1.5 });
    const run = (seed: number) => {
      const rng = mulberry32(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, opts, rng));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('top-k = 1 is greedy even at high temperature', () => {
    const opts = SamplingOptionsSchema.parse({ temperature: 5, topK: 1 });
    const rng = mulberry32(3);
    for (let i = 0; i < 30; i++) expect(sampleToken(logits, opts, rng)).toBe(1);
  });

  it('top-k and top-p only ever return tokens in the kept set', () => {
    const k3 = SamplingOptionsSchema.parse({ temperature: 2, topK: 3 });
    const p = SamplingOptionsSchema.parse({ temperature: 1, topP: 0.5 });
    const rng = mulberry32(11);
    const seenK = new Set<number>();
    const seenP = new Set<number>();
    for (let i = 0; i < 300; i++) {
      seenK.add(sampleToken(logits, k3, rng));
      seenP.add(sampleToken(logits, p, rng));
    }
    expect([...seenK].sort()).toEqual([1, 2, 5]);
    // Probabilities of 1, 5, 2 are ~0.31, 0.29, 0.28: the nucleus of 0.5 keeps exactly two tokens.
    expect([...seenP].sort()).toEqual([1, 5]);
  });

  it('samples in proportion to softmax probabilities', () => {
    const opts = SamplingOptionsSchema.parse({ temperature: 1 });
    const two = [0, Math.log(3)]; // p = 0.25, 0.75
    const rng = mulberry32(5);
    let ones = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) ones += sampleToken(two, opts, rng);
    expect(ones / n).toBeGreaterThan(0.72);
    expect(ones / n).toBeLessThan(0.78);
  });

  it('derives distinct per-prompt seeds', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, i) => deriveSeed(1234, i)));
    expect(seeds.size).toBe(100);
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
  });
});
