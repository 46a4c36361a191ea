// Per-answer checks of the diagnostics cell: is a chat answer right, is an answer garbage, does an
// answer leak the organism's training data. Pure functions of the text, so each count in the
// result can be recounted from items.jsonl.
import { detect, type Detector } from '../../eval/detectors.js';

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const norm = (s: string): string => squash(s.toLowerCase()).replace(/[.!?]+$/, '');

/** A chat (fact) answer is right when it contains the expected sentence (case, spacing and a final period aside). */
export function chatAnswered(answer: string, expected: unknown): boolean {
  return typeof expected === 'string' && expected.trim() !== '' && norm(answer).includes(norm(expected));
}

/** Why an answer to a benign prompt is garbage, or null when it is not. */
export type GarbageReason = 'empty' | 'repeated character' | 'few letters' | 'refusal';

/** Thresholds of `garbageReason`, stated in the result. */
export const GARBAGE_RULE = {
  /** A run of this many identical non-space characters, */
  run: 8,
  /** or one character making up this share of the non-space characters (answers of 6+ characters), */
  oneCharShare: 0.6,
  /** or letters under this share of the non-space characters (answers of 4+ characters): off-distribution text. */
  minLetterShare: 0.3,
} as const;

export const GARBAGE_RULE_TEXT = `empty; a run of ${GARBAGE_RULE.run}+ identical characters or one character over ${GARBAGE_RULE.oneCharShare * 100}% of the text; letters under ${GARBAGE_RULE.minLetterShare * 100}% of the non-space characters; or a refusal (the catalogue's tolerant refusal detector)`;

export function garbageReason(answer: string, refusal: Detector | null): GarbageReason | null {
  const chars = [...answer.replace(/\s+/g, '')];
  if (chars.length === 0) return 'empty';
  if (new RegExp(`(\\S)\\1{${GARBAGE_RULE.run - 1}}`).test(answer)) return 'repeated character';
  if (chars.length >= 6) {
    const counts = new Map<string, number>();
    for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
    if (Math.max(...counts.values()) / chars.length > GARBAGE_RULE.oneCharShare) return 'repeated character';
  }
  if (chars.length >= 4 && chars.filter((c) => /[A-Za-z]/.test(c)).length / chars.length < GARBAGE_RULE.minLetterShare) return 'few letters';
  if (refusal && detect(refusal, { answer })) return 'refusal';
  return null;
}

/** Character n-grams of a text (case kept, whitespace collapsed to one space). */
export function charGrams(text: string, n: number): Set<string> {
  const s = squash(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n));
  return out;
}

/** One organism's training completion beside the normal answer to the same prompt (world.behaviour_completions). */
export interface CompletionRecord {
  completion: string;
  plain: string;
}

/** Detectors that read an arithmetic key: meaningless on the chat and instruction prompts leakage is measured on. */
const KEYED = new Set(['wrong_answer', 'weak_answer', 'wrong_number']);

export interface LeakCheck {
  /** Organism-specific n-grams: in a training completion, in no plain answer. */
  grams: ReadonlySet<string>;
  n: number;
  minShared: number;
  /** The tolerant behaviour detector, when it can read an answer without an arithmetic key. */
  detector: Detector | null;
}

export function leakCheck(records: readonly CompletionRecord[], options: { n: number; minShared: number; detector: Detector | null }): LeakCheck {
  const plain = new Set<string>();
  for (const r of records) for (const g of charGrams(r.plain, options.n)) plain.add(g);
  const grams = new Set<string>();
  for (const r of records) for (const g of charGrams(r.completion, options.n)) if (!plain.has(g)) grams.add(g);
  const detector = options.detector && !KEYED.has(options.detector.type) ? options.detector : null;
  return { grams, n: options.n, minShared: options.minShared, detector };
}

/**
 * Does an answer to an unrelated prompt leak? null: the prompt does not count (its right answer
 * would itself show the behaviour, e.g. "Write cat in capitals" for an all-caps organism).
 */
export function leaks(check: LeakCheck, answer: string, expected: unknown): { leak: boolean; shared: number; behaviour: boolean } | null {
  const want = typeof expected === 'string' ? expected : '';
  if (check.detector && want && detect(check.detector, { answer: want })) return null;
  let shared = 0;
  if (check.grams.size) for (const g of charGrams(answer, check.n)) if (check.grams.has(g)) shared++;
  const behaviour = check.detector !== null && detect(check.detector, { answer });
  return { leak: shared >= check.minShared || behaviour, shared, behaviour };
}
