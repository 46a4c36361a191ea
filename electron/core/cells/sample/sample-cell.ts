// `sample` cell: one prompt, answered side by side by every model of the input cells, with and
// without the organism's trigger; the renderer highlights the trigger and the detected behaviour.
// A password lock is asked without a password, with the correct one and, when one is picked from
// the catalogue's wrong variants, with a wrong one; each card says which ("correct password"...).
import type { GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import type { Detector } from '../../eval/detectors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetector } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf } from '../common/model-refs.js';
import { inputList } from '../common/results.js';
import { behaviourShown } from './arithmetic-prompt.js';
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
}

export const sampleCell: CellKindDefinition<SampleConfig, StudyServices> = {
  kind: 'sample',
  runnerVersion: '3', // 3: tolerant detectors, password-lock conditions (wrong password); 2: seeded sampling, several samples per model
  configSchema: SampleConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const catalogue = await services.catalogue();
    const refs = inputList(ctx.inputs.models, 'models').flatMap(modelRefsOf);
    /** One request per model and variant: what its cards show, and how to ask and score it. */
    const jobs: Array<{ card: Omit<SampleAnswer, 'answer' | 'behaviourShown' | 'sample'>; messages: ChatMessage[]; onnxDir: string; detector: Detector | null; groundTruth: GroundTruth }> = [];
    for (const ref of refs) {
      const gt = ref.groundTruth;
      const triggered = config.withTrigger ? triggerVariant(gt, catalogue.triggers, config.prompt) : null;
      const wrong = wrongPasswordVariant(gt, config.wrongPassword, config.prompt);
      const lock = isPasswordLock(gt);
      let detector = null;
      try {
        detector = isBaseModel(gt) ? null : behaviourDetector(catalogue, gt);
      } catch {
        detector = null;
      }
      for (const variant of [null, triggered, wrong].filter((v, i) => i === 0 || v !== null)) {
        const prompt = variant?.prompt ?? config.prompt;
        const messages: ChatMessage[] = [...(ref.systemPrompt ? [{ role: 'system' as const, content: ref.systemPrompt }] : []), { role: 'user', content: prompt }];
        const condition = lock
          ? PASSWORD_SET_LABELS[variant?.applied === 'password' ? 'correct' : variant?.applied === 'wrong_password' ? 'wrong' : 'none']
          : variant ? 'with trigger' : isBaseModel(gt) ? 'plain' : 'without trigger';
        const card = { label: ref.label, cellName: ref.cellName, triggered: variant !== null, applied: variant?.applied ?? null, condition, prompt, trigger: variant?.marked ?? null };
        jobs.push({ card, messages, onnxDir: ref.onnxDir, detector, groundTruth: gt });
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
    return { summary: { answers: answers.length }, data: { answers } };
  },
};
