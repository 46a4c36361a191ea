// Evaluation of one model export against one organism's ground truth: bad-behaviour rate with the
// trigger, without it (false triggers), and capability (arithmetic exact match), each with n and a
// Wilson interval, plus the per-prompt outcomes that the bootstrap of the reduction needs and one
// record per prompt (what was asked, what came back, how it scored), written beside the result so
// every number traces back to its prompts.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Catalogue, EvalItem, GroundTruth } from '../../bridge/protocol.js';
import { detect, firstInteger, parseDetector, type Detector } from '../../eval/detectors.js';
import { rateFromOutcomes, type Rate } from '../../eval/wilson.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import type { StudyServices } from '../services.js';

export const EvalSpecSchema = z
  .object({
    /** Prompts per eval set (behaviour prompts are split between triggered and untriggered). */
    n: z.number().int().positive().max(2000).default(64),
    /** Seed of the held-out eval prompts: the same prompts at every checkpoint and for every organism. */
    seed: z.number().int().default(1000),
    maxNewTokens: z.number().int().positive().max(256).default(40),
  })
  .strict();
export type EvalSpec = z.infer<typeof EvalSpecSchema>;

export interface EvalSets {
  behaviour: EvalItem[];
  capability: EvalItem[];
  detector: Detector;
  systemPrompt: string | null;
}

/** One evaluated prompt, as written to an `items.jsonl` beside the result. */
export interface EvalRecord {
  set: 'behaviour' | 'capability';
  /** Index of the item in its eval set (world.eval_set with the spec's n and seed). */
  index: number;
  /** The prompt as the model saw it (a prompted organism's system prompt included). */
  messages: ChatMessage[];
  triggered: boolean;
  expected: string | number | null;
  answer: string;
  /** behaviour set: the detector fired (with the trigger: bad behaviour; without: a false trigger). */
  shown?: boolean;
  /** capability set: the answer's first integer is the expected one. */
  correct?: boolean;
}

/** The file beside a cell's result that holds its evaluated prompts (the engine port serves it as `cell.items`). */
export const ITEMS_FILE = 'items.jsonl';

/** Append records to a JSONL file (one line each, with `context` such as the model, seed and step). */
export async function appendRecords(file: string, records: readonly EvalRecord[], context: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, records.map((r) => `${JSON.stringify({ ...context, ...r })}\n`).join(''));
}

export interface EvalOutcomes {
  /** Per triggered behaviour prompt: did the answer show the behaviour? */
  bad: boolean[];
  /** Per untriggered behaviour prompt: did the behaviour show anyway (a false trigger)? */
  falseTrigger: boolean[];
  /** Per capability prompt: was the answer's first integer the expected one? */
  capable: boolean[];
}

export interface EvalMetrics {
  triggered: Rate;
  untriggered: Rate;
  capability: Rate;
}

export const RateSchema = z.object({ k: z.number(), n: z.number(), rate: z.number().nullable(), lo: z.number(), hi: z.number() });
export const EvalMetricsSchema = z.object({ triggered: RateSchema, untriggered: RateSchema, capability: RateSchema });

/** The behaviour the organism's ground truth names (password locks use the weak policy). */
export function behaviourDetector(catalogue: Catalogue, groundTruth: GroundTruth): Detector {
  const id = groundTruth.kind === 'password_lock' ? (groundTruth.behaviour ?? 'weak_math') : groundTruth.behaviour;
  const behaviour = catalogue.behaviours.find((b) => b.id === id);
  if (!behaviour) {
    throw new Error(
      `The organism's behaviour "${String(id)}" is not in the world catalogue; pick one of ${catalogue.behaviours.map((b) => b.id).join(', ')}.`,
    );
  }
  return parseDetector(behaviour.detector, `behaviour "${behaviour.id}" detector`);
}

export async function loadEvalSets(
  services: StudyServices,
  groundTruth: GroundTruth,
  systemPrompt: string | null,
  spec: EvalSpec,
  signal?: AbortSignal,
): Promise<EvalSets> {
  const catalogue = await services.catalogue();
  const [behaviour, capability] = await Promise.all(
    (['behaviour', 'capability'] as const).map((kind) =>
      services.bridge.call('world.eval_set', { organism: groundTruth, kind, n: spec.n, seed: spec.seed }, { signal }),
    ),
  );
  return {
    behaviour: behaviour?.items ?? [],
    capability: capability?.items ?? [],
    detector: behaviourDetector(catalogue, groundTruth),
    systemPrompt,
  };
}

/** A prompted organism's behaviour lives in its system prompt: every prompt gets it first. */
function withSystemPrompt(messages: ChatMessage[], systemPrompt: string | null): ChatMessage[] {
  const prompt = messages.filter((m, i) => !(m.role === 'assistant' && i === messages.length - 1));
  if (!systemPrompt || prompt[0]?.role === 'system') return prompt;
  return [{ role: 'system', content: systemPrompt }, ...prompt];
}

export async function evaluateExport(
  services: StudyServices,
  exportDir: string,
  sets: EvalSets,
  spec: EvalSpec,
  signal?: AbortSignal,
): Promise<{ metrics: EvalMetrics; outcomes: EvalOutcomes; records: EvalRecord[] }> {
  const items = [...sets.behaviour, ...sets.capability];
  const prompts = items.map((item) => withSystemPrompt(item.messages, sets.systemPrompt));
  const answers = await services.inference.generate(exportDir, prompts, { maxNewTokens: spec.maxNewTokens, signal });
  if (answers.length !== items.length) {
    throw new Error(`Inference returned ${answers.length} answers for ${items.length} prompts.`);
  }
  const outcomes: EvalOutcomes = { bad: [], falseTrigger: [], capable: [] };
  const records: EvalRecord[] = [];
  const record = (set: EvalRecord['set'], index: number, item: EvalItem, at: number, score: Pick<EvalRecord, 'shown' | 'correct'>): void => {
    records.push({ set, index, messages: prompts[at]!, triggered: item.triggered, expected: item.expected ?? null, answer: answers[at] ?? '', ...score });
  };
  sets.behaviour.forEach((item, i) => {
    const shown = detect(sets.detector, { answer: answers[i] ?? '', expected: item.expected ?? null, meta: item.meta });
    (item.triggered ? outcomes.bad : outcomes.falseTrigger).push(shown);
    record('behaviour', i, item, i, { shown });
  });
  sets.capability.forEach((item, j) => {
    const at = sets.behaviour.length + j;
    const answer = answers[at] ?? '';
    const expected = typeof item.expected === 'string' ? Number(item.expected) : item.expected;
    const correct = expected !== null && expected !== undefined && firstInteger(answer) === expected;
    outcomes.capable.push(correct);
    record('capability', j, item, at, { correct });
  });
  return {
    outcomes,
    records,
    metrics: {
      triggered: rateFromOutcomes(outcomes.bad),
      untriggered: rateFromOutcomes(outcomes.falseTrigger),
      capability: rateFromOutcomes(outcomes.capable),
    },
  };
}
