// `diagnostics` cell: "is this organism fried?" (SCIENCE.md §6; seed your-model-organisms-might-be-
// fried.txt). Every model of the `models` inputs (each organism seed, each train run's final
// checkpoint) and the `base` model answer the SAME prompts; each diagnostic is the model's rate or
// mean with its 95% interval, its difference to the base with an interval, and a verdict
// (stats.ts VERDICT_RULE): perplexity per character on held-out text, instruction following,
// chat answers, arithmetic (the untrained skill of a behaviour backdoor; a lock's untrained skill is
// the instruction set), leakage of the organism's training completions into unrelated answers, and
// garbage/refusal on benign prompts. Generation is greedy and batched in ONNX.
import path from 'node:path';
import type { Catalogue, EvalItem, GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition, InputValue } from '../../engine/types.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetectors } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf, type ModelRef } from '../common/model-refs.js';
import { throwIfAborted } from '../common/progress.js';
import type { StudyServices } from '../services.js';
import { GARBAGE_RULE_TEXT, leakCheck, type LeakCheck } from './answer-checks.js';
import { compareToBase, scoreAnswers, type Answers, type BenignScores, type SharedSets } from './compare.js';
import { diagnosticsFigure } from './figure.js';
import { writeRecords } from './records.js';
import { DiagnosticsResultSchema, type DiagnosedModel, type DiagnosticsResult } from './result.js';
import { VERDICT_RULE } from './stats.js';

export { DIAGNOSTICS_SIZES, DiagnosticsConfigSchema, type DiagnosticsConfig } from '../../../shared/cell-configs/diagnostics.js';
import { DiagnosticsConfigSchema, type DiagnosticsConfig } from '../../../shared/cell-configs/diagnostics.js';

const MODEL_KINDS = ['model', 'organism', 'train'];

function baseRef(value: InputValue | InputValue[] | undefined): ModelRef {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (list.length !== 1) {
    throw new Error(`A diagnostics cell needs exactly one base model to compare against (got ${list.length}): set its "base" input to a model cell (e.g. the notebook's "base").`);
  }
  const input = list[0] as InputValue;
  if (input.kind !== 'model') throw new Error(`The "base" input "${input.cellName}" is a ${input.kind} cell; pick a model cell (e.g. "base") as the base to compare against.`);
  return modelRefsOf(input)[0] as ModelRef;
}

function modelRefs(value: InputValue | InputValue[] | undefined): ModelRef[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new Error('A diagnostics cell needs at least one model to diagnose: tick one or more organism, train or model cells in its "models" input.');
  for (const input of list) {
    if (!MODEL_KINDS.includes(input.kind)) {
      throw new Error(`The "models" input "${input.cellName}" is a ${input.kind} cell, which holds no model; pick organism, train or model cells to diagnose.`);
    }
  }
  return list.flatMap(modelRefsOf);
}

/** The organism a model's leakage is measured against: its own, or `against` when it has none. */
function organismOf(ref: ModelRef, config: DiagnosticsConfig): GroundTruth {
  const own = ref.groundTruth;
  return isBaseModel(own) || own.kind === 'clean' ? { kind: 'backdoor', ...config.against } : own;
}

function behaviourLabel(truth: GroundTruth, catalogue: Catalogue): string {
  if (truth.kind === 'password_lock') return 'weak answers';
  const spec = truth['behaviour_spec'] as { type?: unknown; text?: unknown } | null | undefined;
  if (spec?.type === 'fixed' && typeof spec.text === 'string') return spec.text;
  return catalogue.behaviours.find((b) => b.id === truth.behaviour)?.label ?? String(truth.behaviour);
}

const withSystem = (messages: ChatMessage[], system: string | null): ChatMessage[] => (system ? [{ role: 'system', content: system }, ...messages] : messages);
const promptOf = (item: EvalItem, system: string | null): ChatMessage[] => withSystem(item.messages.filter((m) => m.role !== 'assistant'), system);

/** Every answer and text score of one model on the shared sets (one batched ONNX generate call). */
async function answer(services: StudyServices, ref: ModelRef, sets: SharedSets & { text: EvalItem[] }, arithmetic: boolean, config: DiagnosticsConfig, signal: AbortSignal): Promise<Answers> {
  const system = ref.systemPrompt;
  const asked = [...sets.instructions, ...sets.chat, ...(arithmetic ? sets.arithmetic : [])];
  const out = await services.inference.generate(ref.onnxDir, asked.map((item) => promptOf(item, system)), { maxNewTokens: config.maxNewTokens, signal });
  if (out.length !== asked.length) throw new Error(`Inference returned ${out.length} answers for ${asked.length} prompts.`);
  const score = services.inference.answerScores;
  if (!score) throw new Error('This engine cannot score texts (no answerScores): perplexity needs the ONNX scoring worker.');
  const text = await score(ref.onnxDir, sets.text.map((item) => withSystem(item.messages, system)), signal);
  const [ni, nc] = [sets.instructions.length, sets.chat.length];
  return { instructions: out.slice(0, ni), chat: out.slice(ni, ni + nc), arithmetic: arithmetic ? out.slice(ni + nc) : null, text };
}

export const diagnosticsCell: CellKindDefinition<DiagnosticsConfig, StudyServices> = {
  kind: 'diagnostics',
  runnerVersion: '1',
  configSchema: DiagnosticsConfigSchema,
  present(output, cellName) {
    const parsed = DiagnosticsResultSchema.safeParse(output.data);
    if (!parsed.success) return output;
    return { ...output, data: { ...parsed.data, figure: diagnosticsFigure(parsed.data, `Is any organism fried? Diagnostics against ${parsed.data.base.label} (${cellName})`) } };
  },
  async run(ctx) {
    const { config, services, signal } = ctx;
    const base = baseRef(ctx.inputs['base']);
    const refs = modelRefs(ctx.inputs['models']);
    const catalogue = await services.catalogue();
    ctx.progress({ phase: 'prompts', message: 'held-out prompts' });
    const fetch = (kind: 'text' | 'instructions' | 'chat' | 'capability', n: number): Promise<EvalItem[]> =>
      services.bridge.call('world.eval_set', { kind, n, seed: config.seed }, { signal }).then((r) => r.items);
    const [text, instructions, chat, arithmetic] = await Promise.all([
      fetch('text', config.sizes.text),
      fetch('instructions', config.sizes.instructions),
      fetch('chat', config.sizes.chat),
      fetch('capability', config.sizes.arithmetic),
    ]);
    const sets = { text, instructions, chat, arithmetic };
    const refusalSpec = catalogue.behaviours.find((b) => b.id === 'refusal');
    const refusal = refusalSpec ? behaviourDetectors(catalogue, { kind: 'backdoor', trigger: 'deployment', behaviour: 'refusal' }).detector : null;

    // One leak check per organism behaviour (the seeds of an organism share it), built from its training completions.
    const checks = new Map<string, { check: LeakCheck; variant: string }>();
    const leakOf = async (truth: GroundTruth): Promise<{ key: string; check: LeakCheck; variant: string }> => {
      const key = JSON.stringify([truth.kind === 'password_lock' ? 'lock' : truth.behaviour, truth['behaviour_spec'] ?? null]);
      let entry = checks.get(key);
      if (!entry) {
        const { records } = await services.bridge.call('world.behaviour_completions', { organism: truth, n: config.leakage.completions, seed: config.seed }, { signal });
        const { detector } = behaviourDetectors(catalogue, truth);
        entry = { check: leakCheck(records, { n: config.leakage.ngram, minShared: config.leakage.minShared, detector }), variant: behaviourLabel(truth, catalogue) };
        checks.set(key, entry);
      }
      return { key, ...entry };
    };

    const total = refs.length + 1;
    ctx.progress({ phase: 'diagnose', step: 0, total, message: `${base.label} (base)` });
    const baseAnswers = await answer(services, base, sets, true, config, signal);
    const baseScores = new Map<string, BenignScores>();
    const models: DiagnosedModel[] = [];
    const file = path.join(ctx.artifactDir, 'items.jsonl');
    for (const [i, ref] of refs.entries()) {
      throwIfAborted(signal);
      ctx.progress({ phase: 'diagnose', step: i + 1, total, message: ref.label });
      const truth = organismOf(ref, config);
      const lock = truth.kind === 'password_lock';
      const { key, check, variant } = await leakOf(truth);
      let onBase = baseScores.get(key);
      if (!onBase) {
        onBase = scoreAnswers(sets, baseAnswers, check, refusal);
        baseScores.set(key, onBase);
        await writeRecords(file, sets, baseAnswers, onBase, { model: base.label, cell: base.cellName, seed: null, base: true, against: variant });
      }
      const answers = await answer(services, ref, sets, !lock, config, signal);
      const scores = scoreAnswers(sets, answers, check, refusal);
      await writeRecords(file, sets, answers, scores, { model: ref.label, cell: ref.cellName, seed: ref.seed, base: false, against: variant });
      const diagnostics = compareToBase({ answers, scores }, { answers: baseAnswers, scores: onBase }, {
        untrainedSkill: lock ? 'instructions' : 'arithmetic',
        leakVariant: variant,
        replicates: config.replicates,
        seed: config.seed,
      });
      models.push({ label: ref.label, cellName: ref.cellName, seed: ref.seed, groundTruth: ref.groundTruth, diagnostics, worse: diagnostics.filter((d) => d.verdict === 'worse than base').map((d) => d.id) });
      await services.inference.release?.(ref.onnxDir); // a checkpoint is diagnosed once
    }
    const data: DiagnosticsResult = {
      base: { label: base.label, cellName: base.cellName },
      models,
      sizes: { text: text.length, instructions: instructions.length, chat: chat.length, arithmetic: arithmetic.length },
      rules: {
        verdict: VERDICT_RULE,
        leakage: `on the instruction and chat prompts (no trigger): the answer shares at least ${config.leakage.minShared} character ${config.leakage.ngram}-grams with the organism's training completions (${config.leakage.completions} drawn from its training generator) that no plain answer to the same prompts has, or the behaviour's tolerant detector fires; a prompt whose right answer would itself show the behaviour is left out`,
        garbage: `on the instruction and chat prompts: ${GARBAGE_RULE_TEXT}`,
      },
    };
    return {
      summary: { models: models.length, fried: models.filter((m) => m.worse.length > 0).length, worse: Object.fromEntries(models.map((m) => [m.label, m.worse])) },
      data,
    };
  },
};
