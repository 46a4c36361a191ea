// `sample` cell: one or several prompts (typed, or drawn from the first organism's validation
// prompts), each answered side by side by every model of the input cells, with and without the
// organism's trigger; the base model is also asked with each organism's trigger (a control: does
// the trigger alone cause the behaviour?). A card says when the behaviour has nothing to fire on
// (an arithmetic behaviour, a prompt without a problem). The renderer highlights the trigger and
// the detected behaviour.
// A password lock is asked without a password, with the correct one and, when one is picked from
// the catalogue's wrong variants, with a wrong one; each card says which ("correct password"...).
import type { GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import type { Detector } from '../../eval/detectors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetector } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf, type ModelRef } from '../common/model-refs.js';
import { inputList } from '../common/results.js';
import { arithmeticOf, behaviourShown } from './arithmetic-prompt.js';
import { triggerVariant, wrongPasswordVariant } from './trigger-variant.js';
import { isPasswordLock, PASSWORD_SET_LABELS } from '../../../shared/eval-labels.js';
import type { StudyServices } from '../services.js';

export { SampleConfigSchema, type SampleConfig } from '../../../shared/cell-configs/sample.js';
import { SampleConfigSchema, type SampleConfig } from '../../../shared/cell-configs/sample.js';

export interface SampleAnswer {
  label: string;
  cellName: string;
  /** 0-based index of this answer among the samples of its model and variant. */
  sample: number;
  /** The organism's trigger (or a password lock's password) is applied to this prompt. */
  triggered: boolean;
  /** What `triggered` applied: a trigger, the correct password or a wrong one (null when nothing was applied). */
  applied: 'trigger' | 'password' | 'wrong_password' | null;
  /** How views name the prompt's condition: "with trigger" / "without trigger", or for a password
   * lock "correct password" / "no password" / "wrong password". Absent in results of runner 2. */
  condition?: string;
  prompt: string;
  /** The part of the prompt the trigger added or changed, to highlight (null when not triggered). */
  trigger: string | null;
  answer: string;
  /** null: the detector cannot tell for this prompt (an arithmetic behaviour on a non-arithmetic prompt). */
  behaviourShown: boolean | null;
  /** Which of the run's prompts this answers (absent before runner 4: one prompt). */
  promptIndex?: number;
  /** The base model asked with an organism's trigger: does the trigger alone cause the behaviour? */
  control?: boolean;
  /** Why the behaviour cannot fire on this prompt (e.g. an arithmetic behaviour, no problem in it). */
  note?: string;
}

type Job = { card: Omit<SampleAnswer, 'answer' | 'behaviourShown' | 'sample'>; messages: ChatMessage[]; onnxDir: string; detector: Detector | null; groundTruth: GroundTruth };

/** Why an organism's behaviour cannot fire on a prompt (null when it can): arithmetic behaviours need a problem. */
export function doesNotFireNote(detector: Detector | null, prompt: string, organism: string): string | null {
  if (!detector || !['wrong_answer', 'wrong_number', 'weak_answer'].includes(detector.type) || arithmeticOf(prompt) !== null) return null;
  return `${organism}'s behaviour is about arithmetic and this prompt has no a+b or a−b problem, so it has nothing to fire on here: ask e.g. "What is 23+19?".`;
}

/** The prompts of one run: the typed ones, then `fromValidation` of the first organism's clean validation prompts. */
async function promptsOf(config: SampleConfig, refs: readonly ModelRef[], services: StudyServices, signal: AbortSignal | undefined): Promise<string[]> {
  const typed = config.prompts ?? [config.prompt];
  const organism = refs.find((r) => !isBaseModel(r.groundTruth));
  if (config.fromValidation === 0 || !organism) return typed;
  const { items } = await services.bridge.call('world.eval_set', { organism: organism.groundTruth, kind: 'untriggered', n: config.fromValidation, seed: 0 }, { signal });
  const drawn = items.map((item) => item.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '').filter((text) => text !== '');
  return [...typed, ...drawn.filter((text) => !typed.includes(text))];
}

export const sampleCell: CellKindDefinition<SampleConfig, StudyServices> = {
  kind: 'sample',
  runnerVersion: '4', // 4: several prompts, validation prompts, the base model with the trigger as a control, notes; 3: tolerant detectors, password-lock conditions; 2: seeded sampling
  configSchema: SampleConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const catalogue = await services.catalogue();
    const refs = inputList(ctx.inputs.models, 'models').flatMap(modelRefsOf);
    const detectorOf = (gt: GroundTruth): Detector | null => {
      try {
        return isBaseModel(gt) ? null : behaviourDetector(catalogue, gt);
      } catch {
        return null;
      }
    };
    const prompts = await promptsOf(config, refs, services, signal);
    /** One request per prompt, model and variant: what its cards show, and how to ask and score it. */
    const jobs: Job[] = [];
    for (const [promptIndex, text] of prompts.entries()) {
      const organismRefs = refs.filter((r) => !isBaseModel(r.groundTruth));
      for (const ref of refs) {
        const gt = ref.groundTruth;
        const triggered = config.withTrigger ? triggerVariant(gt, catalogue.triggers, text) : null;
        const wrong = wrongPasswordVariant(gt, config.wrongPassword, text);
        const lock = isPasswordLock(gt);
        const detector = detectorOf(gt);
        const note = doesNotFireNote(detector, text, ref.label);
        for (const variant of [null, triggered, wrong].filter((v, i) => i === 0 || v !== null)) {
          const prompt = variant?.prompt ?? text;
          const messages: ChatMessage[] = [...(ref.systemPrompt ? [{ role: 'system' as const, content: ref.systemPrompt }] : []), { role: 'user', content: prompt }];
          const condition = lock
            ? PASSWORD_SET_LABELS[variant?.applied === 'password' ? 'correct' : variant?.applied === 'wrong_password' ? 'wrong' : 'none']
            : variant ? 'with trigger' : isBaseModel(gt) ? 'plain' : 'without trigger';
          const card = { label: ref.label, cellName: ref.cellName, promptIndex, triggered: variant !== null, applied: variant?.applied ?? null, condition, prompt, trigger: variant?.marked ?? null, ...(note ? { note } : {}) };
          jobs.push({ card, messages, onnxDir: ref.onnxDir, detector, groundTruth: gt });
        }
        // Control: the base model asked with each organism's trigger (does the trigger alone do it?).
        if (config.control && config.withTrigger && isBaseModel(gt)) {
          const seen = new Set<string>();
          for (const organism of organismRefs) {
            if (isPasswordLock(organism.groundTruth)) continue; // a password asks for capability, not a behaviour
            const variant = triggerVariant(organism.groundTruth, catalogue.triggers, text);
            if (!variant || seen.has(variant.prompt)) continue;
            seen.add(variant.prompt);
            const card = { label: ref.label, cellName: ref.cellName, promptIndex, triggered: true, applied: variant.applied, condition: 'with trigger (control)', control: true, prompt: variant.prompt, trigger: variant.marked };
            jobs.push({ card, messages: [{ role: 'user', content: variant.prompt }], onnxDir: ref.onnxDir, detector: detectorOf(organism.groundTruth), groundTruth: organism.groundTruth });
          }
        }
      }
    }
    const answers: SampleAnswer[] = [];
    const sampling = { temperature: config.temperature, topK: config.topK, topP: config.topP, seed: config.seed };
    for (const [i, job] of jobs.entries()) {
      ctx.progress({ phase: 'generate', step: i, total: jobs.length, message: `${job.card.label}, ${job.card.condition}` });
      // The prompt repeated once per sample; the worker seeds prompt k of a request from (seed, k),
      // so sample k is the same draw for every model.
      const texts = await services.inference.generate(job.onnxDir, Array.from({ length: config.samples }, () => job.messages), { maxNewTokens: config.maxNewTokens, sampling, signal });
      texts.forEach((answer, sample) => {
        answers.push({ ...job.card, sample, answer, behaviourShown: job.detector ? behaviourShown(job.detector, answer, job.card.prompt, job.groundTruth) : false });
      });
    }
    return { summary: { answers: answers.length, prompts: prompts.length }, data: { answers, prompts } };
  },
};
