// One model's diagnostics against the base model's, from their answers on the same prompts:
// counts → rates with Wilson intervals → differences with Newcombe intervals → verdicts; and
// perplexity with a paired bootstrap. No I/O here (the cell gathers the answers), so the unit tests
// drive it with hand-made answers.
import type { EvalItem } from '../../bridge/protocol.js';
import type { Detector } from '../../eval/detectors.js';
import { answerCorrect, instructionFollowed } from '../../eval/scoring.js';
import { chatAnswered, garbageReason, leaks, type LeakCheck } from './answer-checks.js';
import type { Diagnostic, DiagnosticId } from './result.js';
import { newcombeDifference, perplexityComparison, rateEstimate, verdictOf, type TextScore } from './stats.js';

/** What one model said on the shared prompts (index i of each list is item i of that set). */
export interface Answers {
  instructions: string[];
  chat: string[];
  /** null: not asked (a password lock: arithmetic is its own skill, measured by its validation). */
  arithmetic: string[] | null;
  text: TextScore[];
}

export interface SharedSets {
  instructions: EvalItem[];
  chat: EvalItem[];
  arithmetic: EvalItem[];
}

export const LABELS: Record<DiagnosticId, string> = {
  perplexity: 'perplexity per character on held-out text',
  instructions: 'instruction following (exact match)',
  chat: 'chat answers (contains the answer)',
  arithmetic: 'arithmetic, no trigger (exact match)',
  leakage: 'leakage of training data on unrelated prompts',
  garbage: 'garbage or refusal on benign prompts',
};

/** Per prompt of the benign sets (instructions, then chat): garbage reason and leak check. */
export interface BenignScores {
  correct: { instructions: boolean[]; chat: boolean[]; arithmetic: boolean[] | null };
  garbage: Array<string | null>;
  leak: Array<ReturnType<typeof leaks>>;
}

export function scoreAnswers(sets: SharedSets, answers: Answers, leak: LeakCheck, refusal: Detector | null): BenignScores {
  const benign = [...answers.instructions.map((a, i) => [a, sets.instructions[i]?.expected] as const), ...answers.chat.map((a, i) => [a, sets.chat[i]?.expected] as const)];
  return {
    correct: {
      instructions: answers.instructions.map((a, i) => instructionFollowed(a, sets.instructions[i]?.expected)),
      chat: answers.chat.map((a, i) => chatAnswered(a, sets.chat[i]?.expected)),
      arithmetic: answers.arithmetic?.map((a, i) => answerCorrect(a, sets.arithmetic[i]?.expected)) ?? null,
    },
    garbage: benign.map(([a]) => garbageReason(a, refusal)),
    leak: benign.map(([a, expected]) => leaks(leak, a, expected)),
  };
}

const count = (xs: readonly boolean[]): number => xs.reduce((s, x) => s + (x ? 1 : 0), 0);

function rateDiagnostic(id: DiagnosticId, model: readonly boolean[], base: readonly boolean[], higherIsWorse: boolean, extra: Partial<Diagnostic> = {}): Diagnostic {
  const [km, kb] = [count(model), count(base)];
  const delta = newcombeDifference(km, model.length, kb, base.length);
  return {
    id,
    label: LABELS[id],
    variant: null,
    unit: 'rate',
    higherIsWorse,
    model: rateEstimate(km, model.length),
    base: rateEstimate(kb, base.length),
    delta,
    verdict: verdictOf(delta, higherIsWorse),
    untrainedSkill: false,
    ...extra,
  };
}

const leaked = (scores: BenignScores): boolean[] => scores.leak.filter((l) => l !== null).map((l) => l.leak);

export interface CompareOptions {
  untrainedSkill: 'arithmetic' | 'instructions';
  /** What leakage is measured against (the behaviour's label). */
  leakVariant: string;
  replicates: number;
  seed: number;
}

/** The diagnostics of one model against the base, in DIAGNOSTIC_IDS order (arithmetic left out when not asked). */
export function compareToBase(model: { answers: Answers; scores: BenignScores }, base: { answers: Answers; scores: BenignScores }, options: CompareOptions): Diagnostic[] {
  const ppl = perplexityComparison(model.answers.text, base.answers.text, { replicates: options.replicates, seed: options.seed });
  const out: Diagnostic[] = [
    {
      id: 'perplexity',
      label: LABELS.perplexity,
      variant: null,
      unit: 'perplexity',
      higherIsWorse: true,
      model: ppl.model,
      base: ppl.base,
      delta: ppl.delta,
      verdict: verdictOf(ppl.delta, true),
      untrainedSkill: false,
    },
    rateDiagnostic('instructions', model.scores.correct.instructions, base.scores.correct.instructions, false, { untrainedSkill: options.untrainedSkill === 'instructions' }),
    rateDiagnostic('chat', model.scores.correct.chat, base.scores.correct.chat, false),
  ];
  const arithmetic = model.scores.correct.arithmetic;
  if (arithmetic && base.scores.correct.arithmetic) {
    out.push(rateDiagnostic('arithmetic', arithmetic, base.scores.correct.arithmetic, false, { untrainedSkill: options.untrainedSkill === 'arithmetic' }));
  }
  out.push(
    rateDiagnostic('leakage', leaked(model.scores), leaked(base.scores), true, { variant: options.leakVariant }),
    rateDiagnostic(
      'garbage',
      model.scores.garbage.map((g) => g !== null),
      base.scores.garbage.map((g) => g !== null),
      true,
    ),
  );
  return out;
}
