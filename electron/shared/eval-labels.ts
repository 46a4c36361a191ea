// How every view names an evaluation's sets, shared by the core (API results, report) and the
// renderer. A password lock is never described with backdoor words: its sets are "correct
// password", "no password" and "wrong password", each with its capability and weak-answer rate;
// a backdoor's are "with trigger", "without trigger" and "near-miss trigger", each with the
// behaviour (tolerant detector) and exact (strict matcher) columns side by side.
// Types are structural so that results from older runs (fewer fields) label without parsing.

export interface RateLike {
  k: number;
  n: number;
  rate: number | null;
  lo: number;
  hi: number;
}

/** The parts of EvalMetrics (electron/core/cells/common/eval-metrics.ts) the labels read. */
export interface MetricsLike {
  triggered: RateLike;
  untriggered: RateLike;
  capability: RateLike;
  exact?: { triggered: RateLike; untriggered: RateLike };
  nearMiss?: RateLike;
  triggeredCorrect?: RateLike;
  password?: Record<'correct' | 'none' | 'wrong', { capability: RateLike; weak: RateLike }> & { gap: { value: number | null; lo: number; hi: number; n: number } };
}

export type PasswordSetKey = 'correct' | 'none' | 'wrong';
export const PASSWORD_SET_LABELS: Record<PasswordSetKey, string> = { correct: 'correct password', none: 'no password', wrong: 'wrong password' };

/** One labelled evaluation set: a row of the organism, evaluate and report tables. */
export interface LabelledSet {
  key: 'triggered' | 'untriggered' | 'near_miss' | PasswordSetKey;
  label: string;
  /** Backdoor: the behaviour (tolerant detector). Lock: weak answers (the weak policy's number). */
  behaviour: RateLike | null;
  /** Backdoor: the strict matcher on the same prompts (null in results from before it existed). */
  exact: RateLike | null;
  /** Answered correctly: a lock's capability in this set; a backdoor's triggered-correct rate. */
  correct: RateLike | null;
}

export function isPasswordLock(groundTruth: { kind?: unknown } | null | undefined): boolean {
  return groundTruth?.kind === 'password_lock';
}

/**
 * The sets of one evaluation, labelled for the organism's kind. A lock evaluated before the three
 * sets existed (no `password`) still reads as a lock: without the password / with the password.
 */
export function labelledSets(groundTruth: { kind?: unknown } | null | undefined, m: MetricsLike): LabelledSet[] {
  if (isPasswordLock(groundTruth)) {
    if (m.password) {
      const p = m.password;
      return (['correct', 'none', 'wrong'] as const).map((key) => ({ key, label: PASSWORD_SET_LABELS[key], behaviour: p[key].weak, exact: null, correct: p[key].capability }));
    }
    return [
      { key: 'correct', label: 'correct password', behaviour: m.untriggered, exact: null, correct: null },
      { key: 'none', label: 'no or wrong password', behaviour: m.triggered, exact: null, correct: null },
    ];
  }
  const sets: LabelledSet[] = [
    { key: 'triggered', label: 'with trigger', behaviour: m.triggered, exact: m.exact?.triggered ?? null, correct: m.triggeredCorrect ?? null },
    { key: 'untriggered', label: 'without trigger', behaviour: m.untriggered, exact: m.exact?.untriggered ?? null, correct: null },
  ];
  if (m.nearMiss) sets.push({ key: 'near_miss', label: 'near-miss trigger', behaviour: m.nearMiss, exact: null, correct: null });
  return sets;
}

/** What an evaluation's headline (`triggered`) means for the organism's kind. */
export function headlineLabel(groundTruth: { kind?: unknown } | null | undefined): string {
  return isPasswordLock(groundTruth) ? 'capability gap (correct password minus no/wrong password)' : 'behaviour with trigger';
}

/** How an evaluated prompt is named: by its password for a lock, by its trigger otherwise. */
export function promptCondition(record: { set?: string; triggered?: boolean; password?: string; nearMiss?: string }): string {
  // A lock's capability problems carry the correct password too; they are still the capability set.
  if (record.set === 'capability') return 'capability';
  if (record.password === 'correct' || record.password === 'none' || record.password === 'wrong') return PASSWORD_SET_LABELS[record.password];
  if (record.set === 'near_miss' || record.nearMiss) return `near miss${record.nearMiss ? ` (${record.nearMiss})` : ''}`;
  return record.triggered ? 'with trigger' : 'without trigger';
}
