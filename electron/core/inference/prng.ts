// A small seeded PRNG so sampling and bootstraps are reproducible: same seed, same numbers, on
// every machine (Math.random cannot be seeded). mulberry32 is fast and good enough for sampling.

export type Random = () => number; // uniform in [0, 1)

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derive an independent stream seed from a base seed and an index (e.g. the prompt's position in
 * a request), so a prompt's sample does not depend on how the batch was chunked.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((index + 1) >>> 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
