import { describe, expect, it } from 'vitest';
import { rateFromOutcomes, rateOf, wilsonInterval } from '../../../electron/core/eval/wilson.js';

// Reference values: Wilson score interval, z = 1.95996 (as in statsmodels proportion_confint(method="wilson")).
const KNOWN: Array<[number, number, number, number]> = [
  [0, 10, 0.0, 0.2775],
  [5, 10, 0.2366, 0.7634],
  [10, 10, 0.7225, 1.0],
  [81, 100, 0.7222, 0.8749],
  [1, 3, 0.0615, 0.7923],
];

describe('wilsonInterval', () => {
  it.each(KNOWN)('%i/%i matches the published interval', (k, n, lo, hi) => {
    const r = wilsonInterval(k, n);
    expect(r.lo).toBeCloseTo(lo, 4);
    expect(r.hi).toBeCloseTo(hi, 4);
  });

  it('is symmetric: k/n and (n-k)/n mirror each other', () => {
    const a = wilsonInterval(3, 17);
    const b = wilsonInterval(14, 17);
    expect(a.lo).toBeCloseTo(1 - b.hi, 12);
    expect(a.hi).toBeCloseTo(1 - b.lo, 12);
  });

  it('narrows as n grows at a fixed rate', () => {
    const small = wilsonInterval(5, 10);
    const large = wilsonInterval(500, 1000);
    expect(large.hi - large.lo).toBeLessThan(small.hi - small.lo);
  });

  it('gives [0, 1] and a null rate for n = 0', () => {
    expect(rateOf(0, 0)).toEqual({ k: 0, n: 0, rate: null, lo: 0, hi: 1 });
  });

  it('rejects impossible counts with a message naming them', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/k=11, n=10/);
    expect(() => wilsonInterval(1.5, 10)).toThrow(/integers/);
  });

  it('counts outcomes', () => {
    const r = rateFromOutcomes([true, false, true, true]);
    expect(r.k).toBe(3);
    expect(r.n).toBe(4);
    expect(r.rate).toBe(0.75);
    expect(r.lo).toBeLessThan(0.75);
    expect(r.hi).toBeGreaterThan(0.75);
  });
});
