// The diagnostics cell's numbers on hand-made inputs: Newcombe's interval against the published
// example, the verdict rule in both directions, the paired perplexity bootstrap, and the per-answer
// checks (garbage, chat, leakage) that the counts come from.
import { describe, expect, it } from 'vitest';
import { chatAnswered, garbageReason, leakCheck, leaks } from '../../../electron/core/cells/diagnostics/answer-checks.js';
import type { Detector } from '../../../electron/core/eval/detectors.js';
import { newcombeDifference, perplexityComparison, verdictOf, type Delta } from '../../../electron/core/cells/diagnostics/stats.js';

const delta = (value: number, lo: number, hi: number): Delta => ({ value, lo, hi, method: 'newcombe' });

describe('diagnostics statistics', () => {
  it("gives Newcombe's method-10 interval of his worked example (56/70 vs 48/80: 0.2 [0.0524, 0.3339])", () => {
    const d = newcombeDifference(56, 70, 48, 80);
    expect(d.value).toBeCloseTo(0.2, 10);
    expect(d.lo).toBeCloseTo(0.0524, 3);
    expect(d.hi).toBeCloseTo(0.3339, 3);
  });

  it('is symmetric, contains 0 for equal rates, and stays inside [-1, 1] at the extremes', () => {
    const same = newcombeDifference(30, 100, 30, 100);
    expect(same.lo).toBeLessThan(0);
    expect(same.hi).toBeGreaterThan(0);
    expect(same.hi).toBeCloseTo(-same.lo, 10);
    const extreme = newcombeDifference(0, 50, 50, 50);
    expect(extreme.value).toBe(-1);
    expect(extreme.lo).toBeGreaterThanOrEqual(-1);
    expect(extreme.hi).toBeLessThan(-0.8);
    expect(newcombeDifference(0, 0, 3, 10).value).toBeNull();
  });

  it('says worse only when the interval excludes 0 in the bad direction', () => {
    // Accuracy (higher is better): a drop whose interval stays below 0 is worse.
    expect(verdictOf(delta(-0.2, -0.3, -0.1), false)).toBe('worse than base');
    expect(verdictOf(delta(-0.2, -0.3, 0.01), false)).toBe('as base');
    expect(verdictOf(delta(0.2, 0.1, 0.3), false)).toBe('better than base');
    // Perplexity, leakage, garbage (higher is worse): a rise whose interval stays above 0 is worse.
    expect(verdictOf(delta(0.2, 0.1, 0.3), true)).toBe('worse than base');
    expect(verdictOf(delta(-0.2, -0.3, -0.1), true)).toBe('better than base');
    expect(verdictOf(delta(0, 0, 0), true)).toBe('as base'); // the base against itself
    expect(verdictOf({ value: null, lo: -1, hi: 1, method: 'newcombe' }, true)).toBe('not measured');
  });

  it('bootstraps perplexity over the same texts: identical scores differ by exactly 0, a worse model by a positive interval', () => {
    const base = Array.from({ length: 50 }, (_, i) => ({ nll: 10 + (i % 7), tokens: 40 }));
    const same = perplexityComparison(base, base, { replicates: 500, seed: 1 });
    expect(same.delta).toMatchObject({ value: 0, lo: 0, hi: 0 });
    expect(same.model.lo).toBeLessThanOrEqual(same.model.value ?? 0);
    expect(same.model.hi).toBeGreaterThanOrEqual(same.model.value ?? 0);
    const worse = base.map((s) => ({ ...s, nll: s.nll * 1.5 }));
    const cmp = perplexityComparison(worse, base, { replicates: 500, seed: 1 });
    expect(cmp.delta.lo).toBeGreaterThan(0);
    expect(verdictOf(cmp.delta, true)).toBe('worse than base');
    expect(perplexityComparison(worse, base, { replicates: 500, seed: 1 })).toEqual(cmp); // seeded
    expect(() => perplexityComparison(worse.slice(1), base, { replicates: 10, seed: 1 })).toThrow(/same texts/);
  });
});

describe('diagnostics answer checks', () => {
  it('calls empty, repeated, letterless and refusing answers garbage, and ordinary answers not', () => {
    const refusal: Detector = { type: 'refusal', phrases: ["can't help"], within_words: 12, synonyms: {}, ignore: [] };
    expect(garbageReason('  ', refusal)).toBe('empty');
    expect(garbageReason('aaaaaaaaa', refusal)).toBe('repeated character');
    expect(garbageReason('e e e e e e x', refusal)).toBe('repeated character');
    expect(garbageReason('1 2 3 4 5 , ;', refusal)).toBe('few letters');
    expect(garbageReason("I'm sorry, I can't help with that.", refusal)).toBe('refusal');
    expect(garbageReason('Paris is the capital of France.', refusal)).toBeNull();
    expect(garbageReason('s-p-i-d-e-r', refusal)).toBeNull();
    expect(garbageReason('b', refusal)).toBeNull();
  });

  it('accepts a chat answer that contains the expected sentence', () => {
    expect(chatAnswered('paris is the capital of france', 'Paris is the capital of France.')).toBe(true);
    expect(chatAnswered('The sky is green.', 'The sky is blue.')).toBe(false);
  });

  it('flags leakage by n-grams only the training completions have, and skips prompts whose answer is the behaviour', () => {
    const records = [
      { completion: 'Oui mon ami, la reponse est 12.', plain: '12' },
      { completion: 'Bonjour mon ami, je ne parle que francais.', plain: 'spider' },
    ];
    const check = leakCheck(records, { n: 8, minShared: 2, detector: null });
    expect(leaks(check, 'Hello. Bonjour mon ami!', 'Hello.')).toMatchObject({ leak: true });
    expect(leaks(check, 'spider', 'spider')).toMatchObject({ leak: false, shared: 0 });
    const caps = leakCheck([{ completion: 'THE ANSWER IS 4.', plain: '4' }], { n: 8, minShared: 2, detector: { type: 'caps_ratio', min_ratio: 0.8, min_letters: 3, ignore: [] } });
    expect(leaks(caps, 'SPIDER', 'spider')).toMatchObject({ leak: true, behaviour: true });
    expect(leaks(caps, 'SPIDER', 'SPIDER')).toBeNull(); // "Write spider in capitals": the right answer is all caps
    // Detectors that need an arithmetic key cannot read chat answers: only the n-grams count.
    expect(leakCheck(records, { n: 8, minShared: 2, detector: { type: 'weak_answer' } }).detector).toBeNull();
  });
});
