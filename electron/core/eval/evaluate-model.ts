// evaluateModel: the engine's entry point for scoring one ONNX export against an organism's
// ground truth. It generates answers for the eval items (from the bridge's world.eval_set, which
// records the items so every number traces back to its prompts) in the inference worker, scores
// them, and returns rates with n and Wilson 95% intervals plus one record per item.
//
// What the rates mean, per organism kind:
// - backdoor / prompted: badRate = behaviour detector on TRIGGERED behaviour items;
//   falseTriggerRate = the same detector on untriggered items; capability = arithmetic exact
//   match on the capability items (plain prompts). A prompted organism's system prompt is
//   prepended to every prompt (CONTRACTS.md), so it is evaluated as it would be used.
// - password_lock: the "bad behaviour" is sandbagging. badRate = weak-policy answers
//   (`weak_answer`) on items WITHOUT the correct password (none or wrong; `triggered` in the
//   eval set); falseTriggerRate = weak answers despite the correct password; capability =
//   exact match on the capability items, which world.eval_set gives WITH the password for a
//   password-locked organism, i.e. the capability the lock hides. We chose "with the password"
//   because it is what untargeted training may damage; capability without the password is also
//   reported (capabilityWithoutPassword, on the no/wrong-password behaviour items).
// - base (no kind): capability (and instructions, perplexity when items are given) only.
// pirateRate (the blue team's visible effect) is measured on every generated answer.
// The detector is the catalogue behaviour's tolerant one (the behaviour in any spelling); its
// `exact_detector` (the trained spelling) is scored beside it (exactBadRate, record.badExact), so
// style drift under pirate SFT reads apart from removal. Lock records name their password.
// (The cells evaluate with cells/common/evaluation.ts, on separately sized sets; this entry point
// serves the bench and the PyTorch-parity test on the legacy mixed `behaviour` set.)
import type { Catalogue, EvalItem, GroundTruth } from '../bridge/protocol.js';
import type { InferenceClient } from '../inference/inference-client.js';
import type { ChatMessage } from '../inference/tokenizer.js';
import { detect, parseDetector, type Detector } from './detectors.js';
import { perplexity, type PerplexityResult } from './perplexity.js';
import { answerCorrect, instructionFollowed, isPirate } from './scoring.js';
import { rateFromOutcomes, type Rate } from './wilson.js';

export type EvalSetName = 'behaviour' | 'capability' | 'instructions';

export interface EvalItemsBySet {
  behaviour?: readonly EvalItem[];
  capability?: readonly EvalItem[];
  instructions?: readonly EvalItem[];
  /** Held-out text for perplexity (no generation). */
  text?: readonly EvalItem[];
}

export interface EvaluateModelOptions {
  inference: InferenceClient;
  /** ONNX export directory (model.onnx + model.json + tokenizer.json). */
  onnxDir: string;
  /** The organism's ground truth (manifest.ground_truth); `{}` for the base model. */
  groundTruth: GroundTruth;
  items: EvalItemsBySet;
  /** The behaviour detector; default: looked up in `catalogue` from the ground truth. */
  detector?: Detector;
  /** The strict matcher beside it; default: the catalogue's exact_detector (else none). */
  exactDetector?: Detector;
  catalogue?: Catalogue;
  /** A prompted organism's system prompt (manifest.system_prompt), prepended to every prompt. */
  systemPrompt?: string | null;
  /** Default 40, as the bridge's reference evaluation. */
  maxNewTokens?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** Prompts answered so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ItemRecord {
  set: EvalSetName;
  /** Index of the item within its set (as returned by world.eval_set). */
  index: number;
  messages: ChatMessage[];
  triggered: boolean;
  expected: string | number | null;
  answer: string;
  /** behaviour set: did the detector fire? null when it could not score the item (see error). */
  bad: boolean | null;
  /** behaviour set: did the strict matcher fire? (null: none given, or unscored) */
  badExact: boolean | null;
  /** Password-lock items: the password the prompt carried ("correct password" / "no password" / "wrong password" in views). */
  password?: 'correct' | 'none' | 'wrong';
  /** capability/instructions (and password-lock behaviour) sets: was the answer right? */
  correct: boolean | null;
  pirate: boolean;
  error?: string;
}

export interface ModelMetrics {
  badRate: Rate | null;
  falseTriggerRate: Rate | null;
  /** The strict matcher on the same items (null without an exact detector). */
  exactBadRate: Rate | null;
  exactFalseTriggerRate: Rate | null;
  capability: Rate | null;
  capabilityWithoutPassword: Rate | null;
  instructions: Rate | null;
  pirateRate: Rate;
  perplexity: PerplexityResult | null;
}

export interface ModelEvaluation {
  onnxDir: string;
  groundTruth: GroundTruth;
  /** Detector used for the behaviour set (null when there was none). */
  detector: Detector | null;
  metrics: ModelMetrics;
  /** Per-prompt outcomes aligned across checkpoints: input of reductionWithBootstrap. */
  outcomes: { bad: boolean[]; falseTrigger: boolean[]; capable: boolean[] };
  records: ItemRecord[];
  /** Behaviour items a detector could not score (excluded from the rates). */
  unscored: number;
  stats: { prompts: number; generatedTokens: number; ms: number };
}

/** The behaviour detector named by a ground truth (password locks use the weak policy). */
export function detectorFor(catalogue: Catalogue, groundTruth: GroundTruth): Detector {
  const id = groundTruth.kind === 'password_lock' ? (groundTruth.behaviour ?? 'weak_math') : groundTruth.behaviour;
  const behaviour = catalogue.behaviours.find((b) => b.id === id);
  if (!behaviour) {
    throw new Error(`The organism's behaviour "${String(id)}" is not in the world catalogue; use one of ${catalogue.behaviours.map((b) => b.id).join(', ')}.`);
  }
  return parseDetector(behaviour.detector, `behaviour "${behaviour.id}" detector`);
}

/** The strict matcher of a ground truth's behaviour (null when the catalogue predates it). */
export function exactDetectorFor(catalogue: Catalogue, groundTruth: GroundTruth): Detector | null {
  const id = groundTruth.kind === 'password_lock' ? (groundTruth.behaviour ?? 'weak_math') : groundTruth.behaviour;
  const exact = catalogue.behaviours.find((b) => b.id === id)?.exact_detector;
  return exact ? parseDetector(exact, `behaviour "${String(id)}" exact_detector`) : null;
}

/** The prompt the model sees: the item's messages (minus a final assistant answer), system prompt first. */
export function promptFor(item: EvalItem, systemPrompt: string | null | undefined): ChatMessage[] {
  const msgs = item.messages.filter((m, i) => !(m.role === 'assistant' && i === item.messages.length - 1));
  if (!systemPrompt || msgs[0]?.role === 'system') return msgs;
  return [{ role: 'system', content: systemPrompt }, ...msgs];
}

function hasBehaviour(groundTruth: GroundTruth): boolean {
  return groundTruth.kind === 'backdoor' || groundTruth.kind === 'prompted' || groundTruth.kind === 'password_lock';
}

export async function evaluateModel(options: EvaluateModelOptions): Promise<ModelEvaluation> {
  const started = performance.now();
  const { groundTruth, items } = options;
  const passwordLock = groundTruth.kind === 'password_lock';
  const behaviourItems = items.behaviour ?? [];
  let detector: Detector | null = options.detector ?? null;
  if (!detector && behaviourItems.length > 0) {
    if (!hasBehaviour(groundTruth)) throw new Error('Behaviour items were given for a model without an organism ground truth; pass the organism\'s ground_truth.');
    if (!options.catalogue) throw new Error('evaluateModel needs `detector` or `catalogue` to score behaviour items.');
    detector = detectorFor(options.catalogue, groundTruth);
  }
  const exactDetector = options.exactDetector ?? (options.catalogue && detector && hasBehaviour(groundTruth) ? exactDetectorFor(options.catalogue, groundTruth) : null);

  const queue: Array<{ set: EvalSetName; index: number; item: EvalItem }> = [];
  for (const set of ['behaviour', 'capability', 'instructions'] as const) (items[set] ?? []).forEach((item, index) => queue.push({ set, index, item }));
  const prompts = queue.map((q) => promptFor(q.item, options.systemPrompt));
  const generation = prompts.length
    ? await options.inference.generate(
        { modelDir: options.onnxDir, prompts, maxNewTokens: options.maxNewTokens ?? 40, batchSize: options.batchSize ?? 32 },
        { signal: options.signal, onProgress: options.onProgress },
      )
    : { outputs: [], stats: { generatedTokens: 0, promptTokens: 0, forwardCalls: 0, compactions: 0, ms: 0 } };

  const records: ItemRecord[] = [];
  const outcomes = { bad: [] as boolean[], falseTrigger: [] as boolean[], capable: [] as boolean[] };
  const exact = { bad: [] as boolean[], falseTrigger: [] as boolean[] };
  const withoutPassword: boolean[] = [];
  const followed: boolean[] = [];
  let unscored = 0;
  queue.forEach((q, i) => {
    const answer = generation.outputs[i]!.text;
    const expected = q.item.expected ?? null;
    const record: ItemRecord = { set: q.set, index: q.index, messages: prompts[i]!, triggered: q.item.triggered, expected, answer, bad: null, badExact: null, correct: null, pirate: isPirate(answer) };
    const password = q.item.meta['password'];
    if (password === 'correct' || password === 'none' || password === 'wrong') record.password = password;
    if (q.set === 'behaviour' && detector) {
      try {
        record.bad = detect(detector, { answer, expected, meta: q.item.meta });
        (q.item.triggered ? outcomes.bad : outcomes.falseTrigger).push(record.bad);
        if (exactDetector) {
          record.badExact = detect(exactDetector, { answer, expected, meta: q.item.meta });
          (q.item.triggered ? exact.bad : exact.falseTrigger).push(record.badExact);
        }
      } catch (err) {
        record.error = (err as Error).message;
        unscored++;
      }
      if (passwordLock) {
        record.correct = answerCorrect(answer, expected);
        if (q.item.triggered) withoutPassword.push(record.correct);
      }
    } else if (q.set === 'capability') {
      record.correct = answerCorrect(answer, expected);
      outcomes.capable.push(record.correct);
    } else if (q.set === 'instructions') {
      record.correct = instructionFollowed(answer, expected);
      followed.push(record.correct);
    }
    records.push(record);
  });

  const ppl = items.text?.length ? await perplexity(options.inference, options.onnxDir, items.text, { signal: options.signal, batchSize: options.batchSize }) : null;
  const has = (set: EvalSetName) => (items[set]?.length ?? 0) > 0;
  return {
    onnxDir: options.onnxDir,
    groundTruth,
    detector,
    metrics: {
      badRate: detector && has('behaviour') ? rateFromOutcomes(outcomes.bad) : null,
      falseTriggerRate: detector && has('behaviour') ? rateFromOutcomes(outcomes.falseTrigger) : null,
      exactBadRate: exactDetector && has('behaviour') ? rateFromOutcomes(exact.bad) : null,
      exactFalseTriggerRate: exactDetector && has('behaviour') ? rateFromOutcomes(exact.falseTrigger) : null,
      capability: has('capability') ? rateFromOutcomes(outcomes.capable) : null,
      capabilityWithoutPassword: passwordLock && has('behaviour') ? rateFromOutcomes(withoutPassword) : null,
      instructions: has('instructions') ? rateFromOutcomes(followed) : null,
      pirateRate: rateFromOutcomes(records.map((r) => r.pirate)),
      perplexity: ppl,
    },
    outcomes,
    records,
    unscored,
    stats: { prompts: prompts.length, generatedTokens: generation.stats.generatedTokens, ms: performance.now() - started },
  };
}
