// `sample` cell: one prompt, answered side by side by every model of the input cells, with and
// without the organism's trigger; the renderer highlights the trigger and the detected behaviour.
import { z } from 'zod';
import type { GroundTruth } from '../../bridge/protocol.js';
import type { CellKindDefinition } from '../../engine/types.js';
import type { Detector } from '../../eval/detectors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetector } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf } from '../common/model-refs.js';
import { inputList } from '../common/results.js';
import { behaviourShown } from './arithmetic-prompt.js';
import { triggerVariant } from './trigger-variant.js';
import type { StudyServices } from '../services.js';

export const SampleConfigSchema = z
  .object({
    prompt: z.string().min(1).default('What is 23+19?'),
    /** Also ask with the organism's trigger (or password) applied. */
    withTrigger: z.boolean().default(true),
    maxNewTokens: z.number().int().positive().max(512).default(60),
    /** 0 = greedy (one deterministic answer); above 0, seeded sampling with top-k and top-p. */
    temperature: z.number().min(0).max(5).default(0),
    topK: z.number().int().min(0).default(0),
    topP: z.number().gt(0).max(1).default(1),
    /**
     * Seed of the samples. Every model and variant draws sample i from the same seed, so the answers
     * in a row differ by the model, not by luck of the draw; the same seed gives the same answers.
     */
    seed: z.number().int().min(0).default(0),
    /** Answers per model and variant. */
    samples: z.number().int().min(1).max(8).default(1),
  })
  .strict()
  .refine((c) => c.samples <= 1 || c.temperature > 0, {
    message: 'Several samples need a temperature above 0: greedy answers are all the same. Set temperature (e.g. 0.8) or samples to 1.',
    path: ['samples'],
  });
export type SampleConfig = z.infer<typeof SampleConfigSchema>;

export interface SampleAnswer {
  label: string;
  cellName: string;
  /** 0-based index of this answer among the samples of its model and variant. */
  sample: number;
  /** The organism's trigger (or a password lock's password) is applied to this prompt. */
  triggered: boolean;
  /** What `triggered` applied: a trigger, or a password (null when not triggered). */
  applied: 'trigger' | 'password' | null;
  prompt: string;
  /** The part of the prompt the trigger added or changed, to highlight (null when not triggered). */
  trigger: string | null;
  answer: string;
  /** null: the detector cannot tell for this prompt (an arithmetic behaviour on a non-arithmetic prompt). */
  behaviourShown: boolean | null;
}

export const sampleCell: CellKindDefinition<SampleConfig, StudyServices> = {
  kind: 'sample',
  runnerVersion: '2', // 2: seeded sampling, several samples per model; arithmetic detectors read the prompt; style triggers
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
      let detector = null;
      try {
        detector = isBaseModel(gt) ? null : behaviourDetector(catalogue, gt);
      } catch {
        detector = null;
      }
      for (const variant of triggered ? [null, triggered] : [null]) {
        const prompt = variant?.prompt ?? config.prompt;
        const messages: ChatMessage[] = [...(ref.systemPrompt ? [{ role: 'system' as const, content: ref.systemPrompt }] : []), { role: 'user', content: prompt }];
        const card = { label: ref.label, cellName: ref.cellName, triggered: variant !== null, applied: variant?.applied ?? null, prompt, trigger: variant?.marked ?? null };
        jobs.push({ card, messages, onnxDir: ref.onnxDir, detector, groundTruth: gt });
      }
    }
    const answers: SampleAnswer[] = [];
    const sampling = { temperature: config.temperature, topK: config.topK, topP: config.topP, seed: config.seed };
    for (const [i, job] of jobs.entries()) {
      ctx.progress({ phase: 'generate', step: i, total: jobs.length, message: `${job.card.label}${job.card.triggered ? ' with trigger' : ''}` });
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
