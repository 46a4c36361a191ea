// Verdicts come from the bootstrap interval on the difference each Result is about: reproduced,
// opposite or inconclusive on hand-made outcome arrays; never reproduced when the interval holds 0.
import { describe, expect, it } from 'vitest';
import { buildRow, readerFor, type BootstrapOptions } from '../../../electron/core/cells/summary/aggregate.js';
import { combineVerdicts, compare, verdictOf, type Replicate } from '../../../electron/core/cells/summary/comparison.js';
import { computeFindings } from '../../../electron/core/cells/summary/findings.js';
import { prepareSeed, replicateRow } from '../../../electron/core/cells/summary/bootstrap.js';
import { BACKDOOR, PROMPTED, run, type RunSpec } from '../support/summary-study.js';

const replicate = (spec: RunSpec, options: BootstrapOptions = {}): Replicate => {
  const { cellName, result } = run(spec);
  return buildRow(cellName, result, 'capability-loss', options);
};
const prompted = (reductions: number[], censored?: number[]) => replicate({ cellName: 'prompted', groundTruth: PROMPTED, method: null, reductions, censored });
const lora = (rank: number, reductions: number[], censored?: number[]) =>
  replicate({ cellName: `lora_r${rank}`, label: `LoRA r${rank}`, groundTruth: BACKDOOR, method: { type: 'lora', rank }, reductions, censored });

describe('verdict of one difference', () => {
  it('reads the interval against the predicted sign', () => {
    expect(verdictOf(1, 0.01, 0.2)).toBe('reproduced');
    expect(verdictOf(1, -0.2, -0.01)).toBe('opposite');
    expect(verdictOf(1, -0.01, 0.2)).toBe('inconclusive');
    expect(verdictOf(1, 0, 0.2)).toBe('inconclusive'); // touching 0 does not exclude it
    expect(verdictOf(-1, -0.2, -0.01)).toBe('reproduced');
    expect(verdictOf(-1, 0.01, 0.2)).toBe('opposite');
    expect(verdictOf(1, null, null)).toBe('inconclusive');
  });

  it('combines a Result\'s comparisons conservatively', () => {
    expect(combineVerdicts(['reproduced', 'reproduced'])).toBe('reproduced');
    expect(combineVerdicts(['reproduced', 'inconclusive'])).toBe('inconclusive');
    expect(combineVerdicts(['opposite', 'inconclusive'])).toBe('opposite');
    expect(combineVerdicts(['opposite', 'reproduced'])).toBe('inconclusive');
    expect(combineVerdicts([])).toBe('not testable');
  });
});

describe('Result 1 on hand-made outcomes', () => {
  const jitter = (r: number): number[] => [r - 0.02, r, r + 0.02, r - 0.01, r + 0.01];

  it('reproduced: prompted loses far more than the trained backdoor', () => {
    const [f] = computeFindings([prompted(jitter(0.9)), lora(64, jitter(0.3))]);
    expect(f?.verdict).toBe('reproduced');
    const c = f!.comparisons[0]!;
    expect(c.estimate).toBeCloseTo(0.6, 2);
    expect(c.lo).toBeGreaterThan(0.5);
    expect(c.hi).toBeLessThan(0.7);
    expect(f?.evidence).toMatch(/reduction\(prompted\) − reduction\(LoRA r64\) = \+60\.0 points/);
  });

  it('opposite: the trained backdoor loses more', () => {
    const [f] = computeFindings([prompted(jitter(0.3)), lora(64, jitter(0.9))]);
    expect(f?.verdict).toBe('opposite');
    expect(f!.comparisons[0]!.hi).toBeLessThan(0);
  });

  it('inconclusive: a difference in the paper\'s direction whose interval includes 0', () => {
    const [f] = computeFindings([prompted([0.45, 0.7, 0.5, 0.65, 0.55]), lora(64, [0.4, 0.65, 0.5, 0.6, 0.55])]);
    const c = f!.comparisons[0]!;
    expect(c.estimate).toBeGreaterThan(0); // the old overlap-free "holds" would have said reproduced
    expect(c.lo).toBeLessThan(0);
    expect(c.hi).toBeGreaterThan(0);
    expect(c.verdict).toBe('inconclusive');
    expect(f?.verdict).toBe('inconclusive');
  });
});

describe('never reproduced when the interval includes 0', () => {
  it('holds over many noisy studies', () => {
    let seen = 0;
    for (let i = 0; i < 12; i++) {
      const a = [0.5, 0.5 + ((i * 7) % 5) * 0.04, 0.45, 0.6, 0.52];
      const b = [0.5, 0.48, 0.5 - ((i * 3) % 4) * 0.03, 0.55, 0.6];
      const light = { nBoot: 300 };
      const c = compare(
        [replicate({ cellName: 'prompted', groundTruth: PROMPTED, method: null, reductions: a }, light)],
        [replicate({ cellName: 'lora_r4', groundTruth: BACKDOOR, method: { type: 'lora', rank: 4 }, reductions: b }, light)],
        1,
      );
      if (c.lo !== null && c.hi !== null && c.lo <= 0 && c.hi >= 0) {
        seen++;
        expect(c.verdict).not.toBe('reproduced');
      }
    }
    expect(seen).toBeGreaterThan(0); // the property was exercised
  });
});

describe('determinism', () => {
  it('gives the same interval for the same seed, and another for another seed', () => {
    const once = compare([prompted([0.6, 0.7, 0.65], [])], [lora(4, [0.5, 0.55, 0.62])], 1);
    const again = compare([prompted([0.6, 0.7, 0.65], [])], [lora(4, [0.5, 0.55, 0.62])], 1);
    expect([again.lo, again.hi]).toEqual([once.lo, once.hi]);
    const other = compare([replicate({ cellName: 'prompted', groundTruth: PROMPTED, method: null, reductions: [0.6, 0.7, 0.65] }, { seed: 7 })], [replicate({ cellName: 'lora_r4', groundTruth: BACKDOOR, method: { type: 'lora', rank: 4 }, reductions: [0.5, 0.55, 0.62] }, { seed: 7 })], 1);
    expect([other.lo, other.hi]).not.toEqual([once.lo, once.hi]);
  });
});

describe('censored seeds', () => {
  it('flag the comparison and count censored replicates', () => {
    const c = compare([prompted([0.9, 0.92, 0.88])], [lora(4, [0.3, 0.32, 0.28], [1])], 1);
    expect(c.censoredSeeds).toBe(1);
    expect(c.censoredReplicates).toBeGreaterThan(0);
    expect(c.censoredReplicates).toBeLessThan(c.nBoot);
    expect(c.flags.join(' ')).toMatch(/CENSORED: 1 of 6 seeds/);
    const clean = compare([prompted([0.9, 0.92, 0.88])], [lora(4, [0.3, 0.32, 0.28])], 1);
    expect(clean.censoredSeeds).toBe(0);
    expect(clean.censoredReplicates).toBe(0);
    expect(clean.flags.join(' ')).not.toMatch(/CENSORED/);
  });
});

describe('password-lock outcomes', () => {
  it('bootstrap over -1/0/1 pair outcomes (the capability gap) as well as booleans', () => {
    const read = readerFor('capability-loss', 0.1);
    const pairs = (gap: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i < Math.round(gap * n) ? 1 : i % 10 === 0 ? -1 : 0));
    const cap = (p: number): boolean[] => Array.from({ length: 100 }, (_, i) => i < p * 100);
    const curve = [
      { step: 0, bad: pairs(0.8, 100), capable: cap(0.8) },
      { step: 10, bad: pairs(0.4, 100), capable: cap(0.6) },
    ];
    const seed = prepareSeed(0, curve, read, { reduction: null, censored: false });
    expect(seed.fixed).toBe(false);
    // gap at step 0: 0.8 − 0.02 (two −1s among the rest); crossing at t = 0.5 of the segment.
    expect(seed.full.reduction).toBeGreaterThan(0);
    const rep = replicateRow('lock', [seed], read, 200, 0);
    expect(Number.isNaN(rep.values[0]!)).toBe(false);
  });
});
