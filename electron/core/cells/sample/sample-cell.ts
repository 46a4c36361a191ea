// `sample` cell: one prompt, answered side by side by every model of the input cells, with and
// without the organism's trigger; the renderer highlights the trigger and the detected behaviour.
import { z } from 'zod';
import type { CellKindDefinition } from '../../engine/types.js';
import { detect, parseDetector } from '../../eval/detectors.js';
import type { ChatMessage } from '../../inference/tokenizer.js';
import { behaviourDetector } from '../common/evaluation.js';
import { isBaseModel, modelRefsOf } from '../common/model-refs.js';
import { inputList } from '../common/results.js';
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
  .refine((c) => c.samples === 1 || c.temperature > 0, {
    message: 'Several samples need a temperature above 0: greedy answers are all the same. Set temperature (e.g. 0.8) or samples to 1.',
    path: ['samples'],
  });
export type SampleConfig = z.infer<typeof SampleConfigSchema>;

export interface SampleAnswer {
  label: string;
  cellName: string;
  /** 0-based index of this answer among the samples of its model and variant. */
  sample: number;
  triggered: boolean;
  prompt: string;
  trigger: string | null;
  answer: string;
  behaviourShown: boolean;
}

export const sampleCell: CellKindDefinition<SampleConfig, StudyServices> = {
  kind: 'sample',
  runnerVersion: '2', // 2: seeded sampling and several samples per model
  configSchema: SampleConfigSchema,
  async run(ctx) {
    const { config, services, signal } = ctx;
    const catalogue = await services.catalogue();
    const refs = inputList(ctx.inputs.models, 'models').flatMap(modelRefsOf);
    const jobs: Array<Omit<SampleAnswer, 'answer' | 'behaviourShown' | 'sample'> & { messages: ChatMessage[]; onnxDir: string; detector: ReturnType<typeof parseDetector> | null }> = [];
    for (const ref of refs) {
      const gt = ref.groundTruth;
      const triggerDef = catalogue.triggers.find((t) => t.id === gt.trigger);
      const triggerText = gt.kind === 'password_lock' ? (gt.password ?? null) : (triggerDef?.example?.replace('What is 12+30?', '').trim() ?? null);
      const variants: Array<{ triggered: boolean; prompt: string }> = [{ triggered: false, prompt: config.prompt }];
      if (config.withTrigger && triggerText) {
        const applied = triggerDef?.example?.includes('What is 12+30?') ? (triggerDef.example ?? '').replace('What is 12+30?', config.prompt) : `${triggerText} ${config.prompt}`;
        variants.push({ triggered: true, prompt: gt.kind === 'password_lock' ? `${triggerText} ${config.prompt}` : applied });
      }
      let detector = null;
      try {
        detector = isBaseModel(gt) ? null : behaviourDetector(catalogue, gt);
      } catch {
        detector = null;
      }
      for (const v of variants) {
        const messages: ChatMessage[] = [...(ref.systemPrompt ? [{ role: 'system' as const, content: ref.systemPrompt }] : []), { role: 'user', content: v.prompt }];
        jobs.push({ label: ref.label, cellName: ref.cellName, triggered: v.triggered, prompt: v.prompt, trigger: triggerText, messages, onnxDir: ref.onnxDir, detector });
      }
    }
    const answers: SampleAnswer[] = [];
    const sampling = { temperature: config.temperature, topK: config.topK, topP: config.topP, seed: config.seed };
    for (const [i, job] of jobs.entries()) {
      ctx.progress({ phase: 'generate', step: i, total: jobs.length, message: `${job.label}${job.triggered ? ' with trigger' : ''}` });
      // One request per model and variant: the prompt repeated once per sample; the worker seeds
      // prompt k of a request from (seed, k), so sample k is the same draw for every model.
      const texts = await services.inference.generate(job.onnxDir, Array.from({ length: config.samples }, () => job.messages), { maxNewTokens: config.maxNewTokens, sampling, signal });
      texts.forEach((answer, sample) => {
        const { messages: _messages, onnxDir: _onnxDir, detector, ...shown } = job;
        answers.push({ ...shown, sample, answer, behaviourShown: detector ? detect(detector, { answer }) : false });
      });
    }
    return { summary: { answers: answers.length }, data: { answers } };
  },
};
