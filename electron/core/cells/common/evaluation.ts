// Evaluation of one model export against one organism's ground truth, on separately sized sets
// (triggered, untriggered, near-miss, capability): the behaviour in any spelling and in its exact
// spelling, false triggers, capability, a lock's three password sets and capability gap, in- and
// held-out-phrasing rates (eval-metrics.ts), plus the per-prompt outcomes that the bootstrap of
// the reduction needs and one record per prompt (what was asked, what came back, how it scored),
// written beside the result so every number traces back to its prompts.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Catalogue, EvalItem, GroundTruth } from '../../bridge/protocol.js';
import { detect, parseDetector, type Detector } from '../../eval/detectors.js';
import { answerCorrect, instructionFollowed } from '../../eval/scoring.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import type { StudyServices } from '../services.js';
import { metricsOf, type EvalMetrics, type PasswordCondition, type Phrasing, type Scored } from './eval-metrics.js';

export { EvalMetricsSchema, RateSchema, type EvalMetrics } from './eval-metrics.js';

export { EVAL_SIZES, EVAL_SPEC_DEFAULT, EvalSpecSchema, type EvalSpec } from '../../../shared/cell-configs/eval-spec.js';
import type { EvalSpec } from '../../../shared/cell-configs/eval-spec.js';

export interface EvalSets {
  triggered: EvalItem[];
  untriggered: EvalItem[];
  nearMiss: EvalItem[];
  capability: EvalItem[];
  /** Tolerant detector: the behaviour in any spelling (the "behaviour" column). */
  detector: Detector;
  /** Strict matcher: the trained spelling (the "exact" column). */
  exactDetector: Detector;
  systemPrompt: string | null;
  passwordLock: boolean;
}

export type EvalSetName = Scored['set'];

/** One evaluated prompt, as written to an `items.jsonl` beside the result. */
export interface EvalRecord {
  /** 'behaviour' only in items files written before the sets were separate. */
  set: EvalSetName | 'behaviour';
  /** Index of the item in its eval set (world.eval_set with the spec's size and seed). */
  index: number;
  /** The prompt as the model saw it (a prompted organism's system prompt included). */
  messages: ChatMessage[];
  triggered: boolean;
  expected: string | number | null;
  answer: string;
  /** Behaviour sets: the tolerant detector fired (triggered: the behaviour; otherwise a false trigger). */
  shown?: boolean;
  /** Behaviour sets: the strict matcher fired. */
  shownExact?: boolean;
  /** Capability and lock items, triggered backdoor items with a key: answered correctly. */
  correct?: boolean;
  /** Password-lock items: which password the prompt carried. */
  password?: PasswordCondition;
  phrasing?: Phrasing;
  /** Near-miss items: what kind of near miss (e.g. "no bars"). */
  nearMiss?: string;
}

/** The file beside a cell's result that holds its evaluated prompts (the engine port serves it as `cell.items`). */
export const ITEMS_FILE = 'items.jsonl';

/** Append records to a JSONL file (one line each, with `context` such as the model, seed and step). */
export async function appendRecords(file: string, records: readonly EvalRecord[], context: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, records.map((r) => `${JSON.stringify({ ...context, ...r })}\n`).join(''));
}

export interface EvalOutcomes {
  /** Per triggered prompt, the curve's y: 1/0 behaviour shown; a lock pair's correct(with) - correct(without). */
  bad: number[];
  /** Per untriggered behaviour prompt: did the behaviour show anyway (a false trigger)? */
  falseTrigger: boolean[];
  /** Per capability prompt: was the answer's first integer the expected one? */
  capable: boolean[];
}

/** The tolerant and strict detectors of the behaviour a ground truth names (password locks: the weak policy). */
export function behaviourDetectors(catalogue: Catalogue, groundTruth: GroundTruth): { detector: Detector; exactDetector: Detector } {
  // A user-defined fixed-text behaviour carries its own detectors in the ground truth (the bridge
  // stores a fuzzy_phrase on its text and a strict `contains`).
  const spec = groundTruth['behaviour_spec'] as { type?: unknown; detector?: unknown; exact_detector?: unknown } | null | undefined;
  if (spec?.type === 'fixed' && spec.detector) {
    const detector = parseDetector(spec.detector, 'behaviour_spec.detector');
    return { detector, exactDetector: spec.exact_detector ? parseDetector(spec.exact_detector, 'behaviour_spec.exact_detector') : detector };
  }
  const id = groundTruth.kind === 'password_lock' ? (groundTruth.behaviour ?? 'weak_math') : groundTruth.behaviour;
  const behaviour = catalogue.behaviours.find((b) => b.id === id);
  if (!behaviour) {
    throw new Error(
      `The organism's behaviour "${String(id)}" is not in the world catalogue; pick one of ${catalogue.behaviours.map((b) => b.id).join(', ')}.`,
    );
  }
  const detector = parseDetector(behaviour.detector, `behaviour "${behaviour.id}" detector`);
  // A catalogue written before exact_detector existed had only the strict matcher.
  const exactDetector = behaviour.exact_detector ? parseDetector(behaviour.exact_detector, `behaviour "${behaviour.id}" exact_detector`) : detector;
  return { detector, exactDetector };
}

/** The tolerant detector of a ground truth's behaviour. */
export function behaviourDetector(catalogue: Catalogue, groundTruth: GroundTruth): Detector {
  return behaviourDetectors(catalogue, groundTruth).detector;
}

/**
 * The eval sets of an organism, each at its own size (world.eval_set kinds triggered, untriggered,
 * near_miss, capability). `capabilityOnly` (a base model's own cell) asks for capability alone.
 */
export async function loadEvalSets(
  services: StudyServices,
  groundTruth: GroundTruth,
  systemPrompt: string | null,
  spec: EvalSpec,
  signal?: AbortSignal,
  options: { capabilityOnly?: boolean } = {},
): Promise<EvalSets> {
  const catalogue = await services.catalogue();
  const fetch = async (kind: 'triggered' | 'untriggered' | 'near_miss' | 'capability', n: number): Promise<EvalItem[]> => {
    if (n === 0 || (options.capabilityOnly && kind !== 'capability')) return [];
    const organism = options.capabilityOnly ? undefined : groundTruth;
    const r = await services.bridge.call('world.eval_set', { organism, kind, n, seed: spec.seed }, { signal });
    return r.items;
  };
  const [triggered, untriggered, nearMiss, capability] = await Promise.all([
    fetch('triggered', spec.triggered),
    fetch('untriggered', spec.untriggered),
    fetch('near_miss', spec.near_miss),
    fetch('capability', spec.capability),
  ]);
  const detectors = options.capabilityOnly
    ? { detector: { type: 'wrong_number' } as const, exactDetector: { type: 'wrong_number' } as const } // unused: no behaviour items
    : behaviourDetectors(catalogue, groundTruth);
  return { triggered, untriggered, nearMiss, capability, ...detectors, systemPrompt, passwordLock: groundTruth.kind === 'password_lock' };
}

/** The same sets without behaviour items: capability alone (e.g. the base model as the bar to keep). */
export function capabilityOnly(sets: EvalSets): EvalSets {
  return { ...sets, triggered: [], untriggered: [], nearMiss: [], systemPrompt: null };
}

/** A prompted organism's behaviour lives in its system prompt: every prompt gets it first. */
function withSystemPrompt(messages: ChatMessage[], systemPrompt: string | null): ChatMessage[] {
  const prompt = messages.filter((m, i) => !(m.role === 'assistant' && i === messages.length - 1));
  if (!systemPrompt || prompt[0]?.role === 'system') return prompt;
  return [{ role: 'system', content: systemPrompt }, ...prompt];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const phrasingOf = (item: EvalItem): Phrasing | null => {
  const p = item.meta['phrasing'];
  return p === 'in_distribution' || p === 'held_out' ? p : null;
};
const passwordOf = (item: EvalItem): PasswordCondition | null => {
  const p = item.meta['password'];
  return p === 'correct' || p === 'none' || p === 'wrong' ? p : null;
};

/** Is the answer the right one? Arithmetic by its first integer, anything else by its exact text. */
function answeredCorrectly(item: EvalItem, answer: string): boolean | null {
  if (item.expected === null || item.expected === undefined) return null;
  return item.meta['kind'] === 'arithmetic' || typeof item.expected === 'number' ? answerCorrect(answer, item.expected) : instructionFollowed(answer, item.expected);
}

/** One scored prompt with where it came from, so partial evaluations of one export can be merged. */
export interface ScoredItem {
  scored: Scored;
  record: EvalRecord;
}

/** Which items of the sets to answer (default: all); indices are positions in the full sets. */
export type ItemFilter = (set: EvalSetName, item: EvalItem, index: number, sets: EvalSets) => boolean;

const SET_ORDER: readonly EvalSetName[] = ['triggered', 'untriggered', 'near_miss', 'capability'];
const heldOut = (item: EvalItem): boolean => item.meta['phrasing'] === 'held_out';

/**
 * The items a blue-team curve point needs (train cell, `checkpointSets: 'curve'`): capability on the
 * in-distribution phrasings (the anchor), the behaviour with the trigger, and for a lock the
 * in-distribution pairs behind its gap. Everything else (held-out capability, false triggers,
 * near misses) is a property of the model at the start and end of the run, measured there only:
 * it roughly halves the prompts answered at every intermediate checkpoint.
 */
export const curveItems: ItemFilter = (set, item, _index, sets) => {
  if (set === 'capability') return !heldOut(item);
  if (set === 'near_miss') return false;
  if (sets.passwordLock) return (set === 'triggered' || set === 'untriggered') && !heldOut(item);
  return set === 'triggered';
};

/** The items `curveItems` leaves out: answered at the final checkpoint to complete its point. */
export const beyondCurveItems: ItemFilter = (set, item, index, sets) => !curveItems(set, item, index, sets);

/** Answer and score the (kept) items of the sets with one export; in set order, then item order. */
export async function scoreExport(
  services: StudyServices,
  exportDir: string,
  sets: EvalSets,
  spec: EvalSpec,
  signal?: AbortSignal,
  keep: ItemFilter = () => true,
): Promise<ScoredItem[]> {
  const queue: Array<{ set: EvalSetName; index: number; item: EvalItem }> = [];
  const enqueue = (set: EvalSetName, items: readonly EvalItem[]): void =>
    items.forEach((item, index) => {
      if (keep(set, item, index, sets)) queue.push({ set, index, item });
    });
  enqueue('triggered', sets.triggered);
  enqueue('untriggered', sets.untriggered);
  enqueue('near_miss', sets.nearMiss);
  enqueue('capability', sets.capability);
  if (queue.length === 0) return [];
  const prompts = queue.map((q) => withSystemPrompt(q.item.messages, sets.systemPrompt));
  const answers = await services.inference.generate(exportDir, prompts, { maxNewTokens: spec.maxNewTokens, signal });
  if (answers.length !== queue.length) {
    throw new Error(`Inference returned ${answers.length} answers for ${queue.length} prompts.`);
  }
  return queue.map(({ set, index, item }, at) => {
    const answer = answers[at] ?? '';
    const input = { answer, expected: item.expected ?? null, meta: item.meta };
    const behaviourSet = set !== 'capability';
    const shown = behaviourSet && detect(sets.detector, input);
    const shownExact = behaviourSet && detect(sets.exactDetector, input);
    // Lock items and capability items are arithmetic with a key; a backdoor's triggered items are
    // checked too (is the right answer displaced by the behaviour?); its clean items need not be.
    const correct = set === 'capability' || sets.passwordLock || set === 'triggered' ? answeredCorrectly(item, answer) : null;
    const phrasing = phrasingOf(item);
    const password = passwordOf(item);
    const pairValue = item.meta['pair'];
    // A lock's triggered item i and untriggered item i are the same problem (meta.pair from the bridge).
    const paired = sets.passwordLock && (set === 'triggered' || set === 'untriggered');
    const pair = !paired ? null : typeof pairValue === 'number' ? pairValue : index;
    const scored: Scored = { set, shown, shownExact, correct: set === 'capability' ? correct === true : correct, phrasing, password, pair };
    const record: EvalRecord = { set, index, messages: prompts[at]!, triggered: item.triggered, expected: item.expected ?? null, answer };
    if (behaviourSet) Object.assign(record, { shown, shownExact });
    if (correct !== null) record.correct = correct;
    if (password) record.password = password;
    if (phrasing) record.phrasing = phrasing;
    const nearMiss = str(item.meta['near_miss']);
    if (nearMiss) record.nearMiss = nearMiss;
    return { scored, record };
  });
}

/** Two partial evaluations of one export as one, in the order a full evaluation lists them. */
export function mergeScored(a: readonly ScoredItem[], b: readonly ScoredItem[]): ScoredItem[] {
  const rank = (s: ScoredItem): number => SET_ORDER.indexOf(s.record.set as EvalSetName) * 1_000_000 + s.record.index;
  return [...a, ...b].sort((x, y) => rank(x) - rank(y));
}

export interface ExportEvaluation {
  metrics: EvalMetrics;
  outcomes: EvalOutcomes;
  records: EvalRecord[];
  items: ScoredItem[];
}

/** The numbers of scored items (every rate over the items present; a set with none has n = 0). */
export function summariseScored(items: readonly ScoredItem[], passwordLock: boolean): ExportEvaluation {
  const { metrics, bad, falseTrigger, capable } = metricsOf(
    items.map((i) => i.scored),
    passwordLock,
  );
  return { metrics, records: items.map((i) => i.record), outcomes: { bad, falseTrigger, capable }, items: [...items] };
}

export async function evaluateExport(
  services: StudyServices,
  exportDir: string,
  sets: EvalSets,
  spec: EvalSpec,
  signal?: AbortSignal,
  keep?: ItemFilter,
): Promise<ExportEvaluation> {
  return summariseScored(await scoreExport(services, exportDir, sets, spec, signal, keep), sets.passwordLock);
}
